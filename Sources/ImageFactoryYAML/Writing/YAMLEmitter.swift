/// Turns ``YAMLValue`` trees into YAML text in one fixed style: two-space indent, no line folding, strings
/// quoted exactly when YAML would read them as something else, multi-line strings as literal blocks.
///
/// The text is what libyaml (through Yams) writes for the same tree; ``YAMLWriter`` writes it straight into
/// bytes; the tests keep the Yams path (`Yams.serialize`) as the reference a property test compares with.
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
    package static func bytes(documents: [YAMLValue], after prefix: [UInt8] = []) -> [UInt8] {
        var bytes = prefix
        write(documents: documents, into: &bytes)
        return bytes
    }

    /// Appends ``emit(documents:)`` as UTF-8 to `buffer`.
    package static func write(documents: [YAMLValue], into buffer: inout [UInt8]) {
        YAMLOutput.stream(into: &buffer) { output in
            for document in documents { output.document(document) }
        }
    }
}
