import ImageFactoryManifests

/// The PromotionTask a rebuild-trigger Stage runs: the forge's trigger step (``GitHubDispatchTask`` or
/// ``GitLabPipelineTask``) with the image's retry policy, a `set-metadata` step that records the base digest the
/// Stage rebuilt for, then, when the image asks for them, the ``RebuildNotification`` posts.
///
/// The record makes a trigger fire once per base digest, whatever Freight carries it: the trigger runs when a
/// person promoted the Freight, or when the Stage's recorded digest differs from the Freight's. A Stage with no
/// record yet (new, renamed) fires for its first Freight unless the image says `rebuildExisting: false`; then that
/// Freight is only recorded. So a changed gate, whose first Freight is the digest already rebuilt for, rebuilds
/// nothing, and a quiet start is possible.
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
        parts += retry.nameParts
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
    func vars(image: String, source: SourceSpec, versionBump: VersionBump, baseRepo: String, rebuildExisting: Bool) -> [Kargo.Variable] {
        var vars = switch provider {
        case .github: GitHubDispatchTask.vars(source: source, versionBump: versionBump, baseRepo: baseRepo)
        case .gitlab: GitLabPipelineTask.vars(source: source, versionBump: versionBump, baseRepo: baseRepo)
        }
        if notification != nil { vars.append(Kargo.Variable(Self.imageVariable, image)) }
        if !rebuildExisting { vars.append(Kargo.Variable(Self.rebuildExistingVariable, "false")) }
        return vars
    }

    static let imageVariable = "image"
    /// `"true"` or `"false"`: the image's `rebuildExisting`. Declared with a default, so Stages pass it only when false.
    static let rebuildExistingVariable = "rebuildExisting"
    /// The Stage status metadata key that holds the base digest the Stage last rebuilt for (or recorded).
    static let recordKey = "rebuiltDigest"

    /// Whether the trigger step runs: the Freight's digest is not the one recorded, or a person promoted it.
    static let triggerCondition: String = {
        let digest = "\(Kargo.Freight.image(Kargo.Freight.variable(GitHubDispatchTask.Input.baseRepo.rawValue)).source)?.Digest"
        let recorded = "stageMetadata(ctx.stage)?.\(recordKey)"
        let firstRecord = "(vars.\(rebuildExistingVariable) == \(Kargo.Expression.string("false").source) ? \(digest) : \(Kargo.Expression.string("").source))"
        return "${{ (\(recorded) ?? \(firstRecord)) != \(digest) || ctx.meta.promotion.actor != \(Kargo.Expression.string("").source) }}"
    }()

    /// Records the base digest in the Stage's status metadata, after the trigger succeeded or was skipped. A
    /// failed record does not fail the rebuild it follows.
    static let recordStep = Kargo.PromotionStep.setStageMetadata(
        as: "record", stage: Kargo.Expression(raw: "ctx.stage").templated,
        [recordKey: Kargo.Freight.image(Kargo.Freight.variable(GitHubDispatchTask.Input.baseRepo.rawValue)).member("Digest").quoted.templated],
        continueOnError: true)

    func task(project: ProjectSettings, messages: [NotificationMessage: [NotificationMessage.Part]]) -> Kargo.PromotionTask {
        var inputs = switch provider {
        case .github: GitHubDispatchTask.Input.allCases.map(\.rawValue)
        case .gitlab: GitLabPipelineTask.Input.allCases.map(\.rawValue)
        }
        if notification != nil { inputs.append(Self.imageVariable) }
        var trigger = switch provider {
        case .github: GitHubDispatchTask.step(project: project, retry: retry)
        case .gitlab: GitLabPipelineTask.step(retry: retry)
        }
        trigger.condition = Self.triggerCondition
        let triggerAlias = trigger.alias ?? ""
        let vars = inputs.map { Kargo.PromotionTask.Input($0) } + [Kargo.PromotionTask.Input(Self.rebuildExistingVariable, default: "true")]
        let posts: [Kargo.PromotionStep] = notification.map { notification in
            notification.events.map { event -> Kargo.PromotionStep in
                let message = NotificationMessage(event)
                var step = NotificationStep.make(message, parts: messages[message] ?? [], webhook: notification.webhook)
                // A skipped trigger started nothing to tell about.
                if event == .triggered { step.condition = "${{ status(\(Kargo.Expression.string(triggerAlias).source)) == \(Kargo.Expression.string("Succeeded").source) }}" }
                return step
            }
        } ?? []
        return Kargo.PromotionTask(taskName, namespace: project.name, labels: FactoryLabels.labels(.rebuildTrigger), vars: vars) {
            trigger
            Self.recordStep
            posts
        }
    }
}

extension TriggerRetry {
    /// The step's `retry`: ``errorThreshold`` errors, running for at most `timeout`.
    var stepRetry: Kargo.PromotionStep.Retry { Kargo.PromotionStep.Retry(errorThreshold: errorThreshold, timeout: timeout) }

    /// What a task name says about a retry policy that is not the default: `retry[-<attempts>x]-<timeout>-every-<interval>`.
    var nameParts: [String] {
        guard !isDefault else { return [] }
        return ["retry"] + (attempts.map { ["\($0)x"] } ?? []) + [timeout.description, "every", interval.description]
    }
}
