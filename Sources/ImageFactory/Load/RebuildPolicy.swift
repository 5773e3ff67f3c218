import ImageFactoryManifests

/// How and when one image is rebuilt for a new base: the image's own settings over `defaults`.
package struct RebuildPolicy: Sendable, Hashable {
    /// How long a new base must have existed (its build time) before the rebuild; nil: no wait.
    package var delay: Kargo.Duration?
    /// When rebuilds may start; nil: at any time.
    package var window: RebuildWindow?
    /// Whether Kargo promotes the rebuild trigger by itself.
    package var autoRebuild: Bool
    /// Whether the first base version a rebuild-trigger Stage receives starts a rebuild (otherwise it is recorded).
    package var rebuildExisting = true
    package var versionBump: VersionBump
    package var retry: TriggerRetry
    /// Where to report triggered and failed rebuilds; nil: nowhere.
    package var notification: RebuildNotification?

    package init(
        delay: Kargo.Duration? = nil, window: RebuildWindow? = nil, autoRebuild: Bool = true, versionBump: VersionBump = .patch,
        retry: TriggerRetry = TriggerRetry(), notification: RebuildNotification? = nil
    ) {
        self.delay = delay
        self.window = window
        self.autoRebuild = autoRebuild
        self.versionBump = versionBump
        self.retry = retry
        self.notification = notification
    }

    /// The policy of `image`, its settings taking precedence over `defaults`.
    package static func of(_ image: ImageSpec, defaults: ImageDefaults) -> RebuildPolicy {
        let delay = image.rebuildDelay ?? defaults.rebuildDelay
        var policy = RebuildPolicy(
            delay: delay.flatMap { $0.seconds > 0 ? $0 : nil },
            window: (image.rebuildWindow ?? defaults.rebuildWindow.map(Setting.on))?.value,
            autoRebuild: image.autoRebuild ?? defaults.autoRebuild,
            versionBump: image.versionBump ?? defaults.versionBump,
            retry: image.rebuildRetry ?? defaults.rebuildRetry,
            notification: (image.notify ?? defaults.notify.map(Setting.on))?.value)
        policy.rebuildExisting = image.rebuildExisting ?? defaults.rebuildExisting
        return policy
    }

    /// Whether rebuilds wait for a delay or a window (so they need a gate Warehouse of their own).
    package var isGated: Bool { delay != nil || window != nil }
}

/// An image's own value for a setting that `defaults` may give: a value, or `false` to switch the default off.
package enum Setting<Value: Sendable & Hashable>: Sendable, Hashable {
    case off
    case on(Value)

    package var value: Value? {
        if case .on(let value) = self { return value }
        return nil
    }
}

/// How a rebuild trigger's request is retried (`rebuildRetry`).
///
/// A 5xx or rate-limit answer keeps the step running and the request is sent again every `interval` until
/// `timeout`. Answers that cannot succeed (401, 403, 404, 422) fail at once. A network error (no answer) makes
/// the step error: Kargo v1.11.2 tries it again at once with controller-runtime's per-item backoff, which starts
/// at 5 ms and doubles up to 1000 s (the promotion controller sets no rate limiter of its own), and counts the
/// errors over the whole step (`local_orchestrator.go`: `ErrorCount` is reset only when the step starts). So
/// `attempts` errors last about 5 ms × 2^attempts; by default the threshold is derived from `timeout`, so network
/// errors are retried until the timeout ends the step.
package struct TriggerRetry: Sendable, Hashable {
    package static let defaultTimeout = Kargo.Duration(seconds: 15 * 60)
    package static let defaultInterval = Kargo.Duration(seconds: 60)
    /// Kargo's floor for the `http` step's poll interval.
    package static let shortestInterval = Kargo.Duration(seconds: 10)
    /// controller-runtime's default per-item backoff, which Kargo v1.11.2's promotion controller uses.
    static let firstBackoff = 0.005
    static let longestBackoff = 1000.0

    /// How many network errors the step tolerates before the promotion fails; nil: as many as Kargo's backoff
    /// needs to reach `timeout` (``errorThreshold``).
    package var attempts: Int?
    /// How long the step may keep trying: the step's `retry.timeout`.
    package var timeout: Kargo.Duration
    /// How long to wait before sending again after an answer worth retrying: the step's `pollInterval`.
    package var interval: Kargo.Duration

    package init(attempts: Int? = nil, timeout: Kargo.Duration = defaultTimeout, interval: Kargo.Duration = defaultInterval) {
        self.attempts = attempts
        self.timeout = timeout
        self.interval = interval
    }

    package var isDefault: Bool { self == TriggerRetry() }

    /// The step's `errorThreshold`: `attempts`, or the smallest number of errors whose retries, spaced by Kargo's
    /// backoff, last at least `timeout` (19 for the default 15m).
    package var errorThreshold: Int { attempts ?? Self.errorThreshold(spanning: timeout) }

    static func errorThreshold(spanning timeout: Kargo.Duration) -> Int {
        var errors = 1
        while retrySpan(ofErrors: errors) < Double(timeout.seconds) { errors += 1 }
        return errors
    }

    /// How many seconds Kargo's backoff spreads `errors` network errors over: the waits before each retry.
    static func retrySpan(ofErrors errors: Int) -> Double {
        var waited = 0.0
        var backoff = firstBackoff
        for _ in 1..<max(1, errors) {
            waited += min(backoff, longestBackoff)
            backoff *= 2
        }
        return waited
    }
}

/// Where to post a message when a rebuild is triggered or its trigger fails (`notify`): a Slack-compatible
/// incoming webhook whose URL is a key of a Secret in the Project namespace.
package struct RebuildNotification: Sendable, Hashable {
    package enum Event: String, Sendable, Hashable, CaseIterable {
        case triggered, failed
    }

    /// The Secret key `webhookSecret` reads when it names none.
    package static let defaultKey = "url"

    package var webhook: Kubernetes.SecretKeyReference
    package var events: [Event]

    package init(webhook: Kubernetes.SecretKeyReference, events: [Event] = Event.allCases) {
        self.webhook = webhook
        self.events = events
    }
}
