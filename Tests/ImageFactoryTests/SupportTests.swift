import Foundation
import Testing
import Yams
@testable import ImageFactory
import ImageFactoryManifests

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

struct SuggestionTests {
    @Test func suggestsCloseKeysOnly() {
        #expect(Suggestion.closest(to: "repostory", in: ConfigDecoder.Keys.image) == "repository")
        #expect(Suggestion.closest(to: "rebuildDealy", in: ConfigDecoder.Keys.image) == "rebuildDelay")
        #expect(Suggestion.closest(to: "colour", in: ConfigDecoder.Keys.image) == nil)
    }
}
