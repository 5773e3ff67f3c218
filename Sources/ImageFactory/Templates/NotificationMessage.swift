import ImageFactorySupport

/// The text a notification posts, from a Mustache template: the built-in one, or the user's file of the same name
/// in the templates folder. Rebuild triggers post two; a downstream dispatch posts when it failed for good.
///
/// Synth renders the template once with a placeholder per variable and turns the result into a Kargo expression
/// that joins the literal text (encoded as expr string literals, so it cannot open or close a `${{ }}`) with the
/// values Kargo knows at promotion time: the new digest, the promotion's name.
package enum NotificationMessage: String, CaseIterable, Sendable {
    /// Posted after the rebuild was triggered.
    case triggered = "rebuild-triggered.slack"
    /// Posted when the trigger failed for good.
    case failed = "rebuild-failed.slack"
    /// Posted when a downstream dispatch (``DownstreamDispatch``) failed for good.
    case dispatchFailed = "dispatch-failed.slack"

    package var fileName: String { "\(rawValue).mustache" }

    /// The variables the message may use.
    package var variables: [Variable] {
        switch self {
        case .triggered, .failed: [.image, .repo, .ref, .base, .digest, .versionBump, .project, .stage, .promotion]
        case .dispatchFailed: [.image, .repo, .tag, .digest, .project, .stage, .promotion]
        }
    }

    /// The default template, `Templates/BuiltIn/<fileName>` compiled into the binary.
    package var builtInTemplate: String {
        let bytes: [UInt8] = switch self {
        case .triggered: PackageResources.rebuild_triggered_slack_mustache
        case .failed: PackageResources.rebuild_failed_slack_mustache
        case .dispatchFailed: PackageResources.dispatch_failed_slack_mustache
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A template variable and where its value comes from when Kargo runs the step.
    package enum Variable: String, CaseIterable, Sendable {
        case image, repo, ref, base, tag, digest, versionBump, project, stage, promotion
    }

    /// A piece of a rendered message.
    package enum Part: Sendable, Hashable {
        case text(String)
        case variable(Variable)
    }

    /// The message of `template`, checked: it must parse, use only `variables`, and not be empty. `path` names
    /// the template in messages.
    package static func render(
        _ template: String, path: String, variables: [Variable] = NotificationMessage.failed.variables
    ) throws(InvalidInput) -> [Part] {
        // A line's control character is reported after its unknown variables.
        let parsed = try TemplateRenderer.parse(template, path: path, known: variables.map(\.rawValue), after: { line in
            guard line.containsUTF8(0x01), let column = line.firstIndex(of: placeholderMark) else { return nil }
            return ("the template contains a control character (U+0001)", line.distance(from: line.startIndex, to: column) + 1)
        })
        var placeholders: [String: String] = [:]
        for (index, variable) in Variable.allCases.enumerated() { placeholders[variable.rawValue] = "\(placeholderMark)\(index)\(placeholderMark)" }
        var rendered = parsed.render(placeholders)
        while rendered.first == "\n" { rendered.removeFirst() }
        while rendered.last == "\n" { rendered.removeLast() }
        try TemplateRenderer.requireContent(rendered, what: "message", path: path)
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
    package static func renderAll(overrides: [String: TemplateSource]) throws(InvalidInput) -> [NotificationMessage: [Part]] {
        try TemplateRenderer.renderEach(overrides: overrides) { (message: NotificationMessage, text, path) throws(InvalidInput) in
            try render(text, path: path, variables: message.variables)
        }
    }

    private static let placeholderMark: Character = "\u{1}"
}
