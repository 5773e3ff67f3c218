import ImageFactorySupport
import ImageFactoryYAML
import ImageFactoryManifests

/// Reads a composed YAML tree field by field, recording every problem with its file:line:column instead of
/// stopping at the first one. `what` names a value in messages; it is built only when a message is.
struct YAMLNodeReader {
    let file: String
    var diagnostics = DiagnosticCollector()

    init(file: String) { self.file = file }

    func location(of node: YAMLNode) -> InputLocation {
        let mark = node.mark
        return InputLocation(file: file, line: mark.line, column: mark.column)
    }

    mutating func error(_ message: String, at node: YAMLNode) {
        diagnostics.error(message, at: location(of: node))
    }

    /// A mapping's entries, after checking the keys are strings and known. Unknown keys are reported with a
    /// suggestion when one of `allowed` is a likely typo.
    mutating func mapping(_ node: YAMLNode, what: @autoclosure () -> String, allowed: [String]) -> MappingFields? {
        guard case .mapping(let mapping) = node else {
            error("\(what()) must be a mapping, found \(Self.describe(node))", at: node)
            return nil
        }
        var fields = MappingFields(capacity: mapping.count)
        for pair in mapping.pairs {
            let keyNode = pair.key
            guard case .scalar(let key) = keyNode else {
                error("keys in \(what()) must be plain strings", at: keyNode)
                continue
            }
            if key.string == "<<" {
                error("merge keys (<<) are not supported in \(what()); put shared settings under `defaults:`", at: keyNode)
                continue
            }
            guard allowed.contains(key.string) else {
                var message = "unknown key '\(key.string)' in \(what())"
                if let suggestion = Suggestion.closest(to: key.string, in: allowed) {
                    message += "; did you mean '\(suggestion)'?"
                } else {
                    message += " (allowed: \(allowed.joined(separator: ", ")))"
                }
                error(message, at: keyNode)
                continue
            }
            fields.append(key: key.string, value: pair.value)
        }
        return fields
    }

    /// A scalar's text. Numbers are accepted as their text (`tag: 22`); null, lists and mappings are not.
    mutating func string(_ node: YAMLNode, what: @autoclosure () -> String) -> String? {
        guard case .scalar(let scalar) = node else {
            error("\(what()) must be a string, found \(Self.describe(node))", at: node)
            return nil
        }
        if Self.isNull(scalar) {
            error("\(what()) must be a string, found null", at: node)
            return nil
        }
        if let (position, scalarValue) = Self.firstInvisible(in: scalar.string) {
            error(
                "\(what()) contains the invisible or control character U+\(String(scalarValue.value, radix: 16, uppercase: true).leftPadded(to: 4)) at position \(position); values in images.yaml must be visible text",
                at: node)
            return nil
        }
        if let kind = CredentialDetector.kind(of: scalar.string) {
            error(
                "\(what()) looks like a credential (\(kind)); images.yaml must never hold one: put it in a Kubernetes Secret and name the Secret (e.g. project.githubTokenSecret)",
                at: node)
            return nil
        }
        return scalar.string
    }

    /// `true` or `false` (YAML 1.2 spelling; `yes`/`on` are refused because YAML readers disagree on them).
    mutating func bool(_ node: YAMLNode, what: @autoclosure () -> String) -> Bool? {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any else {
            error("\(what()) must be true or false, found \(Self.describe(node))", at: node)
            return nil
        }
        switch scalar.string {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default:
            error("\(what()) must be true or false, found '\(scalar.string)'", at: node)
            return nil
        }
    }

    mutating func int(_ node: YAMLNode, what: @autoclosure () -> String, in range: ClosedRange<Int>) -> Int? {
        guard case .scalar(let scalar) = node, let value = Int(scalar.string) else {
            error("\(what()) must be a whole number, found \(Self.describe(node))", at: node)
            return nil
        }
        guard range.contains(value) else {
            error("\(what()) must be between \(range.lowerBound) and \(range.upperBound), found \(value)", at: node)
            return nil
        }
        return value
    }

    /// A list of strings; a single string counts as a list of one.
    mutating func strings(_ node: YAMLNode, what: @autoclosure () -> String) -> [String]? {
        if case .scalar = node { return string(node, what: what()).map { [$0] } }
        guard case .sequence(let sequence) = node else {
            error("\(what()) must be a string or a list of strings, found \(Self.describe(node))", at: node)
            return nil
        }
        var values: [String] = []
        for item in sequence {
            guard let value = string(item, what: "each entry of \(what())") else { return nil }
            values.append(value)
        }
        return values
    }

    mutating func duration(_ node: YAMLNode, what: @autoclosure () -> String) -> Kargo.Duration? {
        guard let text = string(node, what: what()) else { return nil }
        guard let duration = Kargo.Duration(parsing: text) else {
            error("\(what()) '\(text)' is not a duration; write e.g. 30m, 36h or 7d (units s, m, h, d, w)", at: node)
            return nil
        }
        return duration
    }

    mutating func choice<T: RawRepresentable & CaseIterable>(_ node: YAMLNode, what: @autoclosure () -> String, as type: T.Type) -> T? where T.RawValue == String {
        guard let text = string(node, what: what()) else { return nil }
        if let value = T(rawValue: text) { return value }
        let allowed = T.allCases.map(\.rawValue)
        var message = "\(what()) must be one of \(allowed.joined(separator: ", ")), found '\(text)'"
        if let suggestion = Suggestion.closest(to: text, in: allowed) { message += "; did you mean '\(suggestion)'?" }
        error(message, at: node)
        return nil
    }

    /// Control characters, Unicode line and paragraph separators, zero-width and bidirectional-override
    /// characters: invisible in a review, and read differently by different YAML readers.
    static func firstInvisible(in text: String) -> (position: Int, scalar: Unicode.Scalar)? {
        // Printable ASCII, the common case, has none.
        if text.withUTF8Bytes({ $0.allSatisfy { $0 >= 0x20 && $0 < 0x7F } }) { return nil }
        for (position, scalar) in text.unicodeScalars.enumerated() {
            switch scalar.value {
            case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2064, 0x2066...0x2069, 0xFEFF:
                return (position + 1, scalar)
            default:
                continue
            }
        }
        return nil
    }

    /// A plain scalar YAML reads as null: empty, `~` or `null`.
    static func isNull(_ scalar: YAMLNode.Scalar) -> Bool {
        guard scalar.style == .plain || scalar.style == .any else { return false }
        switch scalar.string {
        case "", "~", "null", "Null", "NULL": return true
        default: return false
        }
    }

    static func describe(_ node: YAMLNode) -> String {
        switch node {
        case .scalar(let scalar):
            return isNull(scalar) ? "null" : "'\(scalar.string.prefix(60))'"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }
}

/// The known keys of one mapping, in file order.
struct MappingFields {
    struct Entry {
        var key: String
        var value: YAMLNode
    }

    private(set) var entries: [Entry] = []
    /// A bit per key length in bytes (63 for longer keys): most keys asked for are absent, and this answers for
    /// most of them without comparing strings. The keys asked for are ASCII; a key that is not ASCII sets every
    /// bit, as it may still equal one (the Kelvin sign is a `K`).
    private var keyLengths: UInt64 = 0

    init(capacity: Int = 0) {
        entries.reserveCapacity(capacity)
    }

    mutating func append(key: String, value: YAMLNode) {
        entries.append(Entry(key: key, value: value))
        keyLengths |= key.withUTF8Bytes(ASCIISearch.isASCII) ? Self.lengthBit(key) : ~0
    }

    subscript(key: String) -> YAMLNode? {
        guard keyLengths & Self.lengthBit(key) != 0 else { return nil }
        for index in entries.indices where entries[index].key == key { return entries[index].value }
        return nil
    }

    private static func lengthBit(_ key: String) -> UInt64 {
        1 << UInt64(min(key.utf8.count, 63))
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
