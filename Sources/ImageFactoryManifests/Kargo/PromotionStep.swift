import ImageFactoryYAML

extension Kargo {
    /// A step of a promotion: a built-in step (`uses`) with its config, or a ``PromotionTask`` (`task`) with vars.
    public struct PromotionStep: Sendable, Hashable, YAMLRepresentable {
        /// The built-in step to run; nil for a task step.
        public var uses: String?
        /// The PromotionTask to inflate here; nil for a built-in step. Task steps take only `as` and `vars`.
        public var task: String?
        /// Alias for `outputs.<alias>`; unique in the template, not `step-N`/`task-N`.
        public var alias: String?
        /// A `${{ }}` expression; the step runs only when it is true.
        public var condition: String?
        public var continueOnError: Bool?
        public var retry: Retry?
        public var vars: [Variable]
        public var config: YAMLValue?

        public init(
            uses: String, as alias: String? = nil, if condition: String? = nil, continueOnError: Bool? = nil,
            retry: Retry? = nil, vars: [Variable] = [], config: (any YAMLRepresentable)? = nil
        ) {
            self.uses = uses
            task = nil
            self.alias = alias
            self.condition = condition
            self.continueOnError = continueOnError
            self.retry = retry
            self.vars = vars
            self.config = config?.yaml
        }

        /// How often a step may fail, and how long a Running step may keep going.
        public struct Retry: Sendable, Hashable, YAMLRepresentable {
            public var errorThreshold: Int?
            public var timeout: Duration?

            public init(errorThreshold: Int? = nil, timeout: Duration? = nil) {
                self.errorThreshold = errorThreshold
                self.timeout = timeout
            }

            public var yaml: YAMLValue { YAMLValue(writing: self) }

            public func write(to output: inout YAMLOutput) {
                output.mapping { output in
                    output.set("errorThreshold", errorThreshold)
                    output.set("timeout", timeout?.description)
                }
            }
        }

        public var yaml: YAMLValue { YAMLValue(writing: self) }

        public func write(to output: inout YAMLOutput) {
            output.mapping { output in
                output.set("uses", uses)
                if let task { output.set("task") { $0.set("name", task) } }
                output.set("as", alias)
                output.set("if", condition)
                output.set("continueOnError", continueOnError)
                output.set("retry", retry)
                output.set("vars", nonEmpty: vars)
                output.set("config", config)
            }
        }
    }
}

extension Kargo.PromotionStep {
    /// A step that runs the PromotionTask `name` (in the Stage's namespace) with these vars.
    public static func task(_ name: String, as alias: String? = nil, vars: [Kargo.Variable]) -> Kargo.PromotionStep {
        var step = Kargo.PromotionStep(uses: "", as: alias, vars: vars)
        step.uses = nil
        step.task = name
        return step
    }

    /// The `http` step.
    public static func http(as alias: String? = nil, retry: Retry? = nil, _ config: Kargo.HTTPStepConfig) -> Kargo.PromotionStep {
        Kargo.PromotionStep(uses: "http", as: alias, retry: retry, config: config)
    }

    /// The `set-metadata` step writing `values` into the status metadata of the Stage `stage` (an expression such
    /// as `${{ ctx.stage }}`), where `stageMetadata(name)` reads them back.
    public static func setStageMetadata(
        as alias: String? = nil, stage: String, _ values: KeyValuePairs<String, String>, continueOnError: Bool? = nil
    ) -> Kargo.PromotionStep {
        var entries = YAMLMapping()
        for (key, value) in values { entries.set(key, value) }
        var update = YAMLMapping()
        update.set("kind", "Stage")
        update.set("name", stage)
        update.set("values", entries)
        var config = YAMLMapping()
        config.set("updates", nonEmpty: [update])
        return Kargo.PromotionStep(uses: "set-metadata", as: alias, continueOnError: continueOnError, config: config)
    }

    /// The `compose-output` step: publishes the given values as outputs (and needs at least one).
    public static func composeOutput(as alias: String? = nil, _ values: KeyValuePairs<String, String>) -> Kargo.PromotionStep {
        var mapping = YAMLMapping()
        for (key, value) in values { mapping.set(key, value) }
        return Kargo.PromotionStep(uses: "compose-output", as: alias, config: mapping)
    }
}
