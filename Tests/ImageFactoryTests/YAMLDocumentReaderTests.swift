import Foundation
import PropertyBased
import Testing
import Yams
@testable import ImageFactory
import TextGenerators
@testable import ImageFactoryYAML
import ImageFactoryTestSupport

/// ``YAMLDocumentReader`` composes what Yams composes — scalar text (escapes, folding, block scalars, CR LF, byte
/// order marks, text that is not ASCII), scalar styles, lists, mappings and marks — and leaves to Yams exactly the
/// text that Yams refuses, or may refuse for its keys. Compared on hand-picked, generated and mutated YAML.
struct YAMLDocumentReaderTests {
    /// The first difference between the two readers on `text`, or nil.
    static func difference(_ text: String) -> String? {
        var yamsRoot: Node?
        var yamsError: (any Error)?
        var yamsFoundSecondDocument = false
        do {
            // As ConfigDecoder used Yams before YAMLDocumentReader.
            let parser = try Parser(yaml: text, resolver: .basic)
            yamsRoot = try parser.nextRoot()
            if yamsRoot != nil { yamsFoundSecondDocument = try parser.nextRoot() != nil }
        } catch {
            yamsError = error
        }
        switch YAMLDocumentReader.compose(text) {
        case .unreadable:
            return yamsError != nil || yamsRoot == nil || yamsFoundSecondDocument ? nil : "only Yams composed the text"
        case .document(let node, let keysNeedYamsCheck):
            if let yamsError {
                if keysNeedYamsCheck, case YamlError.duplicatedKeysInMapping = yamsError { return nil }
                return "only the reader composed the text; Yams: \(yamsError)"
            }
            guard let yamsRoot, !yamsFoundSecondDocument else { return "Yams found no document, or a second one" }
            return difference(node, yamsRoot, at: "root")
        }
    }

    static func difference(_ node: YAMLNode, _ expected: Node, at path: String) -> String? {
        guard let mark = expected.mark, node.mark.line == mark.line, node.mark.column == mark.column else {
            return "\(path): mark \(node.mark), Yams \(String(describing: expected.mark))"
        }
        switch (node, expected) {
        case let (.scalar(scalar), .scalar(expected)):
            // Scalar by scalar: `==` would take canonically equivalent text as equal.
            guard scalar.string.unicodeScalars.elementsEqual(expected.string.unicodeScalars) else {
                return "\(path): \(scalar.string.debugDescription), Yams \(expected.string.debugDescription)"
            }
            guard UInt32(scalar.style.rawValue) == expected.style.rawValue else { return "\(path): style \(scalar.style), Yams \(expected.style)" }
            return nil
        case let (.sequence(sequence), .sequence(expected)):
            guard sequence.count == expected.count else { return "\(path): \(sequence.count) items, Yams \(expected.count)" }
            for (index, (item, expectedItem)) in zip(sequence, expected).enumerated() {
                if let difference = difference(item, expectedItem, at: "\(path)[\(index)]") { return difference }
            }
            return nil
        case let (.mapping(mapping), .mapping(expected)):
            guard mapping.count == expected.count else { return "\(path): \(mapping.count) keys, Yams \(expected.count)" }
            for (index, (pair, expectedPair)) in zip(mapping, expected).enumerated() {
                if let difference = difference(pair.key, expectedPair.key, at: "\(path).key\(index)") { return difference }
                if let difference = difference(pair.value, expectedPair.value, at: "\(path).value\(index)") { return difference }
            }
            return nil
        default:
            return "\(path): \(node), Yams \(expected)"
        }
    }

    static let handPicked = [
        "", " ", "# only a comment\n", "---\n", "---\n...\n", "a\n---\nb\n", "a\n...\n", "a: 1\n---\n- [\n", "- x\n...\n%YAML 1.1\n---\ny\n",
        "name: app\n", "\u{FEFF}name: app\n", "name: app\r\nregistry: ghcr.io\r\n", "a: \"\\uFEFFx\"\n", "a: \"x\\uFEFF\"\n", "a: \"\\uFEFF\\uFEFFx\"\n",
        "a: \"\\0\\a\\b\\t\\n\\v\\f\\r\\e\\ \\\"\\/\\\\\\N\\_\\L\\P\\x41\\u00e9\\U0001F600\"\n", "a: \"one\\\n  two\"\n", "a: \"one\n\n  two\n three\"\n",
        "a: 'it''s\n\n  folded\n  here'\n", "a: plain\n  continued\n\n  after a blank\n", "a: |\n  line\n   indented\n\n  last\n\n\n", "a: |-\n  x\n\n",
        "a: |+\n  x\n\n", "a: >\n  folded\n  text\n\n  para\n   more\n", "a: >-\n  x\n", "a: |2\n    two extra\n", "- |\n  é\u{301}😀\n- >\n  \u{2028}x\n",
        "a: é\nb: e\u{301}\n", "é: 1\ne\u{301}: 2\n", "a: 1\na: 2\n", "{a: 1, a: 2}\n", "{1: a, !!int 1: b}\n", "{'a': 1, a: 2}\n", "{!!str a: 1, a: 2}\n",
        "? [a]\n: 1\n? [a]\n: 2\n", "? {a: 1}\n: x\n", "- &a x\n- *a\n- &a y\n- *a\n", "- *a\n", "- &a [*a]\n", "&a a: *a\n", "- &é x\n- *e\u{301}\n",
        "a: &x {b: [1, 2]}\nc: *x\nd: !tag &y 3\ne: *y\n", "a: [b, {c: d}, [e]]\n", "- - - x\n    - y\n", "a:\n- x\n- y\nb: z\n", "? a\n? b\n",
        "a: ~\nb: null\nc: \nd: ''\n", "a: b: c\n", "a: [\n", "a: 'x\n", "a:\tb\n", "\t- x\n", "- x\n - y\n", "a: *\n", "a: &\n", "!<tag:x> a: b\n",
        "%TAG !e! tag:example.com,2000:\n---\n!e!x a: b\n", "a: \"\\uD800\"\n", "a: \u{85}b\n", "a: x\u{2029}y\n", "a: \u{0}\n", "\"a\u{7}\": b\n",
        Fixture.billionLaughs.prefix(3).joined(separator: "\n") + "\nimages: *c\n",
        "images: " + String(repeating: "[", count: 2_000) + String(repeating: "]", count: 2_000),
        String(repeating: "- ", count: 1_500) + "x\n",
    ]

    @Test(arguments: handPicked)
    func handPickedYAMLComposesAsWithYams(_ text: String) {
        #expect(Self.difference(text) == nil, "\(text.debugDescription)")
    }

    /// An alias is the node it names, shared: the billion laughs (9^9 scalars) compose at once.
    @Test func aliasesAreShared() {
        let clock = ContinuousClock()
        let start = clock.now
        guard case .document(.mapping(let root), false) = YAMLDocumentReader.compose(Fixture.billionLaughs.joined(separator: "\n") + "\nimages: *i\n"),
              case .sequence(let images) = root.pairs.last?.value, case .sequence(let first) = images.first else {
            Issue.record("not composed")
            return
        }
        #expect(images.count == 9 && first.count == 9 && first.mark == YAMLNode.Mark(line: 8, column: 4))
        #expect(clock.now - start < .seconds(1))
    }

    @Test func generatedDocumentsComposeAsWithYams() {
        var generator = DocumentGenerator(random: Fuzzer.Mutator(state: 0x5EED_0001))
        var composed = 0
        let count = max(400, Fuzzer.iterations / 10)
        for _ in 0..<count {
            let text = generator.document()
            #expect(Self.difference(text) == nil, "\(text.debugDescription)")
            if case .document = YAMLDocumentReader.compose(text) { composed += 1 }
        }
        // Most are valid YAML, compared node by node.
        #expect(composed > count / 2, "\(composed) of \(count) composed")
    }

    /// Generated documents and the fuzz corpus, mutated as FuzzTests mutates them.
    @Test func mutatedDocumentsComposeAsWithYams() throws {
        var generator = DocumentGenerator(random: Fuzzer.Mutator(state: 0x5EED_0002))
        var mutator = Fuzzer.Mutator(state: Fuzzer.seed)
        let corpus = try FuzzTests.seeds(endingWith: ".yaml").map(\.bytes)
        for iteration in 0..<max(300, Fuzzer.iterations / 10) {
            let seed = iteration % 2 == 0 && !corpus.isEmpty ? corpus[iteration / 2 % corpus.count] : Array(generator.document().utf8)
            guard let text = String(validating: mutator.mutate(seed), as: UTF8.self) else { continue }
            #expect(Self.difference(text) == nil, "\(text.debugDescription)")
        }
    }

    @Test func tokenSoupComposesAsWithYams() async {
        let pieces = [
            "a", "é", "e\u{301}", "😀", "1", "~", ": ", ":", "- ", "-", "? ", "\n", "\r\n", "  ", "\t", "[", "]", "{", "}", ", ", "&a ", "*a", "&b ",
            "*b", "|", ">", "|-", ">+", "|2", "\"", "'", "''", "\\", "\\n", "\\x41", "\\u00e9", "\\uFEFF", "\\\n", " #c", "---", "...", "!!str ",
            "!t ", "\u{FEFF}", "\u{2028}", "\u{85}", "%YAML 1.1", "%TAG ! x", "\0",
        ]
        await propertyCheck(count: 400, input: TrickyText.text(pieces, count: 0...24)) { text in
            #expect(Self.difference(text) == nil, "\(text.debugDescription)")
        }
    }

    /// What the decoder reports for text that goes to Yams, and that text Yams takes is decoded.
    @Test func decoderLeavesRefusalsToYams() {
        #expect(Fixture.problems("- name: a\n  name: b\n") == ["2:3: duplicate key 'name' (first at 1:3): YAML keys must be unique"])
        #expect(Fixture.problems("- {name: a, name: b}\n") == ["1:4: duplicate key 'name' in one mapping: YAML keys must be unique"])
        #expect(Fixture.problems("- name: a\n---\n- name: b\n") == ["3:1: images.yaml must hold one YAML document; found another one here"])
        #expect(Fixture.problems("- name: *a\n") == ["1:9: invalid YAML: found undefined alias"])
        #expect(Fixture.problems("# nothing\n") == ["1:1: the file is empty: list at least one image"])
        // Keys with the same text and different tags are not duplicates to Yams.
        let tagged = "- name: app\n  !x name: other\n  registry: ghcr.io\n  repository: acme/app\n  tag: '1'\n"
        guard case .document(_, let keysNeedYamsCheck) = YAMLDocumentReader.compose(tagged) else {
            Issue.record("not composed")
            return
        }
        #expect(keysNeedYamsCheck)
        #expect(Fixture.problems(tagged) == [])
    }
}

/// Random YAML documents: block and flow collections, every scalar style, anchors and aliases, comments, CR LF
/// and byte order marks, keys that repeat (sometimes only canonically).
struct DocumentGenerator {
    var random: Fuzzer.Mutator
    private var anchors: [String] = []

    init(random: Fuzzer.Mutator) {
        self.random = random
    }

    static let words = ["app", "ghcr.io/acme/x", "a b", "é", "e\u{301}", "😀", "1", "0x1F", "true", "~", "null", "x#y", "-x", "a\tb", "ー", "K\u{212A}"]
    static let keys = ["name", "a", "é", "e\u{301}", "\"name\"", "'a'", "1", "!!int 1", "!t name", "k\u{212A}", "x y"]

    mutating func pick<T>(_ choices: [T]) -> T {
        choices[Int.random(in: 0..<choices.count, using: &random)]
    }

    mutating func chance(_ percent: Int) -> Bool {
        Int.random(in: 0..<100, using: &random) < percent
    }

    mutating func document() -> String {
        anchors = []
        var text = chance(50) ? blockMapping(indent: 0, depth: 0) : blockSequence(indent: 0, depth: 0)
        if chance(10) { text = "---\n" + text }
        if chance(5) { text += pick(["...\n", "---\nsecond\n", "--- # c\n"]) }
        if chance(15) { text = text.replacingOccurrences(of: "\n", with: "\r\n") }
        if chance(10) { text = "\u{FEFF}" + text }
        return text
    }

    mutating func blockMapping(indent: Int, depth: Int) -> String {
        var text = ""
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            text += String(repeating: " ", count: indent) + pick(Self.keys) + ":" + blockValue(indent: indent, depth: depth, inMapping: true)
        }
        return text
    }

    mutating func blockSequence(indent: Int, depth: Int) -> String {
        var text = ""
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            text += String(repeating: " ", count: indent) + "-" + blockValue(indent: indent, depth: depth, inMapping: false)
        }
        return text
    }

    /// What follows `key:` or `-`, up to and including the line break.
    mutating func blockValue(indent: Int, depth: Int, inMapping: Bool) -> String {
        var prefix = ""
        if chance(10) { prefix += " !t" }
        if chance(15) {
            let name = pick(["a", "b", "é", "e\u{301}"])
            anchors.append(name)
            prefix += " &" + name
        }
        let comment = chance(10) ? " # note" : ""
        switch Int.random(in: 0..<10, using: &random) {
        case 0 where depth < 4:
            return prefix + comment + "\n" + blockMapping(indent: indent + 2, depth: depth + 1)
        case 1 where depth < 4:
            return prefix + comment + "\n" + blockSequence(indent: inMapping && chance(50) ? indent : indent + 2, depth: depth + 1)
        case 2:
            return prefix + " " + flowNode(depth: depth) + comment + "\n"
        case 3:
            let lines = (0..<Int.random(in: 1...4, using: &random)).map { _ in
                String(repeating: " ", count: indent + 2 + (chance(20) ? 1 : 0)) + (chance(15) ? "" : pick(Self.words))
            }
            return prefix + " " + pick(["|", "|-", "|+", ">", ">-", ">+"]) + comment + "\n" + lines.joined(separator: "\n") + "\n" + (chance(30) ? "\n" : "")
        case 4 where !anchors.isEmpty && prefix.isEmpty:
            return " *" + pick(anchors) + comment + "\n"
        default:
            return prefix + " " + scalar(indent: indent + 2) + comment + "\n"
        }
    }

    /// A scalar that may run over lines indented by `indent`.
    mutating func scalar(indent: Int) -> String {
        let fold = "\n" + (chance(30) ? "\n" : "") + String(repeating: " ", count: indent)
        switch Int.random(in: 0..<4, using: &random) {
        case 0:
            return pick(Self.words) + (chance(20) ? fold + pick(Self.words) : "")
        case 1:
            return "'" + pick(["it''s", "x", "", "é ー"]) + (chance(30) ? fold + "y" : "") + "'"
        case 2:
            let escapes = ["\\t", "\\n", "\\x41", "\\u00e9", "\\U0001F600", "\\\\", "\\\"", "\\0", "\\uFEFF", "\\N", "\\_", "\\L", "\\P", "\\ ", "a", "é"]
            return "\"" + pick(escapes) + pick(escapes) + (chance(30) ? (chance(50) ? "\\" : "") + fold + pick(escapes) : "") + "\""
        default:
            return pick(["", "~", "x", "1.5", "e\u{301}"])
        }
    }

    mutating func flowNode(depth: Int) -> String {
        guard depth < 5, chance(60) else { return pick(["x", "'q'", "\"d\\t\"", "é", "1", ""]) }
        var items: [String] = []
        let isMapping = chance(50)
        for _ in 0..<Int.random(in: 0...3, using: &random) {
            items.append(isMapping ? pick(Self.keys) + ": " + flowNode(depth: depth + 1) : flowNode(depth: depth + 1))
        }
        return isMapping ? "{" + items.joined(separator: ", ") + "}" : "[" + items.joined(separator: ", ") + "]"
    }
}
