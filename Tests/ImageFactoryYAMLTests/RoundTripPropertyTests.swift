import PropertyBased
import Testing
import TextGenerators
import Yams
@testable import ImageFactoryYAML

/// Whatever a string holds, it comes back unchanged through the YAML synth writes.
struct RoundTripPropertyTests {
    @Test func yamlStringsRoundTrip() async {
        await propertyCheck(count: 300, input: TrickyText.awkward()) { text in
            let emitted = try YAMLEmitter.emit(["key": .string(text), "list": [.string(text)]])
            let loaded = try Yams.load(yaml: emitted) as? [String: Any]
            // Yams' reader drops a leading U+FEFF from a scalar; PyYAML and go-yaml read "\uFEFF" back as written.
            let expected = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
            #expect(loaded?["key"] as? String == expected, "emitted: \(emitted)")
            #expect(loaded?["list"] as? [String] == [expected])
        }
    }

    static let numberish = Array("0123456789_.:+-eExXoObBaAfF ")

    /// The hand-written check quotes everything Yams' regular-expression resolver types as non-strings, and
    /// more only for YAML 1.1's `y`/`n` and date-like prefixes.
    @Test func quotingDecisionMatchesYamsResolver() async {
        let numberLike = Gen.int(in: 0...(Self.numberish.count - 1)).map { Self.numberish[$0] }.string(of: 1...9)
        await propertyCheck(count: 3000, input: numberLike) { text in
            let yams = Resolver.default.resolveTag(of: Node(text)) != .str
            let ours = ScalarResolution.readsAsNonString(text)
            if yams { #expect(ours, "Yams reads '\(text)' as non-string; synth would emit it plain") }
            if ours && !yams { #expect(ScalarResolution.looksLikeDate(Array(text.utf8)), "'\(text)' quoted though Yams reads it as a string") }
        }
    }
}
