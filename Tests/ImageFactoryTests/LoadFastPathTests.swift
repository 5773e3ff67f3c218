import Foundation
import PropertyBased
import Testing
import TextGenerators
import Yams
@testable import ImageFactory
@testable import ImageFactoryYAML

/// The load phase's byte-level checks give exactly the answers and messages of the character-level ones they
/// replaced (LoadReferenceImplementations), including for text that is not ASCII.
struct LoadFastPathTests {
    @Test func credentialsAreFoundAsBefore() async {
        let pieces = [
            "ghp_", "gho_", "github_pat_", "glpat-", "glptt-", "xoxb-", "xoxs-", "dckr_pat_", "AKIA", "g", "x", "d", "A",
            String(repeating: "a", count: 8), String(repeating: "Z9_", count: 5), "-", "/", ":", "-----BEGIN ", "PRIVATE KEY",
            "PRIVATE \u{212A}EY", "BEGIN", "-----",
        ] + TrickyText.tricky
        await propertyCheck(count: 3000, input: TrickyText.text(pieces, count: 0...10)) { text in
            #expect(CredentialDetector.kind(of: text) == ReferenceCredentialDetector.kind(of: text), "\(text.debugDescription)")
        }
    }

    @Test func imageTagsParseAsBefore() async {
        let pieces = [
            "v", "latest", "1.2", "-", "_", ".", "=", "name=", "{{", "}}", "{{ ", " }}", ".ShortSHA", ".CommitSHA", ".Date", ".Time",
            ".PRNumber", ".Env \"VERSION\"", ".Env", " ", ".Dat", "x-", "{{-", "-}}", "\"", "'", "/", ":", String(repeating: "a", count: 40),
        ] + TrickyText.tricky
        await propertyCheck(count: 3000, input: TrickyText.text(pieces, count: 0...8)) { text in
            let tag = Result { () throws(ImageTagError) in try ImageTag.parse(text) }
            let expected = Result { () throws(ImageTagError) in try ReferenceImageTag.parse(text) }
            switch (tag, expected) {
            case let (.success(tag), .success(expected)):
                #expect(tag.name == expected.name && tag.written == expected.written, "\(text.debugDescription)")
                #expect(tag.parts.map { "\($0)" } == expected.parts.map { "\($0)" }, "\(text.debugDescription)")
            case let (.failure(error), .failure(expected)):
                #expect(error.reason == expected.reason, "\(text.debugDescription)")
            default:
                Issue.record("\(text.debugDescription): \(tag) but before \(expected)")
            }
        }
    }

    @Test func regularFilesAreReadWholeAndOthersLeftToFoundation() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("load-fast-path-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func write(_ name: String, _ bytes: [UInt8]) -> String {
            let path = folder.appendingPathComponent(name).path
            FileManager.default.createFile(atPath: path, contents: Data(bytes))
            return path
        }
        let text = write("text", Array("FROM node:22\n".utf8))
        #expect(RegularFile.bytes(atPath: text, limit: 100) == Array("FROM node:22\n".utf8))
        #expect(RegularFile.bytes(atPath: text, limit: 13) != nil)
        #expect(RegularFile.bytes(atPath: text, limit: 12) == nil)
        #expect(RegularFile.bytes(atPath: write("empty", []), limit: 10) == [])
        #expect(RegularFile.bytes(atPath: folder.path, limit: 10) == nil)
        #expect(RegularFile.bytes(atPath: folder.appendingPathComponent("missing").path, limit: 10) == nil)
        // As Foundation's UTF-8 decoding: one leading byte order mark is dropped, invalid bytes refused.
        for bytes: [UInt8] in [[0xEF, 0xBB, 0xBF, 0x61], [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF], [0x61, 0xEF, 0xBB, 0xBF], [0xC0, 0x80], [0xEF, 0xBB]] {
            let path = write("bytes", bytes)
            #expect(ConfigLoader.quickText(path, limit: 100) == String(data: Data(bytes), encoding: .utf8), "\(bytes)")
        }
    }

    @Test func fieldLocationsActAsADictionary() {
        let here = InputLocation(file: "images.yaml", line: 3, column: 5)
        let there = InputLocation(file: "images.yaml", line: 7, column: 1)
        var locations: FieldLocations = ["name": here, "source.dockerfile": there]
        #expect(locations["name"] == here && locations["source.dockerfile"] == there && locations["build"] == nil)
        locations["name"] = there
        locations["build"] = here
        locations["source.dockerfile"] = nil
        #expect(locations.dictionary == ["name": there, "build": here])
        let reordered: FieldLocations = ["build": here, "name": there]
        #expect(locations == reordered && locations.hashValue == reordered.hashValue)
        #expect(locations != ["build": here])
    }

    @Test func mappingKeysThatAreNotASCIIAreStillFound() {
        // The Kelvin sign equals `K` as a Swift string, so a lookup by length alone would miss it.
        func scalar(_ text: String) -> YAMLNode {
            .scalar(YAMLNode.Scalar(string: text, style: .plain, mark: YAMLNode.Mark(line: 1, column: 1)))
        }
        var fields = MappingFields()
        fields.append(key: "\u{212A}ey", value: scalar("x"))
        #expect(fields["Key"] != nil)
        #expect(fields["Ke"] == nil)
        fields.append(key: "name", value: scalar("y"))
        guard case .scalar(let name) = fields["name"] else {
            Issue.record("name not found")
            return
        }
        #expect(name.string == "y" && fields["image"] == nil)
    }
}
