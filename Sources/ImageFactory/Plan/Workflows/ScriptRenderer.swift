import Mustache

/// Renders the shell steps of the generated workflows from their Mustache templates: the built-in one, or the
/// user's file of the same name. The result is checked before it reaches a workflow: it must parse as a
/// template, use only the variables synth provides, and never contain `${{` (GitHub would expand it before
/// the shell runs, the injection the `env:`-only rule exists to prevent).
public enum ScriptRenderer {
    /// The variables a template may use, with their values.
    public static let variables: [String: String] = ["shortShaLength": String(ImageBuilderWorkflow.shortSHALength)]

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
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if let range = line.range(of: "${{") {
                throw problem(expansionMessage, line: number + 1, column: line.distance(from: line.startIndex, to: range.lowerBound) + 1)
            }
            for name in variableNames(in: line) where variables[name] == nil {
                let column = (line.range(of: name).map { line.distance(from: line.startIndex, to: $0.lowerBound) } ?? 0) + 1
                var message = "unknown template variable '\(name)' (known: \(variables.keys.sorted().joined(separator: ", ")))"
                if let suggestion = Suggestion.closest(to: name, in: Array(variables.keys)) { message += "; did you mean '\(suggestion)'?" }
                throw problem(message, line: number + 1, column: column)
            }
        }
        let template: MustacheTemplate
        do {
            template = try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}\n" + text)
        } catch let error as MustacheTemplate.ParserError {
            throw problem("cannot parse the template: \(error.error)", line: max(1, error.context.lineNumber - 1), column: error.context.columnNumber)
        } catch {
            throw problem("cannot parse the template: \(error)")
        }
        let script = String(template.render(variables).drop { $0 == "\n" })
        for (number, line) in script.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if let range = line.range(of: "${{") {
                throw problem(expansionMessage, line: number + 1, column: line.distance(from: line.startIndex, to: range.lowerBound) + 1)
            }
            let trimmed = line.drop { $0 == " " || $0 == "-" }
            if trimmed.hasPrefix("uses:") {
                throw problem("a script line must not look like a `uses:` key", line: number + 1)
            }
        }
        guard script.contains(where: { !$0.isWhitespace }) else { throw problem("the template renders to an empty script") }
        return script.hasSuffix("\n") ? script : script + "\n"
    }

    /// The names used in `{{name}}`, `{{{name}}}`, `{{&name}}` and section tags of one line (comments and
    /// pragmas excluded).
    static func variableNames(in line: Substring) -> [String] {
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
