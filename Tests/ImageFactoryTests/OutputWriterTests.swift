import Foundation
import Testing
@testable import ImageFactory

/// Writing replaces only synth's own files, skips unchanged ones, and leaves the folder as it was on failure.
struct OutputWriterTests {
    let folder: String

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("image-factory-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    func file(_ path: String, _ body: String) -> GeneratedFile {
        GeneratedFile(path: path, contents: FileRenderer.header(configFile: "images.yaml") + body)
    }

    func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: folder + "/" + path).map { String(decoding: $0, as: UTF8.self) }
    }

    func modified(_ path: String) throws -> Date? {
        try FileManager.default.attributesOfItem(atPath: folder + "/" + path)[.modificationDate] as? Date
    }

    @Test func writesThenLeavesUnchangedFilesAlone() throws {
        let files = [file("a.yaml", "a: 1\n"), file("images/b.yaml", "b: 2\n")]
        let first = try OutputWriter.write(files, to: folder)
        #expect(first.written == ["a.yaml", "images/b.yaml"])
        let stamp = try modified("images/b.yaml")
        Thread.sleep(forTimeInterval: 0.02)
        let second = try OutputWriter.write(files, to: folder)
        #expect(second.written.isEmpty)
        #expect(second.unchanged == ["a.yaml", "images/b.yaml"])
        #expect(try modified("images/b.yaml") == stamp)
        #expect(read("images/b.yaml") == files[1].contents)
    }

    @Test func prunesItsOwnFilesAndNothingElse() throws {
        _ = try OutputWriter.write([file("a.yaml", "a: 1\n"), file("images/old.yaml", "old: 1\n")], to: folder)
        try "kind: Foreign\n".write(toFile: folder + "/mine.yaml", atomically: true, encoding: .utf8)
        try "notes\n".write(toFile: folder + "/README.md", atomically: true, encoding: .utf8)
        let summary = try OutputWriter.write([file("a.yaml", "a: 2\n")], to: folder)
        #expect(summary.written == ["a.yaml"])
        #expect(summary.removed == ["images/old.yaml"])
        #expect(read("mine.yaml") == "kind: Foreign\n")
        #expect(read("README.md") == "notes\n")
        #expect(!FileManager.default.fileExists(atPath: folder + "/images"))
    }

    @Test func checkReportsEveryDifferenceAndWritesNothing() throws {
        _ = try OutputWriter.write([file("a.yaml", "a: 1\n"), file("gone.yaml", "g: 1\n")], to: folder)
        #expect(try OutputWriter.check([file("a.yaml", "a: 1\n"), file("gone.yaml", "g: 1\n")], against: folder).isClean)
        let report = try OutputWriter.check([file("a.yaml", "a: 2\n"), file("new.yaml", "n: 1\n")], against: folder)
        #expect(report.changed == ["a.yaml"])
        #expect(report.added == ["new.yaml"])
        #expect(report.removed == ["gone.yaml"])
        #expect(report.diff.contains("--- a/a.yaml\n+++ b/a.yaml\n@@ -1,2 +1,2 @@\n # Generated"))
        #expect(report.diff.contains("-a: 1\n+a: 2\n"))
        #expect(report.diff.contains("--- /dev/null\n+++ b/new.yaml\n"))
        #expect(report.diff.contains("--- a/gone.yaml\n+++ /dev/null\n"))
        #expect(read("a.yaml")?.hasSuffix("a: 1\n") == true)
        #expect(read("new.yaml") == nil)
    }

    @Test func aFailedWriteLeavesThePreviousOutputByteIdentical() throws {
        let before = [file("a.yaml", "a: 1\n"), file("b.yaml", "b: 1\n")]
        _ = try OutputWriter.write(before, to: folder)
        try "not a folder".write(toFile: folder + "/blocked", atomically: true, encoding: .utf8)
        #expect(throws: OutputError.self) {
            try OutputWriter.write(
                [file("a.yaml", "a: 2\n"), file("new/n.yaml", "n: 1\n"), file("blocked/c.yaml", "c: 1\n"), file("b.yaml", "b: 2\n")], to: folder)
        }
        #expect(read("a.yaml") == before[0].contents)
        #expect(read("b.yaml") == before[1].contents)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["a.yaml", "b.yaml", "blocked"])
    }

    @Test func neverOverwritesAFileItDidNotWrite() throws {
        try "kind: Mine\n".write(toFile: folder + "/project.yaml", atomically: true, encoding: .utf8)
        #expect(throws: OutputError.self) { try OutputWriter.write([file("a.yaml", "a: 1\n"), file("project.yaml", "p: 1\n")], to: folder) }
        #expect(throws: OutputError.self) { try OutputWriter.check([file("project.yaml", "p: 1\n")], against: folder) }
        #expect(read("project.yaml") == "kind: Mine\n")
        #expect(read("a.yaml") == nil, "nothing is written when a target is foreign")
    }

    @Test func removesTemporaryFilesOfAKilledRun() throws {
        _ = try OutputWriter.write([file("a.yaml", "a: 1\n")], to: folder)
        try "partial".write(toFile: folder + "/.a.yaml.image-factory-4242.tmp", atomically: true, encoding: .utf8)
        _ = try OutputWriter.write([file("a.yaml", "a: 1\n")], to: folder)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["a.yaml"])
    }

    @Test func refusesPathsOutsideTheFolder() {
        #expect(throws: OutputError.self) { try OutputWriter.write([file("../escape.yaml", "x: 1\n")], to: folder) }
        #expect(throws: OutputError.self) { try OutputWriter.write([file("/etc/x.yaml", "x: 1\n")], to: folder) }
    }
}
