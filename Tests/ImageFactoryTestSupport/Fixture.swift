import Foundation
@testable import ImageFactory
import Testing

/// Builds plans and output files from inline images.yaml text and Dockerfiles, without touching the disk.
package enum Fixture {
    /// Decodes `yaml`, gives each managed image the Dockerfile at its `source.dockerfile` key in `dockerfiles`,
    /// and plans.
    package static func plan(_ yaml: String, dockerfiles: [String: String] = [:]) throws -> FactoryPlan {
        try Pipeline.plan(loaded(yaml, dockerfiles: dockerfiles))
    }

    package static func loaded(_ yaml: String, dockerfiles: [String: String] = [:]) throws -> LoadedFactory {
        let config = try ConfigDecoder.decode(yaml, file: "images.yaml")
        var sources: [String: DockerfileSource] = [:]
        for image in config.images {
            guard let source = image.source, image.baseImages == nil, let text = dockerfiles[source.dockerfile] else { continue }
            sources[image.name] = DockerfileSource(path: source.dockerfile, text: text)
        }
        return LoadedFactory(config: config, dockerfiles: sources)
    }

    /// The rendered files, by path.
    package static func files(_ yaml: String, dockerfiles: [String: String] = [:]) throws -> [String: String] {
        let files = try FileRenderer.render(plan(yaml, dockerfiles: dockerfiles))
        return Dictionary(uniqueKeysWithValues: files.map { ($0.path, $0.contents) })
    }

    /// One rendered file.
    package static func file(_ path: String, _ yaml: String, dockerfiles: [String: String] = [:]) throws -> String {
        let files = try files(yaml, dockerfiles: dockerfiles)
        return try #require(files[path], "no \(path) among \(files.keys.sorted())")
    }

    /// The problems `yaml` is refused for, as `line:column: message` lines.
    package static func problems(_ yaml: String, dockerfiles: [String: String] = [:]) -> [String] {
        do {
            _ = try plan(yaml, dockerfiles: dockerfiles)
            return []
        } catch let error as InvalidInput {
            return error.diagnostics.map { diagnostic in
                guard let location = diagnostic.location else { return diagnostic.message }
                let file = location.file == "images.yaml" ? "" : "\(location.file):"
                return "\(file)\(location.line):\(location.column): \(diagnostic.message)"
            }
        } catch {
            return ["unexpected error: \(error)"]
        }
    }

    /// A managed image on `node:22-bookworm-slim` in a few lines.
    package static let backstage = """
        - name: backstage
          registry: ghcr.io
          repository: acme/backstage
          source: {repo: acme/platform, dockerfile: apps/backstage/Dockerfile, workflow: backstage.yml}
        """

    package static let nodeDockerfile = ["apps/backstage/Dockerfile": "FROM node:22-bookworm-slim\n"]

    /// The repository.
    package static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    /// The example factory: images.yaml, the sources it names, and dist/.
    package static let example = repository + "/Examples/factory"

    /// Anchors `a` … `i`, each a list of nine aliases to the one before: `*i` expands to 9^9 strings.
    package static let billionLaughs: [String] = {
        var lines = [#"a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]"#]
        for level in 1...8 {
            let name = String(UnicodeScalar(UInt8(97 + level)))
            let previous = String(UnicodeScalar(UInt8(96 + level)))
            lines.append("\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]")
        }
        return lines
    }()

    /// A managed chain (base → app), an external image (redis) and an image that waits for manual rebuilds.
    package static let diagramEntries = [
        "- {name: app, registry: ghcr.io, repository: acme/app, source: {repo: acme/x, dockerfile: app/Dockerfile, workflow: app.yml}}",
        "- {name: base, registry: ghcr.io, repository: acme/base, source: {repo: acme/x, dockerfile: base/Dockerfile, workflow: base.yml}}",
        "- {name: redis, registry: docker.io, repository: library/redis, tag: '7'}",
        "- {name: worker, registry: ghcr.io, repository: acme/worker, autoRebuild: false, source: {repo: acme/x, dockerfile: worker/Dockerfile, workflow: worker.yml}}",
    ]
    package static let diagramDockerfiles = [
        "app/Dockerfile": "FROM ghcr.io/acme/base:1.0.0\n",
        "base/Dockerfile": "FROM node:22-bookworm-slim\n",
        "worker/Dockerfile": "FROM redis:7 AS cache\nFROM ghcr.io/astral-sh/uv:0.5.11 AS uv\nFROM python:3.12-slim\nCOPY --from=cache /data /data\nCOPY --from=uv /uv /bin/\n",
    ]
}
