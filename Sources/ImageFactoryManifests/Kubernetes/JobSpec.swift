import ImageFactoryYAML

extension Kubernetes {
    /// A `batch/v1` JobSpec: one Pod that runs to completion.
    public struct JobSpec: Sendable, Hashable, YAMLRepresentable {
        public var backoffLimit: Int?
        public var activeDeadlineSeconds: Int?
        public var ttlSecondsAfterFinished: Int?
        /// Which Pod failures end the Job at once, or are not counted against `backoffLimit`.
        public var podFailurePolicy: [PodFailureRule]
        public var template: PodTemplateSpec

        public init(
            backoffLimit: Int? = nil, activeDeadlineSeconds: Int? = nil, ttlSecondsAfterFinished: Int? = nil, podFailurePolicy: [PodFailureRule] = [],
            template: PodTemplateSpec
        ) {
            self.backoffLimit = backoffLimit
            self.activeDeadlineSeconds = activeDeadlineSeconds
            self.ttlSecondsAfterFinished = ttlSecondsAfterFinished
            self.podFailurePolicy = podFailurePolicy
            self.template = template
        }

        public var yaml: YAMLValue { YAMLValue(writing: self) }

        public func write(to output: inout YAMLOutput) {
            output.mapping { output in
                output.set("backoffLimit", backoffLimit)
                output.set("activeDeadlineSeconds", activeDeadlineSeconds)
                output.set("ttlSecondsAfterFinished", ttlSecondsAfterFinished)
                if !podFailurePolicy.isEmpty { output.set("podFailurePolicy") { $0.set("rules", nonEmpty: podFailurePolicy) } }
                output.set("template", template)
            }
        }
    }
}

extension Kubernetes {
    /// A rule of a Job's `podFailurePolicy` (Kubernetes 1.26 and later).
    public enum PodFailureRule: Sendable, Hashable, YAMLRepresentable {
        /// Fail the whole Job when `container` exits with one of `codes`.
        case failJob(container: String, onExitCodes: [Int])
        /// Do not count a Pod that failed because it was disrupted (evicted, preempted, its node drained).
        case ignoreDisruption

        public var yaml: YAMLValue { YAMLValue(writing: self) }

        public func write(to output: inout YAMLOutput) {
            output.mapping { output in
                switch self {
                case let .failJob(container, codes):
                    output.set("action", "FailJob")
                    output.set("onExitCodes") { output in
                        output.set("containerName", container)
                        output.set("operator", "In")
                        output.set("values", nonEmpty: codes)
                    }
                case .ignoreDisruption:
                    output.set("action", "Ignore")
                    output.key("onPodConditions")
                    output.sequence { output in
                        output.mapping { output in
                            output.set("type", "DisruptionTarget")
                            output.set("status", "True")
                        }
                    }
                }
            }
        }
    }
}

extension Kubernetes {
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
}

extension Kubernetes {
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
}
