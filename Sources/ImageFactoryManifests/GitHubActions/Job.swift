import ImageFactoryYAML

extension GitHubActions {
    /// A job: steps on a runner, or a call of a reusable workflow (`uses:` with `with:` and `secrets:`).
    public struct Job: Sendable, Hashable, YAMLRepresentable {
        /// What the job runs.
        public enum Body: Sendable, Hashable {
            case steps(runsOn: String, timeoutMinutes: Int, [Step])
            /// A reusable workflow (`./.github/workflows/x.yml` or `owner/repo/.github/workflows/x.yml@sha`).
            case call(String, with: [(String, YAMLValue)], secrets: [(String, String)])

            public static func == (lhs: Body, rhs: Body) -> Bool { lhs.yaml == rhs.yaml }
            public func hash(into hasher: inout Hasher) { hasher.combine(yaml) }

            var yaml: YAMLMapping { YAMLMapping(writingEntries: writeEntries) }

            /// Writes the body's entries into the job's mapping.
            func writeEntries(to output: inout YAMLOutput) {
                switch self {
                case let .steps(runsOn, timeout, steps):
                    output.set("runs-on", runsOn)
                    output.set("timeout-minutes", timeout)
                    output.set("steps", steps)
                case let .call(workflow, with, secrets):
                    output.set("uses", workflow)
                    if let version = PinnedAction.version(ofReference: workflow) { output.comment(version) }
                    if !with.isEmpty {
                        output.set("with") { output in
                            for (key, value) in with { output.set(key, value) }
                        }
                    }
                    if !secrets.isEmpty {
                        output.set("secrets") { output in
                            for (key, value) in secrets { output.set(key, value) }
                        }
                    }
                }
            }
        }

        public var id: String
        public var name: String?
        public var needs: [String]
        public var condition: String?
        public var permissions: Permissions
        /// `outputs:` name → expression, in order.
        public var outputs: [(String, String)]
        /// `env:` of every step, name → value, in order; what a step's `if:` can read as `env.NAME`.
        public var env: [(String, String)]
        public var body: Body

        public init(
            _ id: String, name: String? = nil, needs: [String] = [], if condition: String? = nil, permissions: Permissions,
            outputs: [(String, String)] = [], env: [(String, String)] = [], _ body: Body
        ) {
            self.id = id
            self.name = name
            self.needs = needs
            self.condition = condition
            self.permissions = permissions
            self.outputs = outputs
            self.env = env
            self.body = body
        }

        /// The steps of a job that runs on a runner (empty for a reusable-workflow call).
        public var steps: [Step] {
            if case .steps(_, _, let steps) = body { return steps }
            return []
        }

        public static func == (lhs: Job, rhs: Job) -> Bool { lhs.yaml == rhs.yaml }
        public func hash(into hasher: inout Hasher) { hasher.combine(yaml) }

        public var yaml: YAMLValue { YAMLValue(writing: self) }

        public func write(to output: inout YAMLOutput) {
            output.mapping { output in
                output.set("name", name)
                if needs.count == 1 { output.set("needs", needs[0]) } else { output.set("needs", nonEmpty: needs) }
                output.set("if", condition)
                output.set("permissions", permissions)
                if !outputs.isEmpty {
                    output.set("outputs") { output in
                        for (key, value) in outputs { output.set(key, value) }
                    }
                }
                if !env.isEmpty {
                    output.set("env") { output in
                        for (key, value) in env { output.set(key, value) }
                    }
                }
                body.writeEntries(to: &output)
            }
        }
    }
}
