/// The PromotionTask a rebuild-trigger Stage runs: the forge's trigger step (``GitHubDispatchTask`` or
/// ``GitLabPipelineTask``) with the image's retry policy, then, when the image asks for them, the
/// ``RebuildNotification`` posts.
///
/// Task steps cannot carry `retry` or `if`, so each combination of forge, retry policy and notification target
/// is a task of its own; images that share one share the task, and the common case is one task in all. Its
/// name says what differs from the default (`github-workflow-dispatch-retry-5x-30m-every-2m-notify-slack-webhook`).
struct RebuildTrigger: Sendable, Hashable {
    var provider: SourceSpec.Provider
    var retry: TriggerRetry
    var notification: RebuildNotification?
    /// Says what differs from the default; computed once, since every Stage of the image names it.
    let taskName: String

    init(provider: SourceSpec.Provider, policy: RebuildPolicy) {
        self.provider = provider
        retry = policy.retry
        notification = policy.notification
        taskName = Self.taskName(provider: provider, retry: retry, notification: notification)
    }

    private static func taskName(provider: SourceSpec.Provider, retry: TriggerRetry, notification: RebuildNotification?) -> String {
        // The usual trigger (default retries, no notification) is named after its provider alone: made once.
        if retry.isDefault, notification == nil { return provider == .github ? plainGitHubTaskName : plainGitLabTaskName }
        var parts = [provider == .github ? GitHubDispatchTask.name : GitLabPipelineTask.name]
        if !retry.isDefault { parts += ["retry", "\(retry.attempts)x", retry.timeout.description, "every", retry.interval.description] }
        if let notification {
            parts += ["notify", notification.webhook.name]
            if notification.webhook.key != RebuildNotification.defaultKey { parts.append(notification.webhook.key) }
            if notification.events != RebuildNotification.Event.allCases { parts += notification.events.map(\.rawValue) }
        }
        return KubernetesName.make(parts: parts)
    }

    private static let plainGitHubTaskName = KubernetesName.make(parts: [GitHubDispatchTask.name])
    private static let plainGitLabTaskName = KubernetesName.make(parts: [GitLabPipelineTask.name])

    /// The vars a rebuild-trigger Stage passes to the task for one image and one base.
    func vars(image: String, source: SourceSpec, versionBump: VersionBump, baseRepo: String) -> [KargoVariable] {
        var vars = switch provider {
        case .github: GitHubDispatchTask.vars(source: source, versionBump: versionBump, baseRepo: baseRepo)
        case .gitlab: GitLabPipelineTask.vars(source: source, versionBump: versionBump, baseRepo: baseRepo)
        }
        if notification != nil { vars.append(KargoVariable(Self.imageVariable, image)) }
        return vars
    }

    static let imageVariable = "image"

    func task(project: ProjectSettings, messages: [NotificationMessage: [NotificationMessage.Part]]) -> PromotionTask {
        var inputs = switch provider {
        case .github: GitHubDispatchTask.Input.allCases.map(\.rawValue)
        case .gitlab: GitLabPipelineTask.Input.allCases.map(\.rawValue)
        }
        if notification != nil { inputs.append(Self.imageVariable) }
        let trigger = switch provider {
        case .github: GitHubDispatchTask.step(project: project, retry: retry)
        case .gitlab: GitLabPipelineTask.step(retry: retry)
        }
        return PromotionTask(taskName, namespace: project.name, labels: FactoryLabels.labels(.rebuildTrigger), vars: inputs.map { PromotionTask.Input($0) }) {
            trigger
            if let notification {
                for event in notification.events {
                    let message = NotificationMessage(event)
                    NotificationStep.make(message, parts: messages[message] ?? [], webhook: notification.webhook)
                }
            }
        }
    }
}

extension TriggerRetry {
    /// The step's `retry`: `attempts` consecutive errors, running for at most `timeout`.
    var stepRetry: PromotionStep.Retry { PromotionStep.Retry(errorThreshold: attempts, timeout: timeout) }
}
