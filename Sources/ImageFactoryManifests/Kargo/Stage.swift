import ImageFactoryYAML

extension Kargo {
    /// A Kargo Stage: requests Freight, promotes it through steps, then verifies it.
    ///
    /// A Stage without steps is a control-flow Stage: Kargo never verifies or soaks Freight there, so give a
    /// Stage with `verification` at least one step.
    public struct Stage: KubernetesObject {
        public var apiVersion: String { API.version }
        public var kind: String { "Stage" }
        public var metadata: Kubernetes.ObjectMeta
        /// Visible to promotion steps and to verification args.
        public var vars: [Variable]
        public var requestedFreight: [FreightRequest]
        public var steps: [PromotionStep]
        public var verification: Verification?

        public init(
            _ name: String, namespace: String, labels: Kubernetes.Labels = [:], annotations: Kubernetes.Labels = [:],
            vars: [Variable] = [], verification: Verification? = nil,
            @ListBuilder<FreightRequest> requestedFreight: () -> [FreightRequest],
            @ListBuilder<PromotionStep> steps: () -> [PromotionStep] = { [] }
        ) {
            metadata = Kubernetes.ObjectMeta(name: name, namespace: namespace, labels: labels, annotations: annotations)
            self.vars = vars
            self.requestedFreight = requestedFreight()
            self.steps = steps()
            self.verification = verification
        }

        public var body: YAMLMapping { YAMLMapping(writingEntries: writeBody) }

        public func writeBody(to output: inout YAMLOutput) {
            output.set("spec") { output in
                output.set("vars", nonEmpty: vars)
                output.set("requestedFreight", requestedFreight)
                if !steps.isEmpty {
                    output.set("promotionTemplate") { output in
                        output.set("spec") { $0.set("steps", steps) }
                    }
                }
                output.set("verification", verification)
            }
        }
    }
}

extension Kargo {
    /// A named value for expressions (`vars.name`). Names match `^[a-zA-Z_]\w*$`: no hyphens.
    public struct Variable: Sendable, Hashable, YAMLRepresentable {
        public var name: String
        public var value: String

        public init(_ name: String, _ value: String) {
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

extension Kargo {
    /// Which Freight a Stage accepts, and from where.
    public struct FreightRequest: Sendable, Hashable, YAMLRepresentable {
        public var warehouse: String
        public var sources: FreightSources

        public init(warehouse: String, sources: FreightSources) {
            self.warehouse = warehouse
            self.sources = sources
        }

        public var yaml: YAMLValue { YAMLValue(writing: self) }

        public func write(to output: inout YAMLOutput) {
            output.mapping { output in
                output.set("origin") { output in
                    output.set("kind", "Warehouse")
                    output.set("name", warehouse)
                }
                output.set("sources", sources)
            }
        }
    }
}

extension Kargo {
    /// Where requested Freight may come from: straight from the Warehouse, or after it was verified upstream.
    public struct FreightSources: Sendable, Hashable, YAMLRepresentable {
        public var direct: Bool?
        public var stages: [String]
        /// How long Freight must have been verified in and occupied an upstream Stage (upstream sources only).
        public var requiredSoakTime: Duration?

        public init(direct: Bool? = nil, stages: [String] = [], requiredSoakTime: Duration? = nil) {
            self.direct = direct
            self.stages = stages
            self.requiredSoakTime = requiredSoakTime
        }

        /// Freight straight from the Warehouse.
        public static let direct = FreightSources(direct: true)

        /// Freight verified in these Stages.
        public static func upstream(_ stages: String..., requiredSoakTime: Duration? = nil) -> FreightSources {
            FreightSources(stages: stages, requiredSoakTime: requiredSoakTime)
        }

        public var yaml: YAMLValue { YAMLValue(writing: self) }

        public func write(to output: inout YAMLOutput) {
            output.mapping { output in
                output.set("direct", direct)
                output.set("stages", nonEmpty: stages)
                output.set("requiredSoakTime", requiredSoakTime?.description)
            }
        }
    }
}

extension Kargo {
    /// Runs AnalysisTemplates after a successful promotion. Arg values must evaluate to strings.
    public struct Verification: Sendable, Hashable, YAMLRepresentable {
        public var analysisTemplates: [String]
        public var runLabels: Kubernetes.Labels
        public var args: [Variable]

        public init(analysisTemplates: [String], runLabels: Kubernetes.Labels = [:], args: [Variable] = []) {
            self.analysisTemplates = analysisTemplates
            self.runLabels = runLabels
            self.args = args
        }

        public var yaml: YAMLValue { YAMLValue(writing: self) }

        public func write(to output: inout YAMLOutput) {
            output.mapping { output in
                output.key("analysisTemplates")
                output.sequence { output in
                    for template in analysisTemplates { output.mapping { $0.set("name", template) } }
                }
                if !runLabels.isEmpty { output.set("analysisRunMetadata") { $0.set("labels", nonEmpty: runLabels) } }
                output.set("args", nonEmpty: args)
            }
        }
    }
}
