import ImageFactorySupport
import Mustache

/// The checks and parsing every template synth renders goes through, scripts and messages alike: each line is
/// checked (the kind's own rules, and that every variable is one synth provides, with a suggestion for a
/// misspelt one), then the template is parsed, with Mustache's error placed at its line and column. What the
/// rendered text must satisfy is the kind's own (``ScriptRenderer``, ``NotificationMessage``).
enum TemplateRenderer {
    /// A rule for one line of a template: the message and the 1-based column of a problem, or nil.
    typealias LineRule = (Substring) -> (message: String, column: Int)?

    /// Checks `text` line by line — `before`, then the variables against `known`, then `after` — and parses it up
    /// to `end` (Mustache copies what has no tags as it is, see ``taglessTail(of:)``). `path` names the template in
    /// messages.
    static func parse(
        _ text: String, upTo end: String.Index? = nil, path: String, known: [String], before: LineRule? = nil, after: LineRule? = nil
    ) throws(InvalidInput) -> MustacheTemplate {
        for (number, line) in lines(of: text).enumerated() {
            if let problem = before?(line) { throw Self.problem(problem.message, path: path, line: number + 1, column: problem.column) }
            for name in variableNames(in: line) where !known.contains(name) {
                let column = (line.range(of: name).map { line.distance(from: line.startIndex, to: $0.lowerBound) } ?? 0) + 1
                var message = "unknown template variable '\(name)' (known: \(known.joined(separator: ", ")))"
                if let suggestion = Suggestion.closest(to: name, in: known) { message += "; did you mean '\(suggestion)'?" }
                throw problem(message, path: path, line: number + 1, column: column)
            }
            if let problem = after?(line) { throw Self.problem(problem.message, path: path, line: number + 1, column: problem.column) }
        }
        do {
            return try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}\n" + text[..<(end ?? text.endIndex)])
        } catch let error as MustacheTemplate.ParserError {
            throw problem("cannot parse the template: \(error.error)", path: path, line: max(1, error.context.lineNumber - 1), column: error.context.columnNumber)
        } catch {
            throw problem("cannot parse the template: \(error)", path: path)
        }
    }

    /// Refuses rendered text that is nothing but white space; `what` names it (`script`, `message`).
    static func requireContent(_ rendered: some StringProtocol, what: String, path: String) throws(InvalidInput) {
        guard rendered.contains(where: { !$0.isWhitespace }) else { throw problem("the template renders to an empty \(what)", path: path) }
    }

    /// Every template of a kind, rendered by `render` from its override in `overrides` (by file name) or from
    /// its built-in text, with every problem of every template reported at once.
    static func renderEach<Template: BuiltInTemplate, Rendered>(
        overrides: [String: TemplateSource], _ render: (Template, _ text: String, _ path: String) throws(InvalidInput) -> Rendered
    ) throws(InvalidInput) -> [Template: Rendered] {
        var rendered: [Template: Rendered] = [:]
        var diagnostics = DiagnosticCollector()
        for template in Template.allCases {
            let source = overrides[template.fileName]
            do throws(InvalidInput) {
                rendered[template] = try render(template, source?.text ?? template.builtInTemplate, source?.path ?? "built-in \(template.fileName)")
            } catch {
                diagnostics.append(contentsOf: error.diagnostics)
            }
        }
        try diagnostics.throwIfAny()
        return rendered
    }

    /// A problem of the template at `path`.
    static func problem(_ message: String, path: String, line: Int = 1, column: Int = 1) -> InvalidInput {
        InvalidInput([Diagnostic(message, at: InputLocation(file: path, line: line, column: column))])
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
