import ImageFactoryYAML
import Yams

// The Yams path the streaming writer replaced, kept as the reference the property tests compare it with: test-only
// code, so it lives here rather than in the library.

extension YAMLEmitter {
    /// The same text through Yams' `serialize` and libyaml's emitter: the reference ``YAMLWriter`` is tested
    /// against.
    package static func emitWithYams(documents: [YAMLValue]) throws -> String {
        let builder = YamsNodeBuilder()
        return try Yams.serialize(nodes: documents.map(builder.node), indent: 2, width: -1, allowUnicode: true, sortKeys: false)
    }

    /// The scalar style for a string: literal for multi-line text, double quotes when a YAML 1.1 or 1.2 reader
    /// (Kubernetes, Argo CD, PyYAML, Yams) would take the plain form as a bool, number, null, date or merge key;
    /// otherwise plain, and libyaml itself quotes when plain is not allowed (`: `, ` #`, leading indicators).
    package static func style(for string: String) -> Node.Scalar.Style {
        if string.utf8.contains(0x0a) { return .literal }
        return ScalarResolution.readsAsNonString(string) ? .doubleQuoted : .plain
    }
}

/// Builds Yams nodes with one shared tag per kind: a `Tag` made with Yams' default arguments builds a whole
/// `Constructor` each time, which cost more than emitting. Used by `YAMLEmitter.emitWithYams(documents:)`.
package struct YamsNodeBuilder {
    package let string: Tag
    package let int: Tag
    package let bool: Tag
    package let sequence: Tag
    package let mapping: Tag

    package init() {
        let constructor = Constructor.default
        let resolver = Resolver.basic
        string = Tag(.str, resolver, constructor)
        int = Tag(.int, resolver, constructor)
        bool = Tag(.bool, resolver, constructor)
        sequence = Tag(.seq, resolver, constructor)
        mapping = Tag(.map, resolver, constructor)
    }

    package func node(_ value: YAMLValue) -> Node {
        switch value {
        case .string(let text):
            return .scalar(.init(text, string, YAMLEmitter.style(for: text)))
        case .int(let number):
            return .scalar(.init(String(number), int, .plain))
        case .bool(let flag):
            return .scalar(.init(flag ? "true" : "false", bool, .plain))
        case .sequence(let items):
            return .sequence(.init(items.map(node), sequence, .block))
        case .mapping(let entries):
            return .mapping(.init(entries.entries.map { (.scalar(.init($0.key, string, YAMLEmitter.style(for: $0.key))), node($0.value)) }, mapping, .block))
        }
    }
}
