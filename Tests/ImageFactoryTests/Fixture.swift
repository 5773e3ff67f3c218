import Testing
@testable import ImageFactory

/// Builds plans and output files from inline images.yaml text and Dockerfiles, without touching the disk.
enum Fixture {
    /// Decodes `yaml`, gives each managed image the Dockerfile at its `source.dockerfile` key in `dockerfiles`,
    /// and plans.
    static func plan(_ yaml: String, dockerfiles: [String: String] = [:]) throws -> FactoryPlan {
        try Pipeline.plan(loaded(yaml, dockerfiles: dockerfiles))
    }

    static func loaded(_ yaml: String, dockerfiles: [String: String] = [:]) throws -> LoadedFactory {
        let config = try ConfigDecoder.decode(yaml, file: "images.yaml")
        var sources: [String: DockerfileSource] = [:]
        for image in config.images {
            guard let source = image.source, image.baseImages == nil, let text = dockerfiles[source.dockerfile] else { continue }
            sources[image.name] = DockerfileSource(path: source.dockerfile, text: text)
        }
        return LoadedFactory(config: config, dockerfiles: sources)
    }

    /// The rendered files, by path.
    static func files(_ yaml: String, dockerfiles: [String: String] = [:]) throws -> [String: String] {
        let files = try FileRenderer.render(plan(yaml, dockerfiles: dockerfiles))
        return Dictionary(uniqueKeysWithValues: files.map { ($0.path, $0.contents) })
    }

    /// One rendered file.
    static func file(_ path: String, _ yaml: String, dockerfiles: [String: String] = [:]) throws -> String {
        let files = try files(yaml, dockerfiles: dockerfiles)
        return try #require(files[path], "no \(path) among \(files.keys.sorted())")
    }

    /// The problems `yaml` is refused for, as `line:column: message` lines.
    static func problems(_ yaml: String, dockerfiles: [String: String] = [:]) -> [String] {
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
    static let backstage = """
        - name: backstage
          registry: ghcr.io
          repository: acme/backstage
          source: {repo: acme/platform, dockerfile: apps/backstage/Dockerfile, workflow: backstage.yml}
        """

    static let nodeDockerfile = ["apps/backstage/Dockerfile": "FROM node:22-bookworm-slim\n"]
}
