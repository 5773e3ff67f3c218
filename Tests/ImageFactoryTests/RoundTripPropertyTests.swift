import Foundation
import PropertyBased
import Testing
import Yams
@testable import ImageFactory

/// Whatever a string holds, it comes back unchanged through the YAML synth writes and the expressions it builds.
struct RoundTripPropertyTests {
    static let characters = Array("abcXYZ019 :#-?{}[],&*!|>'\"%@`$()\\\n\t~=<.+_/\u{2028}\u{FEFF}éーＡ\u{0430}")
    static let specials = ["true", "no", "~", "null", "0x10", "1_0", "2024-01-01", "${{ x }}", "---", "...", "!!str", "&a", "*a", "<<", "- x", "a: b", " #c"]

    /// Strings built from YAML's and shells' special characters, look-alikes and plain text.
    static func awkward() -> Generator<String, AnySequence<(index: Int, value: Any)>> {
        Gen.oneOf(
            Gen.int(in: 0...(characters.count - 1)).map { characters[$0] }.string(of: 0...24),
            Gen.int(in: 0...(specials.count - 1)).map { specials[$0] }
        )
    }

    @Test func yamlStringsRoundTrip() async {
        await propertyCheck(count: 300, input: Self.awkward()) { text in
            let emitted = try YAMLEmitter.emit(["key": .string(text), "list": [.string(text)]])
            let loaded = try Yams.load(yaml: emitted) as? [String: Any]
            // Yams' reader drops a leading U+FEFF from a scalar; PyYAML and go-yaml read "\uFEFF" back as written.
            let expected = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
            #expect(loaded?["key"] as? String == expected, "emitted: \(emitted)")
            #expect(loaded?["list"] as? [String] == [expected])
        }
    }

    @Test func expressionLiteralsDecodeAsJSONToTheSameString() async {
        await propertyCheck(count: 300, input: Self.awkward()) { text in
            let literal = KargoExpression.string(text).source
            #expect(!literal.contains("}}") && !literal.contains("${") && !literal.contains("%}"))
            let decoded = try JSONDecoder().decode(String.self, from: Data(literal.utf8))
            #expect(decoded == text)
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

    @Test func durationsRoundTrip() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...10_000_000)) { seconds in
            let duration = KargoDuration(seconds: seconds)
            #expect(KargoDuration(parsing: duration.description) == duration)
        }
    }
}
