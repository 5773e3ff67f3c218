/// A `batch/v1` JobSpec: one Pod that runs to completion.
public struct JobSpec: Sendable, Hashable, YAMLRepresentable {
    public var backoffLimit: Int?
    public var activeDeadlineSeconds: Int?
    public var ttlSecondsAfterFinished: Int?
    public var template: PodTemplateSpec

    public init(backoffLimit: Int? = nil, activeDeadlineSeconds: Int? = nil, ttlSecondsAfterFinished: Int? = nil, template: PodTemplateSpec) {
        self.backoffLimit = backoffLimit
        self.activeDeadlineSeconds = activeDeadlineSeconds
        self.ttlSecondsAfterFinished = ttlSecondsAfterFinished
        self.template = template
    }

    public var yaml: YAMLValue {
        var mapping = YAMLMapping()
        mapping.set("backoffLimit", backoffLimit)
        mapping.set("activeDeadlineSeconds", activeDeadlineSeconds)
        mapping.set("ttlSecondsAfterFinished", ttlSecondsAfterFinished)
        mapping.set("template", template)
        return .mapping(mapping)
    }
}

/// A Pod template: labels and the Pod spec.
public struct PodTemplateSpec: Sendable, Hashable, YAMLRepresentable {
    public var labels: [String: String]
    public var spec: PodSpec

    public init(labels: [String: String] = [:], spec: PodSpec) {
        self.labels = labels
        self.spec = spec
    }

    public var yaml: YAMLValue {
        var mapping = YAMLMapping()
        if !labels.isEmpty { mapping.set("metadata", ["labels": YAMLValue.sortedStrings(labels)] as YAMLValue) }
        mapping.set("spec", spec)
        return .mapping(mapping)
    }
}

/// The Pod fields the factory's Jobs use.
public struct PodSpec: Sendable, Hashable, YAMLRepresentable {
    public enum RestartPolicy: String, Sendable { case never = "Never", onFailure = "OnFailure" }

    public var restartPolicy: RestartPolicy
    public var serviceAccountName: String?
    public var automountServiceAccountToken: Bool?
    public var runAsNonRoot: Bool?
    public var seccompRuntimeDefault: Bool
    public var containers: [Container]

    public init(
        restartPolicy: RestartPolicy = .never, serviceAccountName: String? = nil, automountServiceAccountToken: Bool? = nil,
        runAsNonRoot: Bool? = nil, seccompRuntimeDefault: Bool = false, containers: [Container]
    ) {
        self.restartPolicy = restartPolicy
        self.serviceAccountName = serviceAccountName
        self.automountServiceAccountToken = automountServiceAccountToken
        self.runAsNonRoot = runAsNonRoot
        self.seccompRuntimeDefault = seccompRuntimeDefault
        self.containers = containers
    }

    public var yaml: YAMLValue {
        var mapping = YAMLMapping()
        mapping.set("restartPolicy", restartPolicy.rawValue)
        mapping.set("serviceAccountName", serviceAccountName)
        mapping.set("automountServiceAccountToken", automountServiceAccountToken)
        var security = YAMLMapping()
        security.set("runAsNonRoot", runAsNonRoot)
        if seccompRuntimeDefault { security.set("seccompProfile", ["type": "RuntimeDefault"] as YAMLValue) }
        mapping.set("securityContext", nonEmpty: security)
        mapping.set("containers", containers)
        return .mapping(mapping)
    }
}
