/// A step of a promotion: a built-in step (`uses`) with its config.
public struct PromotionStep: Sendable, Hashable, YAMLRepresentable {
    public var uses: String
    /// Alias for `outputs.<alias>`; unique in the template, not `step-N`/`task-N`.
    public var alias: String?
    /// A `${{ }}` expression; the step runs only when it is true.
    public var condition: String?
    public var continueOnError: Bool?
    public var retry: Retry?
    public var vars: [KargoVariable]
    public var config: YAMLValue?

    public init(
        uses: String, as alias: String? = nil, if condition: String? = nil, continueOnError: Bool? = nil,
        retry: Retry? = nil, vars: [KargoVariable] = [], config: (any YAMLRepresentable)? = nil
    ) {
        self.uses = uses
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
        public var timeout: KargoDuration?

        public init(errorThreshold: Int? = nil, timeout: KargoDuration? = nil) {
            self.errorThreshold = errorThreshold
            self.timeout = timeout
        }

        public var yaml: YAMLValue {
            var mapping = YAMLMapping()
            mapping.set("errorThreshold", errorThreshold)
            mapping.set("timeout", timeout?.description)
            return .mapping(mapping)
        }
    }

    public var yaml: YAMLValue {
        var mapping = YAMLMapping()
        mapping.set("uses", uses)
        mapping.set("as", alias)
        mapping.set("if", condition)
        mapping.set("continueOnError", continueOnError)
        mapping.set("retry", retry)
        mapping.set("vars", nonEmpty: vars)
        mapping.set("config", config)
        return .mapping(mapping)
    }
}

extension PromotionStep {
    /// The `http` step.
    public static func http(as alias: String? = nil, retry: Retry? = nil, _ config: HTTPStepConfig) -> PromotionStep {
        PromotionStep(uses: "http", as: alias, retry: retry, config: config)
    }

    /// The `compose-output` step: publishes the given values as outputs (and needs at least one).
    public static func composeOutput(as alias: String? = nil, _ values: KeyValuePairs<String, String>) -> PromotionStep {
        var mapping = YAMLMapping()
        for (key, value) in values { mapping.set(key, value) }
        return PromotionStep(uses: "compose-output", as: alias, config: mapping)
    }
}
