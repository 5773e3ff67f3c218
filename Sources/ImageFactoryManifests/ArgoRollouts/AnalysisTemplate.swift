import ImageFactoryYAML

extension ArgoRollouts {
    /// An Argo Rollouts AnalysisTemplate, which Kargo runs to verify a Stage.
    ///
    /// Placeholders are `{{args.name}}` (no `$`); any other `{{…}}` fails the run.
    public struct AnalysisTemplate: KubernetesObject {
        public var apiVersion: String { "argoproj.io/v1alpha1" }
        public var kind: String { "AnalysisTemplate" }
        public var metadata: Kubernetes.ObjectMeta
        public var args: [AnalysisArgument]
        public var metrics: [AnalysisMetric]

        public init(
            _ name: String, namespace: String, labels: Kubernetes.Labels = [:], args: [AnalysisArgument],
            @ListBuilder<AnalysisMetric> metrics: () -> [AnalysisMetric]
        ) {
            metadata = Kubernetes.ObjectMeta(name: name, namespace: namespace, labels: labels)
            self.args = args
            self.metrics = metrics()
        }

        public var body: YAMLMapping { YAMLMapping(writingEntries: writeBody) }

        public func writeBody(to output: inout YAMLOutput) {
            output.set("spec") { output in
                output.set("args", nonEmpty: args)
                output.set("metrics", metrics)
            }
        }

        /// `{{args.name}}`, the placeholder Argo Rollouts substitutes.
        public static func placeholder(_ argument: String) -> String { "{{args.\(argument)}}" }
    }
}

extension ArgoRollouts {
    /// An argument of an AnalysisTemplate; without a value it is required.
    public struct AnalysisArgument: Sendable, Hashable, YAMLRepresentable {
        public var name: String
        public var value: String?

        public init(_ name: String, value: String? = nil) {
            self.name = name
            self.value = value
        }

        public var yaml: YAMLValue { YAMLValue(writing: self) }

        public func write(to output: inout YAMLOutput) {
            output.mapping { output in
                output.set("name", name)
                output.set("value", value)
            }
        }
    }
}

extension ArgoRollouts {
    /// A metric measured by a Kubernetes Job: exit 0 passes, a failed Job fails.
    public struct AnalysisMetric: Sendable, Hashable, YAMLRepresentable {
        public var name: String
        public var failureLimit: Int?
        public var jobLabels: Kubernetes.Labels
        public var job: Kubernetes.JobSpec

        /// Keep `name` short (≤ 20 characters): the Job is named `<run uid>.<metric>.<n>`.
        public init(name: String, failureLimit: Int? = nil, jobLabels: Kubernetes.Labels = [:], job: Kubernetes.JobSpec) {
            self.name = name
            self.failureLimit = failureLimit
            self.jobLabels = jobLabels
            self.job = job
        }

        public var yaml: YAMLValue { YAMLValue(writing: self) }

        public func write(to output: inout YAMLOutput) {
            output.mapping { output in
                output.set("name", name)
                output.set("failureLimit", failureLimit)
                output.set("provider") { output in
                    output.set("job") { output in
                        if !jobLabels.isEmpty { output.set("metadata") { $0.set("labels", nonEmpty: jobLabels) } }
                        output.set("spec", job)
                    }
                }
            }
        }
    }
}
