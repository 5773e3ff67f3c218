/// An Argo Rollouts AnalysisTemplate, which Kargo runs to verify a Stage.
///
/// Placeholders are `{{args.name}}` (no `$`); any other `{{…}}` fails the run.
public struct AnalysisTemplate: KubernetesObject {
    public var apiVersion: String { "argoproj.io/v1alpha1" }
    public var kind: String { "AnalysisTemplate" }
    public var metadata: ObjectMeta
    public var args: [AnalysisArgument]
    public var metrics: [AnalysisMetric]

    public init(
        _ name: String, namespace: String, labels: [String: String] = [:], args: [AnalysisArgument],
        @ListBuilder<AnalysisMetric> metrics: () -> [AnalysisMetric]
    ) {
        metadata = ObjectMeta(name: name, namespace: namespace, labels: labels)
        self.args = args
        self.metrics = metrics()
    }

    public var body: YAMLMapping {
        var spec = YAMLMapping()
        spec.set("args", nonEmpty: args)
        spec.set("metrics", metrics)
        return ["spec": .mapping(spec)]
    }

    /// `{{args.name}}`, the placeholder Argo Rollouts substitutes.
    public static func placeholder(_ argument: String) -> String { "{{args.\(argument)}}" }
}

/// An argument of an AnalysisTemplate; without a value it is required.
public struct AnalysisArgument: Sendable, Hashable, YAMLRepresentable {
    public var name: String
    public var value: String?

    public init(_ name: String, value: String? = nil) {
        self.name = name
        self.value = value
    }

    public var yaml: YAMLValue {
        var mapping = YAMLMapping()
        mapping.set("name", name)
        mapping.set("value", value)
        return .mapping(mapping)
    }
}

/// A metric measured by a Kubernetes Job: exit 0 passes, a failed Job fails.
public struct AnalysisMetric: Sendable, Hashable, YAMLRepresentable {
    public var name: String
    public var failureLimit: Int?
    public var jobLabels: [String: String]
    public var job: JobSpec

    /// Keep `name` short (≤ 20 characters): the Job is named `<run uid>.<metric>.<n>`.
    public init(name: String, failureLimit: Int? = nil, jobLabels: [String: String] = [:], job: JobSpec) {
        self.name = name
        self.failureLimit = failureLimit
        self.jobLabels = jobLabels
        self.job = job
    }

    public var yaml: YAMLValue {
        var mapping = YAMLMapping()
        mapping.set("name", name)
        mapping.set("failureLimit", failureLimit)
        var jobProvider = YAMLMapping()
        if !jobLabels.isEmpty { jobProvider.set("metadata", ["labels": YAMLValue.sortedStrings(jobLabels)] as YAMLValue) }
        jobProvider.set("spec", job)
        mapping.set("provider", ["job": YAMLValue.mapping(jobProvider)] as YAMLValue)
        return .mapping(mapping)
    }
}
