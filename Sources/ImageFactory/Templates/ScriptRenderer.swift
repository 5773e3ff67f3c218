import ImageFactorySupport

/// Renders the shell steps of the generated workflows from their Mustache templates: the built-in one, or the
/// user's file of the same name. The result is checked before it reaches a workflow: it must parse as a
/// template, use only the variables synth provides, and never contain `${{` (GitHub would expand it before
/// the shell runs, the injection the `env:`-only rule exists to prevent).
package enum ScriptRenderer {
    /// The variables a template may use, with their values.
    package static let variables: [String: String] = ["shortShaLength": String(WorkflowContract.shortSHALength)]

    /// Every script, rendered from `overrides` where given (by file name) and from the built-in templates otherwise.
    package static func render(overrides: [String: TemplateSource]) throws(InvalidInput) -> [BuildScript: String] {
        try TemplateRenderer.renderEach(overrides: overrides) { (_: BuildScript, text, path) throws(InvalidInput) in try render(text, path: path) }
    }

    private static let expansionMessage =
        "the script contains '${{', which GitHub expands before the shell runs; read values from the step's environment variables instead"

    /// Where a line has `${{`.
    private static func expansion(_ line: Substring) -> (message: String, column: Int)? {
        guard line.containsUTF8("${{"), let range = line.range(of: "${{") else { return nil }
        return (expansionMessage, line.distance(from: line.startIndex, to: range.lowerBound) + 1)
    }

    /// One template's text, rendered and checked; `path` names it in messages.
    package static func render(_ text: String, path: String) throws(InvalidInput) -> String {
        // Mustache reads only what has tags: the rest of the text is appended as it is (see `taglessTail(of:)`).
        let tail = TemplateRenderer.taglessTail(of: text)
        let template = try TemplateRenderer.parse(
            text, upTo: tail.lowerBound, path: path, known: variables.keys.sorted(), before: expansion)
        let script = String((template.render(variables) + text[tail]).drop { $0 == "\n" })
        for (number, line) in TemplateRenderer.lines(of: script).enumerated() {
            if let problem = expansion(line) { throw TemplateRenderer.problem(problem.message, path: path, line: number + 1, column: problem.column) }
            if looksLikeUsesKey(line) {
                throw TemplateRenderer.problem("a script line must not look like a `uses:` key", path: path, line: number + 1)
            }
        }
        try TemplateRenderer.requireContent(script, what: "script", path: path)
        return script.hasSuffix("\n") ? script : script + "\n"
    }

    /// Whether `line`, after leading spaces and `-`, starts with `uses:`. An ASCII line (a script's usual one) is
    /// looked at byte by byte, where its bytes are its characters.
    static func looksLikeUsesKey(_ line: Substring) -> Bool {
        let ascii: Bool? = line.withUTF8Bytes { bytes in
            guard ASCIISearch.isASCII(bytes) else { return nil }
            var start = 0
            while start < bytes.count, bytes[start] == UInt8(ascii: " ") || bytes[start] == UInt8(ascii: "-") { start += 1 }
            return UnsafeBufferPointer(rebasing: bytes[start...]).starts(with: "uses:".utf8)
        }
        return ascii ?? line.drop { $0 == " " || $0 == "-" }.hasPrefix("uses:")
    }
}
