import Foundation
import PropertyBased
import Testing
import TextGenerators
@testable import ImageFactory

/// Every field rule is one definition: its byte-level matcher answers as its pattern does under `Regex`, what its
/// check accepts its pattern and length accept (the schema, built from the same rule, never refuses a value synth
/// takes), and its examples pass its check. Generic over the rules, so a new rule is tested by being listed in
/// ``FieldRule/matched``.
struct FieldRuleTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var rule: FieldRule
        var testDescription: String { name }
    }

    static let matched = FieldRule.matched.map { Case(name: $0.name, rule: $0.rule) }

    static let all: [Case] = matched + [
        Case(name: "gitlabProject", rule: .gitlabProject), Case(name: "sourceRepository", rule: .sourceRepository),
        Case(name: "repositoryPath", rule: .repositoryPath), Case(name: "workflowFile", rule: .workflowFile),
        Case(name: "semverConstraint", rule: .semverConstraint), Case(name: "username", rule: .username),
        Case(name: "gitopsRepository", rule: .gitopsRepository), Case(name: "argocdApplication", rule: .argocdApplication),
    ]

    /// Text for `pattern`: its own characters (so the text often matches, and often nearly does), runs that decide
    /// lengths and separators, and characters that are not what they seem.
    static func text(for pattern: String) -> Generator<String, AnySequence<(index: Int, value: Any)>> {
        let own = Set(pattern.filter { !"^$()[]{}?*+|\\".contains($0) }).map(String.init).sorted()
        let pieces = own + [
            "a", "Z", "0", "9", "-", ".", "..", "/", "_", ":", " ", "\\.", "GITHUB_", "github_", "https://", "x.y", "yml", ".yml",
            String(repeating: "a", count: 38), String(repeating: "b", count: 64), String(repeating: "1", count: 100),
        ] + TrickyText.tricky
        return TrickyText.text(pieces, count: 0...8)
    }

    @Test(arguments: matched)
    func matcherAnswersAsItsPattern(_ rule: Case) async throws {
        let pattern = try #require(rule.rule.pattern)
        let matches = try #require(rule.rule.matches)
        let regex = try Regex(pattern)
        await propertyCheck(count: 3000, input: Self.text(for: pattern)) { text in
            #expect(matches(text) == ((try? regex.wholeMatch(in: text)) != nil), "\(rule.name): \(text.debugDescription)")
        }
    }

    /// A value the check accepts matches the pattern and fits the length, except the two bare workflow names the
    /// check takes and the pattern does not (the schema is to be tightened to the checks separately).
    @Test(arguments: all)
    func schemaAdmitsWhatTheCheckAdmits(_ rule: Case) async throws {
        let regex = try rule.rule.pattern.map { try Regex($0) }
        let exceptions: Set<String> = rule.name == "workflowFile" ? [".yml", ".yaml"] : []
        await propertyCheck(count: 2000, input: Self.text(for: rule.rule.pattern ?? "")) { text in
            guard rule.rule.check(text) == nil, !exceptions.contains(text) else { return }
            if let regex { #expect((try? regex.wholeMatch(in: text)) != nil, "\(rule.name) accepts \(text.debugDescription)") }
            if let maxLength = rule.rule.maxLength { #expect(text.count <= maxLength, "\(rule.name) accepts \(text.debugDescription)") }
        }
        for example in rule.rule.examples { #expect(rule.rule.check(example) == nil, "\(rule.name) refuses its example \(example)") }
    }

    /// Go regular expressions are read by bytes when ASCII: the same answers as by characters.
    @Test func regexStructureIsReadAlikeByBytesAndByCharacters() async {
        let pieces = ["a", "\\", "\\1", "\\9", "(", ")", "[", "]", "(?=", "(?<!", "[[:", "\\p", "٣", "\\٣"] + TrickyText.tricky
        await propertyCheck(count: 3000, input: TrickyText.text(pieces, count: 0...10)) { text in
            #expect(FieldRule.goRegex(text) == FieldRule.goRegex(text, asciiFastPath: false), "\(text.debugDescription)")
        }
    }
}
