import ImageFactoryYAML

extension GitHubActions {
    /// One step of a job: an action pinned by commit, or a shell script that reads its inputs from `env:` only.
    public struct Step: Sendable, Hashable, YAMLRepresentable {
        public enum Run: Sendable, Hashable {
            case action(PinnedAction, with: [(String, YAMLValue)])
            /// A bash script. It must not contain `${{`: values reach it through `env:`.
            case script(String)
            /// A Python script, run with `shell: python3 {0}`: the `python3` that installs its packages with
            /// `python3 -m pip` (GitHub's `shell: python` runs whatever `python` is first on the PATH, which a runner may
            /// not have, or may be another interpreter). The same rule: no `${{`, values through `env:`.
            case python(String)

            public static func == (lhs: Run, rhs: Run) -> Bool { lhs.yaml == rhs.yaml }
            public func hash(into hasher: inout Hasher) { hasher.combine(yaml) }

            var yaml: YAMLMapping { YAMLMapping(writingEntries: writeEntries) }

            /// Writes what runs as entries of the step's mapping.
            func writeEntries(to output: inout YAMLOutput) {
                switch self {
                case let .action(action, with):
                    output.set("uses", action.reference)
                    // The release as a comment after the commit (`uses: owner/repo@<sha> # vX.Y.Z`), the form Dependabot,
                    // Renovate and zizmor's `ref-version-mismatch` read.
                    if let version = PinnedAction.version(ofReference: action.reference) { output.comment(version) }
                    if !with.isEmpty {
                        output.set("with") { output in
                            for (key, value) in with { output.set(key, value) }
                        }
                    }
                case .script(let script):
                    output.set("shell", "bash")
                    output.set("run", script)
                case .python(let script):
                    output.set("shell", "python3 {0}")
                    output.set("run", script)
                }
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

        public var yaml: YAMLValue { YAMLValue(writing: self) }

        public func write(to output: inout YAMLOutput) {
            output.mapping { output in
                output.set("name", name)
                output.set("id", id)
                output.set("if", condition)
                // `uses:`/`with:` read best before `env:`, `shell:`/`run:` after it.
                if case .action = run {
                    run.writeEntries(to: &output)
                    writeEnvironment(to: &output)
                } else {
                    writeEnvironment(to: &output)
                    run.writeEntries(to: &output)
                }
            }
        }

        /// The `env:` entry, unless there are no variables.
        private func writeEnvironment(to output: inout YAMLOutput) {
            guard !env.isEmpty else { return }
            output.set("env") { output in
                for (key, value) in env { output.set(key, value) }
            }
        }
    }
}
