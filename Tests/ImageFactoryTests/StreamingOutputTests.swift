import Foundation
import Testing
@testable import ImageFactory
import ImageFactoryYAML
import YAMLTestSupport
import ImageFactoryManifests
import ImageFactoryTestSupport

/// Files rendered one at a time as the writer takes them (``PendingFile``) give exactly the bytes and the
/// outcomes of files rendered up front (``GeneratedFile``).
struct StreamingOutputTests {
    let folder: String

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("image-factory-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    func generated(_ path: String, _ body: String) -> GeneratedFile {
        GeneratedFile(path: path, contents: FileRenderer.header(configFile: "images.yaml") + body)
    }

    func pending(_ path: String, _ body: String) -> PendingFile {
        let bytes = generated(path, body).bytes
        return PendingFile(path: path) { $0.append(contentsOf: bytes) }
    }

    @Test func pendingFilesRenderWhatRenderReturns() throws {
        let plan = try Pipeline(configPath: Fixture.example + "/images.yaml").plan()
        let rendered = try FileRenderer.render(plan)
        let pending = FileRenderer.pendingFiles(plan)
        #expect(pending.map(\.path) == rendered.map(\.path))
        var buffer: [UInt8] = Array("left over from the previous file".utf8)
        for (file, expected) in zip(pending, rendered) {
            file.render(into: &buffer)
            #expect(buffer == expected.bytes, "\(file.path)")
        }
        #expect(try FileRenderer.workflows(plan).map(\.bytes) == FileRenderer.pendingWorkflows(plan).map(\.generated.bytes))
        #expect(try yamlDocuments(plan.objects) == YAMLEmitter.emitWithYams(documents: plan.objects.map(\.yaml)))
    }

    @Test func writingAndCheckingPendingFilesMatchesGeneratedFiles() throws {
        let first = try OutputWriter.write([pending("a.yaml", "a: 1\n"), pending("images/b.yaml", "b: 1\n")], to: folder)
        #expect(first.written == ["a.yaml", "images/b.yaml"])
        let again = try OutputWriter.write([pending("a.yaml", "a: 2\n"), pending("images/b.yaml", "b: 1\n")], to: folder)
        #expect(again.written == ["a.yaml"])
        #expect(again.unchanged == ["images/b.yaml"])
        #expect(try OutputWriter.check([pending("a.yaml", "a: 2\n"), pending("images/b.yaml", "b: 1\n")], against: folder).isClean)
        let drift = try OutputWriter.check([pending("a.yaml", "a: 3\n")], against: folder)
        let expected = try OutputWriter.check([generated("a.yaml", "a: 3\n")], against: folder)
        #expect(drift == expected)
        #expect(drift.changed == ["a.yaml"] && drift.removed == ["images/b.yaml"])
    }

    /// A file synth did not write is reported before a failure to write an earlier file, as when every target was
    /// checked before anything was written; nothing stays behind.
    @Test func aForeignFileIsReportedBeforeAnEarlierWriteFailure() throws {
        _ = try OutputWriter.write([generated("a.yaml", "a: 1\n")], to: folder)
        try "not a folder".write(toFile: folder + "/blocked", atomically: true, encoding: .utf8)
        try "kind: Mine\n".write(toFile: folder + "/mine.yaml", atomically: true, encoding: .utf8)
        let files = [pending("a.yaml", "a: 2\n"), pending("blocked/c.yaml", "c: 1\n"), pending("mine.yaml", "m: 1\n")]
        let error = #expect(throws: OutputError.self) { try OutputWriter.write(files, to: folder) }
        #expect(error?.path == folder + "/mine.yaml")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["a.yaml", "blocked", "mine.yaml"])
        #expect(FileManager.default.contents(atPath: folder + "/a.yaml").map { String(decoding: $0, as: UTF8.self) }?.hasSuffix("a: 1\n") == true)
    }

    /// The listing of the output folder, like `FileManager`'s enumerator, does not follow links to folders: files
    /// behind one are neither compared nor pruned.
    @Test func linkedFoldersAreNotFollowed() throws {
        let elsewhere = folder + "-elsewhere"
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: elsewhere) }
        try (FileRenderer.header(configFile: "images.yaml") + "x: 1\n").write(toFile: elsewhere + "/old.yaml", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: folder + "/linked", withDestinationPath: elsewhere)
        let summary = try OutputWriter.write([pending("a.yaml", "a: 1\n")], to: folder)
        #expect(summary.removed.isEmpty)
        #expect(FileManager.default.fileExists(atPath: elsewhere + "/old.yaml"))
        let listed = Set(DirectoryListing.relativePaths(under: folder))
        let enumerated = Set((FileManager.default.enumerator(atPath: folder)?.allObjects as? [String]) ?? [])
        #expect(listed == enumerated)
    }
}
