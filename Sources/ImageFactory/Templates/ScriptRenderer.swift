import Mustache
import ImageFactorySupport

/// Renders the shell steps of the generated workflows from their Mustache templates: the built-in one, or the
/// user's file of the same name. The result is checked before it reaches a workflow: it must parse as a
/// template, use only the variables synth provides, and never contain `${{` (GitHub would expand it before
/// the shell runs, the injection the `env:`-only rule exists to prevent).
public enum ScriptRenderer {
    /// The variables a template may use, with their values.
    public static let variables: [String: String] = ["shortShaLength": String(WorkflowContract.shortSHALength)]

    /// Every script, rendered from `overrides` where given (by file name) and from the built-in templates otherwise.
    public static func render(overrides: [String: TemplateSource]) throws(InvalidInput) -> [BuildScript: String] {
        var scripts: [BuildScript: String] = [:]
        var diagnostics = DiagnosticCollector()
        for script in BuildScript.allCases {
            let source = overrides[script.fileName]
            do throws(InvalidInput) {
                scripts[script] = try render(source?.text ?? script.builtInTemplate, path: source?.path ?? "built-in \(script.fileName)")
            } catch {
                diagnostics.append(contentsOf: error.diagnostics)
            }
        }
        try diagnostics.throwIfAny()
        return scripts
    }

    /// One template's text, rendered and checked; `path` names it in messages.
    public static func render(_ text: String, path: String) throws(InvalidInput) -> String {
        func problem(_ message: String, line: Int = 1, column: Int = 1) -> InvalidInput {
            InvalidInput([Diagnostic(message, at: InputLocation(file: path, line: line, column: column))])
        }
        let expansionMessage = "the script contains '${{', which GitHub expands before the shell runs; read values from the step's environment variables instead"
        for (number, line) in lines(of: text).enumerated() {
            if line.containsUTF8("${{"), let range = line.range(of: "${{") {
                throw problem(expansionMessage, line: number + 1, column: line.distance(from: line.startIndex, to: range.lowerBound) + 1)
            }
            for name in variableNames(in: line) where variables[name] == nil {
                let column = (line.range(of: name).map { line.distance(from: line.startIndex, to: $0.lowerBound) } ?? 0) + 1
                var message = "unknown template variable '\(name)' (known: \(variables.keys.sorted().joined(separator: ", ")))"
                if let suggestion = Suggestion.closest(to: name, in: Array(variables.keys)) { message += "; did you mean '\(suggestion)'?" }
                throw problem(message, line: number + 1, column: column)
            }
        }
        // Mustache reads only what has tags: the rest of the text is appended as it is (see `taglessTail(of:)`).
        let tail = taglessTail(of: text)
        let template: MustacheTemplate
        do {
            template = try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}\n" + text[..<tail.lowerBound])
        } catch let error as MustacheTemplate.ParserError {
            throw problem("cannot parse the template: \(error.error)", line: max(1, error.context.lineNumber - 1), column: error.context.columnNumber)
        } catch {
            throw problem("cannot parse the template: \(error)")
        }
        let script = String((template.render(variables) + text[tail]).drop { $0 == "\n" })
        for (number, line) in lines(of: script).enumerated() {
            if line.containsUTF8("${{"), let range = line.range(of: "${{") {
                throw problem(expansionMessage, line: number + 1, column: line.distance(from: line.startIndex, to: range.lowerBound) + 1)
            }
            if looksLikeUsesKey(line) {
                throw problem("a script line must not look like a `uses:` key", line: number + 1)
            }
        }
        guard script.contains(where: { !$0.isWhitespace }) else { throw problem("the template renders to an empty script") }
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

    /// `text.split(separator: "\n", omittingEmptySubsequences: false)`. Without carriage returns every line feed
    /// is a character of its own, so splitting the bytes gives the same lines without finding the characters.
    static func lines(of text: String) -> [Substring] {
        guard !text.containsUTF8(UInt8(ascii: "\r")) else { return text.split(separator: "\n", omittingEmptySubsequences: false) }
        // Where each line ends, found in the bytes; each line is then cut from the text at those offsets (a line
        // feed is one byte, so the offsets after it start characters).
        let ends = text.withUTF8Bytes { bytes in
            var ends: [Int] = []
            var start = 0
            while start <= bytes.count {
                let end = ByteScan.firstIndex(of: UInt8(ascii: "\n"), in: bytes, from: start)
                ends.append(end)
                start = end + 1
            }
            return ends
        }
        let utf8 = text.utf8
        var lines: [Substring] = []
        lines.reserveCapacity(ends.count)
        var start = utf8.startIndex
        for end in ends {
            let endIndex = utf8.index(utf8.startIndex, offsetBy: end)
            lines.append(text[start..<endIndex])
            if end < utf8.count { start = utf8.index(after: endIndex) }
        }
        return lines
    }

    /// Where the text after a leading `{{! … }}` comment's line starts, when that text has no tag delimiters: the
    /// built-in templates are such a comment and plain text. Mustache copies text without tags as it is, and its
    /// parser takes far longer over the long scripts than all the rest of planning, so it is given only the text
    /// before this. An empty range at the end when the text is not of that shape: an ASCII comment alone on its
    /// lines (so its line, which decides whether Mustache drops it, stays with it), then no `{{` or `}}`.
    static func taglessTail(of text: String) -> Range<String.Index> {
        let whole = text.endIndex..<text.endIndex
        let bytes = Array(text.utf8)
        guard bytes.starts(with: "{{!".utf8) else { return whole }
        var end = 3
        while end + 1 < bytes.count, bytes[end] != UInt8(ascii: "}") || bytes[end + 1] != UInt8(ascii: "}") { end += 1 }
        end += 2
        while end < bytes.count, [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r")].contains(bytes[end]) { end += 1 }
        guard end < bytes.count, bytes[end] == UInt8(ascii: "\n") else { return whole }
        end += 1
        let tail = bytes[end...]
        let hasDelimiter = zip(tail, tail.dropFirst()).contains { pair in
            pair == (UInt8(ascii: "{"), UInt8(ascii: "{")) || pair == (UInt8(ascii: "}"), UInt8(ascii: "}"))
        }
        guard bytes[..<end].allSatisfy({ $0 < 0x80 }), !hasDelimiter else { return whole }
        return text.utf8.index(text.startIndex, offsetBy: end)..<text.endIndex
    }

    /// The names used in `{{name}}`, `{{{name}}}`, `{{&name}}` and section tags of one line (comments and
    /// pragmas excluded).
    static func variableNames(in line: Substring) -> [String] {
        guard line.containsUTF8("{{") else { return [] }
        var names: [String] = []
        var rest = line[...]
        while let open = rest.range(of: "{{") {
            rest = rest[open.upperBound...]
            guard let close = rest.range(of: "}}") else { break }
            var tag = rest[..<close.lowerBound]
            rest = rest[close.upperBound...]
            if let first = tag.first, first == "!" || first == "%" || first == "=" || first == ">" { continue }
            tag = tag.drop { "{&#^/ ".contains($0) }
            let name = tag.prefix { !" }".contains($0) }
            if !name.isEmpty { names.append(String(name)) }
        }
        return names
    }
}
