/// One step of a job: an action pinned by commit, or a shell script that reads its inputs from `env:` only.
public struct Step: Sendable, Hashable, YAMLRepresentable {
    public enum Run: Sendable, Hashable {
        case action(PinnedAction, with: [(String, YAMLValue)])
        /// A bash script. It must not contain `${{`: values reach it through `env:`.
        case script(String)
        /// A Python script, run with `shell: python` (the runner's `python {0}`). The same rule: no `${{`, values
        /// through `env:`.
        case python(String)

        public static func == (lhs: Run, rhs: Run) -> Bool { lhs.yaml == rhs.yaml }
        public func hash(into hasher: inout Hasher) { hasher.combine(yaml) }

        var yaml: YAMLMapping {
            var mapping = YAMLMapping()
            switch self {
            case let .action(action, with):
                mapping.set("uses", action.reference)
                var inputs = YAMLMapping()
                for (key, value) in with { inputs.set(key, value) }
                mapping.set("with", nonEmpty: inputs)
            case .script(let script):
                mapping.set("shell", "bash")
                mapping.set("run", script)
            case .python(let script):
                mapping.set("shell", "python")
                mapping.set("run", script)
            }
            return mapping
        }
    }

    public var id: String?
    public var name: String
    public var condition: String?
    /// `env:` name → value (usually an expression), in order.
    public var env: [(String, String)]
    public var run: Run

    public init(_ name: String, id: String? = nil, if condition: String? = nil, env: [(String, String)] = [], _ run: Run) {
        self.id = id
        self.name = name
        self.condition = condition
        self.env = env
        self.run = run
    }

    public static func == (lhs: Step, rhs: Step) -> Bool { lhs.yaml == rhs.yaml }
    public func hash(into hasher: inout Hasher) { hasher.combine(yaml) }

    public var yaml: YAMLValue {
        var mapping = YAMLMapping()
        mapping.set("name", name)
        mapping.set("id", id)
        mapping.set("if", condition)
        var envMapping = YAMLMapping()
        for (key, value) in env { envMapping.set(key, value) }
        let run = run.yaml
        // `uses:`/`with:` read best before `env:`, `shell:`/`run:` after it.
        if case .action = self.run {
            for entry in run.entries { mapping.set(entry.key, entry.value) }
            mapping.set("env", nonEmpty: envMapping)
        } else {
            mapping.set("env", nonEmpty: envMapping)
            for entry in run.entries { mapping.set(entry.key, entry.value) }
        }
        return .mapping(mapping)
    }
}
