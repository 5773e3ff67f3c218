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

    static func make(_ message: NotificationMessage, parts: [NotificationMessage.Part], webhook: SecretKeyReference) -> PromotionStep {
        let body = KargoExpression.map([("text", text(parts, of: message))]).quoted
        return PromotionStep(
            uses: "http", as: "notify-\(message.event.rawValue)",
            if: message.event == .failed ? "${{ failure() }}" : nil, continueOnError: true,
            config: HTTPStepConfig(
                method: .post, url: Freight.secret(webhook).templated,
                headers: ["Content-Type": "application/json"], body: body.templated, timeout: KargoDuration(seconds: 10),
                successExpression: successExpression, failureExpression: failureExpression,
                errorExpression: errorExpression(webhook: webhook)))
    }

    /// What the Kargo UI shows when the chat refused the post: the status and the Secret that holds the URL.
    static func errorExpression(webhook: SecretKeyReference) -> String {
        let prefix = KargoExpression.string("the notify webhook answered HTTP ").source
        let suffix = KargoExpression.string(": check key '\(webhook.key)' of Secret '\(webhook.name)'").source
        return "\(prefix) + string(response.status) + \(suffix)"
    }

    /// The message as one expr string: literal text joined with the values Kargo fills in.
    static func text(_ parts: [NotificationMessage.Part], of message: NotificationMessage) -> KargoExpression {
        let pieces = parts.map { part -> KargoExpression in
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
    static func value(of variable: NotificationMessage.Variable, in message: NotificationMessage) -> KargoExpression {
        let watched = Freight.variable(message == .dispatchFailed ? DownstreamDispatchTask.Input.imageRepo.rawValue : GitHubDispatchTask.Input.baseRepo.rawValue)
        // `?.` and a fallback: the failure message must still render when the Freight lacks the image.
        let image = KargoExpression(raw: "\(Freight.image(watched).source)?")
        func orUnknown(_ expression: KargoExpression) -> KargoExpression { KargoExpression(raw: "(\(expression.source) ?? \(KargoExpression.string("unknown").source))") }
        switch variable {
        case .image: return Freight.variable(RebuildTrigger.imageVariable)
        case .repo: return Freight.variable(GitHubDispatchTask.Input.repo.rawValue)
        case .ref: return Freight.variable(GitHubDispatchTask.Input.ref.rawValue)
        case .versionBump: return Freight.variable(GitHubDispatchTask.Input.versionBump.rawValue)
        case .base: return KargoExpression(raw: "(\(KargoExpression.concat([watched, .string(":"), orUnknown(image.member("Tag"))]).source))")
        case .tag: return orUnknown(image.member("Tag"))
        case .digest: return orUnknown(image.member("Digest"))
        case .project: return KargoExpression(raw: "ctx.project")
        case .stage: return KargoExpression(raw: "ctx.stage")
        case .promotion: return KargoExpression(raw: "ctx.promotion")
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
