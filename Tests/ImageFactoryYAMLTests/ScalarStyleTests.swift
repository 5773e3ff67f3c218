import Testing
import Yams
@testable import ImageFactoryYAML

struct ScalarStyleTests {
    @Test(arguments: ["true", "False", "yes", "NO", "on", "y", "N", "~", "null", "", "22", "1.20", "0x1F", "1_000", "1e3", ".inf", ".NaN",
                      "2022-11-28", "0123", "1:20", "<<", "=", "+1", "-2.5"])
    func stringsThatReadAsOtherTypesAreQuoted(text: String) throws {
        #expect(ScalarResolution.readsAsNonString(text))
        let emitted = try YAMLEmitter.emit(["value": .string(text)])
        #expect(try Yams.load(yaml: emitted) as? [String: String] == ["value": text], "emitted: \(emitted)")
    }

    @Test(arguments: ["node", "22-bookworm-slim", "v1.2.3", "1.2.3", "https://x/y", "${{ vars.a }}", "a: b", "#x", "- a", "yesterday", "nothing"])
    func ordinaryStringsStayStrings(text: String) throws {
        let emitted = try YAMLEmitter.emit(["value": .string(text)])
        #expect(try Yams.load(yaml: emitted) as? [String: String] == ["value": text], "emitted: \(emitted)")
    }

    @Test func multiLineStringsAreLiteralBlocks() throws {
        #expect(try YAMLEmitter.emit(["script": "a\nb"]) == "script: |-\n  a\n  b\n")
        #expect(try YAMLEmitter.emit(["labels": ["x": "true"]]) == "labels:\n  x: \"true\"\n")
    }
}
