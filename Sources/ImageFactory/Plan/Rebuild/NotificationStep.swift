import ImageFactoryManifests

/// The `http` step that posts a ``NotificationMessage`` to a Slack-compatible incoming webhook: `{"text": …}`
/// serialized by Kargo's `quote()`, to the URL held in a Secret of the Project namespace.
///
/// It runs with `continueOnError`, so an unreachable chat never fails a rebuild; a failure message runs only
/// `if: failure()`, after the trigger (or dispatch) failed for good.
///
/// Every answer ends the step: any 2xx succeeds and anything else fails at once. Kargo v1.11.2's http step treats a
/// non-2xx answer as "not finished" when neither expression is set (`http_requester.go`) and has no default
/// timeout, so a revoked webhook (Slack answers 404 or 410) would keep the promotion Running, re-posting, with
/// every later rebuild of the Stage queued behind it.
enum NotificationStep {
    static let successExpression = "response.status >= 200 && response.status < 300"
    static let failureExpression = "response.status < 200 || response.status >= 300"

    static func make(_ message: NotificationMessage, parts: [NotificationMessage.Part], webhook: Kubernetes.SecretKeyReference) -> Kargo.PromotionStep {
        let body = Kargo.Expression.map([("text", text(parts, of: message))]).quoted
        return Kargo.PromotionStep(
            uses: "http", as: "notify-\(message.event.rawValue)",
            if: message.event == .failed ? "${{ failure() }}" : nil, continueOnError: true,
            config: Kargo.HTTPStepConfig(
                method: .post, url: Kargo.Freight.secret(webhook).templated,
                headers: ["Content-Type": "application/json"], body: body.templated, timeout: Kargo.Duration(seconds: 10),
                successExpression: successExpression, failureExpression: failureExpression,
                errorExpression: errorExpression(webhook: webhook)))
    }

    /// What the Kargo UI shows when the chat refused the post: the status and the Secret that holds the URL.
    static func errorExpression(webhook: Kubernetes.SecretKeyReference) -> String {
        let prefix = Kargo.Expression.string("the notify webhook answered HTTP ").source
        let suffix = Kargo.Expression.string(": check key '\(webhook.key)' of Secret '\(webhook.name)'").source
        return "\(prefix) + string(response.status) + \(suffix)"
    }

    /// The message as one expr string: literal text joined with the values Kargo fills in.
    static func text(_ parts: [NotificationMessage.Part], of message: NotificationMessage) -> Kargo.Expression {
        let pieces = parts.map { part -> Kargo.Expression in
            switch part {
            case .text(let text): return .string(text)
            case .variable(let variable): return value(of: variable, in: message)
            }
        }
        return pieces.isEmpty ? .string("") : .concat(pieces)
    }

    /// Where `variable` comes from in the task that posts `message`: a rebuild names the base's repository in
    /// `vars.baseRepo`, a downstream dispatch the image's in `vars.imageRepo`; both call the image `vars.image` and
    /// the repository they start something in `vars.repo`.
    static func value(of variable: NotificationMessage.Variable, in message: NotificationMessage) -> Kargo.Expression {
        let watched = Kargo.Freight.variable(message == .dispatchFailed ? DownstreamDispatchTask.Input.imageRepo.rawValue : GitHubDispatchTask.Input.baseRepo.rawValue)
        // `?.` and a fallback: the failure message must still render when the Freight lacks the image.
        let image = Kargo.Expression(raw: "\(Kargo.Freight.image(watched).source)?")
        func orUnknown(_ expression: Kargo.Expression) -> Kargo.Expression { Kargo.Expression(raw: "(\(expression.source) ?? \(Kargo.Expression.string("unknown").source))") }
        switch variable {
        case .image: return Kargo.Freight.variable(RebuildTrigger.imageVariable)
        case .repo: return Kargo.Freight.variable(GitHubDispatchTask.Input.repo.rawValue)
        case .ref: return Kargo.Freight.variable(GitHubDispatchTask.Input.ref.rawValue)
        case .versionBump: return Kargo.Freight.variable(GitHubDispatchTask.Input.versionBump.rawValue)
        case .base: return Kargo.Expression(raw: "(\(Kargo.Expression.concat([watched, .string(":"), orUnknown(image.member("Tag"))]).source))")
        case .tag: return orUnknown(image.member("Tag"))
        case .digest: return orUnknown(image.member("Digest"))
        case .project: return Kargo.Expression(raw: "ctx.project")
        case .stage: return Kargo.Expression(raw: "ctx.stage")
        case .promotion: return Kargo.Expression(raw: "ctx.promotion")
        }
    }
}

extension NotificationMessage {
    /// When the message is posted.
    package var event: RebuildNotification.Event {
        switch self {
        case .triggered: .triggered
        case .failed, .dispatchFailed: .failed
        }
    }

    /// The message posted for `event`.
    package init(_ event: RebuildNotification.Event) {
        switch event {
        case .triggered: self = .triggered
        case .failed: self = .failed
        }
    }
}
