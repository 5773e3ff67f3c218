import ImageFactoryYAML

extension Kargo {
    /// A Kargo ProjectConfig: the Project's auto-promotion policies and webhook receivers. Its name must equal its
    /// namespace.
    public struct ProjectConfig: KubernetesObject {
        public var apiVersion: String { API.version }
        public var kind: String { "ProjectConfig" }
        public var metadata: Kubernetes.ObjectMeta
        public var promotionPolicies: [PromotionPolicy]
        public var webhookReceivers: [WebhookReceiver]

        public init(
            project: String, labels: Kubernetes.Labels = [:], webhookReceivers: [WebhookReceiver] = [],
            @ListBuilder<PromotionPolicy> promotionPolicies: () -> [PromotionPolicy]
        ) {
            metadata = Kubernetes.ObjectMeta(name: project, namespace: project, labels: labels)
            self.promotionPolicies = promotionPolicies()
            self.webhookReceivers = webhookReceivers
        }

        public var body: YAMLMapping { YAMLMapping(writingEntries: writeBody) }

        public func writeBody(to output: inout YAMLOutput) {
            output.set("spec") { output in
                output.set("promotionPolicies", nonEmpty: promotionPolicies)
                output.set("webhookReceivers", nonEmpty: webhookReceivers)
            }
        }
    }
}

extension Kargo {
    /// Whether the Stages a selector picks are promoted automatically. The first matching policy wins.
    public struct PromotionPolicy: Sendable, Hashable, YAMLRepresentable {
        public var stageSelector: StageSelector
        public var autoPromotionEnabled: Bool

        public init(_ stageSelector: StageSelector, autoPromotionEnabled: Bool) {
            self.stageSelector = stageSelector
            self.autoPromotionEnabled = autoPromotionEnabled
        }

        public var yaml: YAMLValue { YAMLValue(writing: self) }

        public func write(to output: inout YAMLOutput) {
            output.mapping { output in
                output.set("stageSelector", stageSelector)
                output.set("autoPromotionEnabled", autoPromotionEnabled)
            }
        }
    }
}

extension Kargo {
    /// Selects Stages by name (exact, `glob:`, `regex:`) and/or labels; both must match when both are given.
    public struct StageSelector: Sendable, Hashable, YAMLRepresentable {
        public var name: String?
        public var matchLabels: [String: String]

        public init(name: String? = nil, matchLabels: [String: String] = [:]) {
            self.name = name
            self.matchLabels = matchLabels
        }

        /// Whether this selector picks a Stage with that name and those labels.
        public func matches(name stageName: String, labels: Kubernetes.Labels) -> Bool {
            if let name, name != stageName { return false }
            return matchLabels.allSatisfy { labels[$0.key] == $0.value }
        }

        public var yaml: YAMLValue { YAMLValue(writing: self) }

        public func write(to output: inout YAMLOutput) {
            output.mapping { output in
                output.set("name", name)
                output.set("matchLabels", sorted: matchLabels)
            }
        }
    }
}
