import Mustache
import ImageFactorySupport

/// The text a notification posts, from a Mustache template: the built-in one, or the user's file of the same name
/// in the templates folder. Rebuild triggers post two; a downstream dispatch posts when it failed for good.
///
/// Synth renders the template once with a placeholder per variable and turns the result into a Kargo expression
/// that joins the literal text (encoded as expr string literals, so it cannot open or close a `${{ }}`) with the
/// values Kargo knows at promotion time: the new digest, the promotion's name.
public enum NotificationMessage: String, CaseIterable, Sendable {
    /// Posted after the rebuild was triggered.
    case triggered = "rebuild-triggered.slack"
    /// Posted when the trigger failed for good.
    case failed = "rebuild-failed.slack"
    /// Posted when a downstream dispatch (``DownstreamDispatch``) failed for good.
    case dispatchFailed = "dispatch-failed.slack"

    public var fileName: String { "\(rawValue).mustache" }

    /// The variables the message may use.
    public var variables: [Variable] {
        switch self {
        case .triggered, .failed: [.image, .repo, .ref, .base, .digest, .versionBump, .project, .stage, .promotion]
        case .dispatchFailed: [.image, .repo, .tag, .digest, .project, .stage, .promotion]
        }
    }

    public var builtInTemplate: String {
        switch self {
        case .triggered:
            """
            {{! Posted to the notify webhook after Kargo triggered a rebuild. Variables: image, repo, ref, base, digest, \
            versionBump, project, stage, promotion. Slack mrkdwn: *bold*, `code`. }}
            :hammer_and_wrench: Rebuilding *{{image}}* (version bump: {{versionBump}}) in {{repo}}@{{ref}}: its base `{{base}}` has a new digest `{{digest}}`.
            Kargo project {{project}}, stage {{stage}}, promotion {{promotion}}.

            """
        case .failed:
            """
            {{! Posted to the notify webhook when the rebuild trigger failed for good (the reason is on the promotion \
            in the Kargo UI). Variables as in rebuild-triggered.slack.mustache. }}
            :x: Could not trigger the rebuild of *{{image}}* in {{repo}}@{{ref}} for the new digest `{{digest}}` of `{{base}}`.
            See promotion {{promotion}} of stage {{stage}} in Kargo project {{project}}.

            """
        case .dispatchFailed:
            """
            {{! Posted to the notify webhook when telling another repository about a new version failed for good (the \
            reason is on the promotion in the Kargo UI). Variables: image, repo (the repository dispatched to), tag, \
            digest, project, stage, promotion. }}
            :x: Could not tell {{repo}} about the new version `{{tag}}` of *{{image}}* (`{{digest}}`).
            See promotion {{promotion}} of stage {{stage}} in Kargo project {{project}}.

            """
        }
    }

    /// A template variable and where its value comes from when Kargo runs the step.
    public enum Variable: String, CaseIterable, Sendable {
        case image, repo, ref, base, tag, digest, versionBump, project, stage, promotion
    }

    /// A piece of a rendered message.
    public enum Part: Sendable, Hashable {
        case text(String)
        case variable(Variable)
    }

    /// The message of `template`, checked: it must parse, use only `variables`, and not be empty. `path` names
    /// the template in messages.
    public static func render(
        _ template: String, path: String, variables: [Variable] = NotificationMessage.failed.variables
    ) throws(InvalidInput) -> [Part] {
        func problem(_ message: String, line: Int = 1, column: Int = 1) -> InvalidInput {
            InvalidInput([Diagnostic(message, at: InputLocation(file: path, line: line, column: column))])
        }
        let known = variables.map(\.rawValue)
        for (number, line) in ScriptRenderer.lines(of: template).enumerated() {
            for name in ScriptRenderer.variableNames(in: line) where Variable(rawValue: name).map(variables.contains) != true {
                let column = (line.range(of: name).map { line.distance(from: line.startIndex, to: $0.lowerBound) } ?? 0) + 1
                var message = "unknown template variable '\(name)' (known: \(known.joined(separator: ", ")))"
                if let suggestion = Suggestion.closest(to: name, in: known) { message += "; did you mean '\(suggestion)'?" }
                throw problem(message, line: number + 1, column: column)
            }
            if line.containsUTF8(0x01), let column = line.firstIndex(of: placeholderMark) {
                throw problem("the template contains a control character (U+0001)", line: number + 1, column: line.distance(from: line.startIndex, to: column) + 1)
            }
        }
        let parsed: MustacheTemplate
        do {
            parsed = try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}\n" + template)
        } catch let error as MustacheTemplate.ParserError {
            throw problem("cannot parse the template: \(error.error)", line: max(1, error.context.lineNumber - 1), column: error.context.columnNumber)
        } catch {
            throw problem("cannot parse the template: \(error)")
        }
        var placeholders: [String: String] = [:]
        for (index, variable) in Variable.allCases.enumerated() { placeholders[variable.rawValue] = "\(placeholderMark)\(index)\(placeholderMark)" }
        var rendered = parsed.render(placeholders)
        while rendered.first == "\n" { rendered.removeFirst() }
        while rendered.last == "\n" { rendered.removeLast() }
        guard rendered.contains(where: { !$0.isWhitespace }) else { throw problem("the template renders to an empty message") }
        var parts: [Part] = []
        for (index, piece) in rendered.split(separator: placeholderMark, omittingEmptySubsequences: false).enumerated() {
            if index % 2 == 0 {
                if !piece.isEmpty { parts.append(.text(String(piece))) }
            } else if let number = Int(piece), Variable.allCases.indices.contains(number) {
                parts.append(.variable(Variable.allCases[number]))
            }
        }
        return parts
    }

    /// Every message, rendered from `overrides` where given (by file name) and from the built-in templates otherwise.
    public static func renderAll(overrides: [String: TemplateSource]) throws(InvalidInput) -> [NotificationMessage: [Part]] {
        var messages: [NotificationMessage: [Part]] = [:]
        var diagnostics = DiagnosticCollector()
        for message in allCases {
            let source = overrides[message.fileName]
            do throws(InvalidInput) {
                messages[message] = try render(
                    source?.text ?? message.builtInTemplate, path: source?.path ?? "built-in \(message.fileName)", variables: message.variables)
            } catch {
                diagnostics.append(contentsOf: error.diagnostics)
            }
        }
        try diagnostics.throwIfAny()
        return messages
    }

    private static let placeholderMark: Character = "\u{1}"
}
