import Yams

/// Turns ``YAMLValue`` trees into YAML text in one fixed style: two-space indent, no line folding, strings
/// quoted exactly when YAML would read them as something else, multi-line strings as literal blocks.
///
/// The text is what libyaml (through Yams) writes for the same tree; ``YAMLWriter`` writes it straight into
/// bytes, and ``emitWithYams(documents:)`` keeps the Yams path as the reference a property test compares with.
public enum YAMLEmitter {
    /// One YAML document, without `---`, ending in a newline.
    public static func emit(_ value: YAMLValue) throws -> String {
        try emit(documents: [value])
    }

    /// Several documents separated by `---` lines.
    public static func emit(documents: [YAMLValue]) throws -> String {
        String(decoding: bytes(documents: documents), as: UTF8.self)
    }

    /// ``emit(documents:)`` as UTF-8, appended to `prefix` (a header line, say).
    static func bytes(documents: [YAMLValue], after prefix: [UInt8] = []) -> [UInt8] {
        var bytes = prefix
        write(documents: documents, into: &bytes)
        return bytes
    }

    /// Appends ``emit(documents:)`` as UTF-8 to `buffer`.
    static func write(documents: [YAMLValue], into buffer: inout [UInt8]) {
        YAMLOutput.stream(into: &buffer) { output in
            for document in documents { output.document(document) }
        }
    }

    /// The same text through Yams' `serialize` and libyaml's emitter: the reference ``YAMLWriter`` is tested
    /// against.
    static func emitWithYams(documents: [YAMLValue]) throws -> String {
        let builder = YamsNodeBuilder()
        return try Yams.serialize(nodes: documents.map(builder.node), indent: 2, width: -1, allowUnicode: true, sortKeys: false)
    }

    /// The scalar style for a string: literal for multi-line text, double quotes when a YAML 1.1 or 1.2 reader
    /// (Kubernetes, Argo CD, PyYAML, Yams) would take the plain form as a bool, number, null, date or merge key;
    /// otherwise plain, and libyaml itself quotes when plain is not allowed (`: `, ` #`, leading indicators).
    static func style(for string: String) -> Node.Scalar.Style {
        if string.utf8.contains(0x0a) { return .literal }
        return ScalarResolution.readsAsNonString(string) ? .doubleQuoted : .plain
    }
}
