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

    public var yaml: YAMLValue { YAMLValue(writing: self) }

    public func write(to output: inout YAMLOutput) {
        output.mapping { output in
            output.set("backoffLimit", backoffLimit)
            output.set("activeDeadlineSeconds", activeDeadlineSeconds)
            output.set("ttlSecondsAfterFinished", ttlSecondsAfterFinished)
            output.set("template", template)
        }
    }
}

/// A Pod template: labels and the Pod spec.
public struct PodTemplateSpec: Sendable, Hashable, YAMLRepresentable {
    public var labels: Labels
    public var spec: PodSpec

    public init(labels: Labels = [:], spec: PodSpec) {
        self.labels = labels
        self.spec = spec
    }

    public var yaml: YAMLValue { YAMLValue(writing: self) }

    public func write(to output: inout YAMLOutput) {
        output.mapping { output in
            if !labels.isEmpty { output.set("metadata") { $0.set("labels", nonEmpty: labels) } }
            output.set("spec", spec)
        }
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

    public var yaml: YAMLValue { YAMLValue(writing: self) }

    public func write(to output: inout YAMLOutput) {
        output.mapping { output in
            output.set("restartPolicy", restartPolicy.rawValue)
            output.set("serviceAccountName", serviceAccountName)
            output.set("automountServiceAccountToken", automountServiceAccountToken)
            if runAsNonRoot != nil || seccompRuntimeDefault {
                output.set("securityContext") { output in
                    output.set("runAsNonRoot", runAsNonRoot)
                    if seccompRuntimeDefault { output.set("seccompProfile") { $0.set("type", "RuntimeDefault") } }
                }
            }
            output.set("containers", containers)
        }
    }
}
