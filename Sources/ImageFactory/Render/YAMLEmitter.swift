import Yams

/// Turns ``YAMLValue`` trees into YAML text with Yams, in one fixed style:
/// two-space indent, no line folding, strings quoted exactly when YAML would read them as something else,
/// multi-line strings as literal blocks.
public enum YAMLEmitter {
    /// One YAML document, without `---`, ending in a newline.
    public static func emit(_ value: YAMLValue) throws -> String {
        try Yams.serialize(node: node(value), indent: 2, width: -1, allowUnicode: true, sortKeys: false)
    }

    static func node(_ value: YAMLValue) -> Node {
        switch value {
        case .string(let string):
            return .scalar(.init(string, Tag(.str), style(for: string)))
        case .int(let int):
            return .scalar(.init(String(int), Tag(.int), .plain))
        case .bool(let bool):
            return .scalar(.init(bool ? "true" : "false", Tag(.bool), .plain))
        case .sequence(let items):
            return .sequence(.init(items.map(node), Tag(.seq), .block))
        case .mapping(let mapping):
            return .mapping(.init(mapping.entries.map { (.scalar(.init($0.key, Tag(.str), style(for: $0.key))), node($0.value)) }, Tag(.map), .block))
        }
    }

    /// The scalar style for a string: literal for multi-line text, double quotes when a YAML 1.1 or 1.2 reader
    /// (Kubernetes, Argo CD, PyYAML, Yams) would take the plain form as a bool, number, null, date or merge key;
    /// otherwise plain, and libyaml itself quotes when plain is not allowed (`: `, ` #`, leading indicators).
    static func style(for string: String) -> Node.Scalar.Style {
        if string.contains("\n") { return .literal }
        return ScalarResolution.readsAsNonString(string) ? .doubleQuoted : .plain
    }
}

/// Decides whether a plain YAML scalar would be read as something other than a string.
enum ScalarResolution {
    /// True for the empty string, nulls, YAML 1.1 and 1.2 booleans (including `y`/`n`/`on`/`off`), integers and
    /// floats in every YAML 1.1 notation (underscores, `0x`, `0o`, `0b`, base 60), infinities, NaN, dates and
    /// timestamps, `<<` and `=`. Cheap checks first; Yams' own resolver confirms the rest.
    static func readsAsNonString(_ string: String) -> Bool {
        guard let first = string.utf8.first else { return true }
        switch first {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
             UInt8(ascii: "~"), UInt8(ascii: "<"), UInt8(ascii: "="):
            break
        case UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"),
             UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"), UInt8(ascii: "o"), UInt8(ascii: "O"):
            guard string.utf8.count <= 5 else { return false }
            if ["y", "Y", "n", "N"].contains(string) { return true }
        default:
            return false
        }
        return Resolver.default.resolveTag(of: Node(string)) != .str
    }
}
