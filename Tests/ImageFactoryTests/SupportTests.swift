import Foundation
import Testing
import Yams
@testable import ImageFactory

struct KargoDurationTests {
    @Test(arguments: [
        ("7d", "168h"), ("36h", "36h"), ("90m", "1h30m"), ("1h30m", "1h30m"), ("45s", "45s"), ("2w", "336h"),
        ("1d12h", "36h"), ("0s", "0s"), ("3600s", "1h"),
    ])
    func convertsToUnitsKargoAccepts(input: String, expected: String) throws {
        #expect(try #require(KargoDuration(parsing: input)).description == expected)
    }

    @Test(arguments: ["", "7", "d", "7 d", "7days", "-1h", "1.5h", "h1", "99999999999h"])
    func refusesMalformedDurations(input: String) {
        #expect(KargoDuration(parsing: input) == nil)
    }
}

struct KubernetesNameTests {
    @Test func sanitizesToADNSLabel() {
        #expect(KubernetesName.sanitize("Docker.IO/library/Node:22--slim_") == "docker-io-library-node-22-slim")
        #expect(KubernetesName.make("base", "python", "3.12-slim") == "base-python-3-12-slim")
    }

    @Test func longNamesAreCutWithAStableHashSuffix() {
        let long = String(repeating: "very-long-image-name-", count: 5)
        let name = KubernetesName.make("rebuild", long, "on", "node")
        #expect(name.count == 63)
        #expect(KubernetesName.isValidLabel(name))
        #expect(name == KubernetesName.make("rebuild", long, "on", "node"))
        #expect(name != KubernetesName.make("rebuild", long, "on", "python"))
        #expect(name.hasSuffix("-" + KubernetesName.shortHash("rebuild-\(KubernetesName.sanitize(long))-on-node")))
    }

    /// The byte-wise sanitizing answers as the definition does, scalar by scalar, for any text.
    @Test func sanitizesAsTheScalarDefinitionDoes() {
        func reference(_ text: String) -> String {
            var result = ""
            var pendingDash = false
            for scalar in text.unicodeScalars {
                let lower: Unicode.Scalar
                switch scalar {
                case "a"..."z", "0"..."9": lower = scalar
                case "A"..."Z": lower = Unicode.Scalar(scalar.value + 32) ?? scalar
                default:
                    pendingDash = true
                    continue
                }
                if pendingDash, !result.isEmpty { result.append("-") }
                pendingDash = false
                result.unicodeScalars.append(lower)
            }
            return result
        }
        let pieces = ["a", "Z", "0", "-", "--", "_", ".", "/", " ", "é", "e\u{301}", "😀", "ー", "\u{0}", "node", "Node:22", ""]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let parts = (0..<Int.random(in: 0...4, using: &generator)).map { _ in
                (0..<Int.random(in: 0...5, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined()
            }
            for part in parts { #expect(KubernetesName.sanitize(part) == reference(part), "\(part.debugDescription)") }
            let joined = parts.map(reference).filter { !$0.isEmpty }.joined(separator: "-")
            let expected = joined.count > 20 ? KubernetesName.withSuffix(joined, hashOf: joined, maxLength: 20) : (joined.isEmpty ? "x" : joined)
            #expect(KubernetesName.make(parts: parts, maxLength: 20) == expected, "\(parts)")
        }
    }

    @Test func validatesLabels() {
        #expect(KubernetesName.isValidLabel("analyze-backstage"))
        #expect(!KubernetesName.isValidLabel("Analyze"))
        #expect(!KubernetesName.isValidLabel("-a"))
        #expect(!KubernetesName.isValidLabel(String(repeating: "a", count: 64)))
        #expect(!KubernetesName.isValidLabel("a.b"))
    }
}

struct KargoExpressionTests {
    @Test func literalsAreJSONEncodedAndCannotCloseTheTemplate() {
        #expect(KargoExpression.string("main").source == #""main""#)
        #expect(KargoExpression.string(#"a"b\c"#).source == #""a\"b\\c""#)
        #expect(KargoExpression.string("}} ${{ x }}").source == #""\u007d\u007d \u0024\u007b\u007b x \u007d\u007d""#)
        #expect(KargoExpression.string("a/b").source == #""a/b""#)
    }

    @Test func templatesUseTheDelimiterTheSourceAllows() {
        #expect(KargoExpression(raw: "vars.x").templated == "${{ vars.x }}")
        let map = KargoExpression.map(["a": .map(["b": .string("c")])])
        #expect(map.source == #"{"a": {"b": "c"}}"#)
        #expect(map.quoted.templated == #"${% quote({"a": {"b": "c"}}) %}"#)
    }

    @Test func secretsAreReferencedNeverInlined() {
        let reference = SecretKeyReference(name: "github-token", key: "token")
        #expect(Freight.secret(reference).templated == #"${{ secret("github-token")["token"] }}"#)
    }
}

struct SuggestionTests {
    @Test func suggestsCloseKeysOnly() {
        #expect(Suggestion.closest(to: "repostory", in: ConfigDecoder.Keys.image) == "repository")
        #expect(Suggestion.closest(to: "rebuildDealy", in: ConfigDecoder.Keys.image) == "rebuildDelay")
        #expect(Suggestion.closest(to: "colour", in: ConfigDecoder.Keys.image) == nil)
    }
}
