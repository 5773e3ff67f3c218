import ArgumentParser
import Foundation
@testable import ImageFactory
@testable import ImageFactoryCLI
import ImageFactoryTestSupport
import Testing

/// `image-factory schema` writes the rendered schema; `image-factory graph` prints the diagram in either format and
/// exits 2 on invalid input.
struct SchemaAndGraphTests {
    static func diagram() throws -> FactoryDiagram {
        FactoryDiagram(plan: try Fixture.plan(Fixture.diagramEntries.joined(separator: "\n"), dockerfiles: Fixture.diagramDockerfiles))
    }

    @Test func schemaCommandPrintsAndWritesTheSchema() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("images-\(UUID().uuidString).schema.json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let command = try ImageFactoryCLI.Schema.parse(["--output", path])
        try command.run()
        let written = try #require(FileManager.default.contents(atPath: path))
        #expect(String(decoding: written, as: UTF8.self) == (try JSONSchemaRenderer.render()))
        #expect(throws: (any Error).self) { try ImageFactoryCLI.Schema.parse(["--bogus"]) }
    }

    @Test func graphCommandPrintsEitherFormat() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("image-factory-graph-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for (path, text) in Fixture.diagramDockerfiles {
            try FileManager.default.createDirectory(atPath: folder + "/" + (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: folder + "/" + path, atomically: true, encoding: .utf8)
        }
        try ("images:\n" + Fixture.diagramEntries.map { "  " + $0 }.joined(separator: "\n") + "\n").write(toFile: folder + "/images.yaml", atomically: true, encoding: .utf8)
        let mermaid = try Graph.parse(["--config", folder + "/images.yaml"]).diagramText()
        #expect(mermaid == (try Self.diagram().mermaid()))
        let dot = try Graph.parse(["--config", folder + "/images.yaml", "--source-root", folder, "--format", "dot"]).diagramText()
        #expect(dot == (try Self.diagram().dot()))
        #expect(throws: (any Error).self) { try Graph.parse(["--format", "svg"]) }

        try "images:\n- name: app\n  registry: ghcr.io\n  tags: latest\n".write(toFile: folder + "/broken.yaml", atomically: true, encoding: .utf8)
        #expect(throws: ExitCode(2)) { try Graph.parse(["--config", folder + "/broken.yaml"]).diagramText() }
    }
}
