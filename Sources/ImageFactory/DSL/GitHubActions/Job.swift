/// A job: steps on a runner, or a call of a reusable workflow (`uses:` with `with:` and `secrets:`).
public struct Job: Sendable, Hashable, YAMLRepresentable {
    /// What the job runs.
    public enum Body: Sendable, Hashable {
        case steps(runsOn: String, timeoutMinutes: Int, [Step])
        /// A reusable workflow (`./.github/workflows/x.yml` or `owner/repo/.github/workflows/x.yml@sha`).
        case call(String, with: [(String, YAMLValue)], secrets: [(String, String)])

        public static func == (lhs: Body, rhs: Body) -> Bool { lhs.yaml == rhs.yaml }
        public func hash(into hasher: inout Hasher) { hasher.combine(yaml) }

        var yaml: YAMLMapping {
            var mapping = YAMLMapping()
            switch self {
            case let .steps(runsOn, timeout, steps):
                mapping.set("runs-on", runsOn)
                mapping.set("timeout-minutes", timeout)
                mapping.set("steps", steps)
            case let .call(workflow, with, secrets):
                mapping.set("uses", workflow)
                var inputs = YAMLMapping()
                for (key, value) in with { inputs.set(key, value) }
                mapping.set("with", nonEmpty: inputs)
                var secretsMapping = YAMLMapping()
                for (key, value) in secrets { secretsMapping.set(key, value) }
                mapping.set("secrets", nonEmpty: secretsMapping)
            }
            return mapping
        }
    }

    public var id: String
    public var name: String?
    public var needs: [String]
    public var condition: String?
    public var permissions: Permissions
    /// `outputs:` name → expression, in order.
    public var outputs: [(String, String)]
    public var body: Body

    public init(
        _ id: String, name: String? = nil, needs: [String] = [], if condition: String? = nil, permissions: Permissions,
        outputs: [(String, String)] = [], _ body: Body
    ) {
        self.id = id
        self.name = name
        self.needs = needs
        self.condition = condition
        self.permissions = permissions
        self.outputs = outputs
        self.body = body
    }

    /// The steps of a job that runs on a runner (empty for a reusable-workflow call).
    public var steps: [Step] {
        if case .steps(_, _, let steps) = body { return steps }
        return []
    }

    public static func == (lhs: Job, rhs: Job) -> Bool { lhs.yaml == rhs.yaml }
    public func hash(into hasher: inout Hasher) { hasher.combine(yaml) }

    public var yaml: YAMLValue {
        var mapping = YAMLMapping()
        mapping.set("name", name)
        if needs.count == 1 { mapping.set("needs", needs[0]) } else { mapping.set("needs", nonEmpty: needs) }
        mapping.set("if", condition)
        mapping.set("permissions", permissions)
        var outputsMapping = YAMLMapping()
        for (key, value) in outputs { outputsMapping.set(key, value) }
        mapping.set("outputs", nonEmpty: outputsMapping)
        for entry in body.yaml.entries { mapping.set(entry.key, entry.value) }
        return .mapping(mapping)
    }
}
