import ImageFactoryYAML

extension Kargo {
    /// A Kargo PromotionTask: steps shared by several Stages, which call it with their own vars.
    public struct PromotionTask: KubernetesObject {
        public var apiVersion: String { API.version }
        public var kind: String { "PromotionTask" }
        public var metadata: Kubernetes.ObjectMeta
        public var vars: [Input]
        public var steps: [PromotionStep]

        /// A var of the task: without a default value, callers must supply it.
        public struct Input: Sendable, Hashable, YAMLRepresentable {
            public var name: String
            public var defaultValue: String?

            public init(_ name: String, default defaultValue: String? = nil) {
                self.name = name
                self.defaultValue = defaultValue
            }

            public var yaml: YAMLValue { YAMLValue(writing: self) }

            public func write(to output: inout YAMLOutput) {
                output.mapping { output in
                    output.set("name", name)
                    output.set("value", defaultValue)
                }
            }
        }

        public init(
            _ name: String, namespace: String, labels: Kubernetes.Labels = [:], vars: [Input],
            @ListBuilder<PromotionStep> steps: () -> [PromotionStep]
        ) {
            metadata = Kubernetes.ObjectMeta(name: name, namespace: namespace, labels: labels)
            self.vars = vars
            self.steps = steps()
        }

        public var body: YAMLMapping { YAMLMapping(writingEntries: writeBody) }

        public func writeBody(to output: inout YAMLOutput) {
            output.set("spec") { output in
                output.set("vars", nonEmpty: vars)
                output.set("steps", steps)
            }
        }
    }
}
