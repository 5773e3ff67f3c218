import Foundation
import Testing
@testable import ImageFactory
import ImageFactoryTestSupport

/// The example factory's images.yaml (Examples/factory/) synthesizes to exactly its committed dist/, file by file.
///
/// dist/ is the snapshot: after an intended change, re-record it with
/// `swift run image-factory synth --config Examples/factory/images.yaml --output Examples/factory/dist` (or
/// `IMAGE_FACTORY_RECORD=1 swift test`) and review the diff.
struct ExampleSnapshotTests {

    @Test func exampleMatchesCommittedDist() throws {
        let plan = try Pipeline(configPath: Fixture.example + "/images.yaml").plan()
        let files = try FileRenderer.render(plan)
        let dist = Fixture.example + "/dist"
        if ProcessInfo.processInfo.environment["IMAGE_FACTORY_RECORD"] != nil {
            _ = try OutputWriter.write(files, to: dist)
        }
        let committed = try OutputWriter.ownedFiles(in: dist).mapValues { String(decoding: $0, as: UTF8.self) }
        for file in files {
            let current = try #require(committed[file.path], "dist/\(file.path) is missing; run `swift run image-factory synth --config Examples/factory/images.yaml --output Examples/factory/dist`")
            #expect(current == file.contents, "dist/\(file.path) differs; run `swift run image-factory synth --config Examples/factory/images.yaml --output Examples/factory/dist` and review:\n\(UnifiedDiff.render(old: current, new: file.contents, oldPath: file.path, newPath: file.path))")
        }
        #expect(Set(committed.keys) == Set(files.map(\.path)), "dist/ holds files synth no longer writes")
    }

    @Test func exampleCoversWhatTheFoundationPromises() throws {
        let loaded = try ConfigLoader.load(configPath: Fixture.example + "/images.yaml")
        let graph = try DependencyResolver.resolve(loaded)
        let bases = Dictionary(uniqueKeysWithValues: graph.images.map { ($0.name, $0.bases.map(\.reference.description)) })
        #expect(bases["backstage"] == ["docker.io/library/node:22-bookworm-slim"])
        #expect(bases["uv"] == ["ghcr.io/astral-sh/uv:0.5.11", "docker.io/library/python:3.12-slim"])
        #expect(graph.images.first { $0.name == "report-worker" }?.bases.map(\.origin) == [.managed(image: "data-api")])
        #expect(graph.images.first { $0.name == "data-api" }?.bases.map(\.origin) == [.managed(image: "python-base")])
        #expect(graph.images.first { $0.name == "pg-backup" }?.bases.map(\.origin) == [.external(image: "postgres")])
        #expect(graph.images.first { $0.name == "postgres" }?.spec.isManaged == false)
        #expect(graph.upstreamBases.map(\.warehouseName) == [
            "base-alpine-3-20", "base-ghcr-io-astral-sh-uv-0-5-11", "base-node-22-bookworm-slim", "base-python-3-12-slim",
        ])
    }
}

/// Same input, same bytes: the order of entries in images.yaml does not matter.
struct DeterminismTests {
    static let entries = [
        "- {name: zeta, registry: ghcr.io, repository: acme/zeta, source: {repo: acme/x, dockerfile: z/Dockerfile, workflow: z.yml}}",
        "- {name: alpha, registry: ghcr.io, repository: acme/alpha, source: {repo: acme/x, dockerfile: a/Dockerfile, workflow: a.yml}}",
        "- {name: mid, registry: docker.io, repository: library/redis, tag: '7'}",
        "- {name: beta, registry: ghcr.io, repository: acme/beta, source: {repo: acme/x, dockerfile: b/Dockerfile, workflow: b.yml}}",
    ]
    static let dockerfiles = [
        "z/Dockerfile": "FROM node:22\nFROM python:3.12\nCOPY --from=0 /app /app\n",
        "a/Dockerfile": "FROM python:3.12\nFROM ghcr.io/acme/beta:1.0.0\nCOPY --from=0 /app /app\n",
        "b/Dockerfile": "FROM redis:7\nFROM node:22\nCOPY --from=0 /app /app\n",
    ]

    @Test(arguments: [[0, 1, 2, 3], [3, 2, 1, 0], [2, 0, 3, 1], [1, 3, 0, 2]])
    func entryOrderDoesNotChangeOutput(order: [Int]) throws {
        let reference = try Fixture.files(Self.entries.joined(separator: "\n"), dockerfiles: Self.dockerfiles)
        let shuffled = try Fixture.files(order.map { Self.entries[$0] }.joined(separator: "\n"), dockerfiles: Self.dockerfiles)
        #expect(shuffled == reference)
        #expect(reference.count == 11)
    }
}
