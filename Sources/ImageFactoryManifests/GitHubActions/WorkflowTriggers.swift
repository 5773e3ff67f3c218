import ImageFactoryYAML

extension GitHubActions {
    /// The `on:` block of a workflow. Only the events image builds use; `pull_request_target` is deliberately
    /// absent (it runs pull-request code with the base repository's secrets).
    public struct Triggers: Sendable, Hashable, YAMLRepresentable {
        public var push: Push?
        public var pullRequest: PullRequest?
        public var mergeGroup: MergeGroup?
        /// Cron expressions (UTC).
        public var schedule: [String]
        public var workflowDispatch: [WorkflowInput]?
        /// `repository_dispatch` event types.
        public var repositoryDispatch: [String]?
        public var workflowCall: WorkflowCall?

        public init(
            push: Push? = nil, pullRequest: PullRequest? = nil, mergeGroup: MergeGroup? = nil, schedule: [String] = [],
            workflowDispatch: [WorkflowInput]? = nil, repositoryDispatch: [String]? = nil, workflowCall: WorkflowCall? = nil
        ) {
            self.push = push
            self.pullRequest = pullRequest
            self.mergeGroup = mergeGroup
            self.schedule = schedule
            self.workflowDispatch = workflowDispatch
            self.repositoryDispatch = repositoryDispatch
            self.workflowCall = workflowCall
        }

        /// `push:` filters. Path filters apply to branch pushes only; GitHub ignores them for tag pushes.
        public struct Push: Sendable, Hashable, YAMLRepresentable {
            public var branches: [String]
            public var tags: [String]
            public var paths: [String]

            public init(branches: [String] = [], tags: [String] = [], paths: [String] = []) {
                self.branches = branches
                self.tags = tags
                self.paths = paths
            }

            public var yaml: YAMLValue { YAMLValue(writing: self) }

            public func write(to output: inout YAMLOutput) {
                output.mapping { output in
                    output.set("branches", nonEmpty: branches)
                    output.set("tags", nonEmpty: tags)
                    output.set("paths", nonEmpty: paths)
                }
            }
        }

        /// `pull_request:` filters.
        public struct PullRequest: Sendable, Hashable, YAMLRepresentable {
            public var branches: [String]
            public var paths: [String]

            public init(branches: [String] = [], paths: [String] = []) {
                self.branches = branches
                self.paths = paths
            }

            public var yaml: YAMLValue { YAMLValue(writing: self) }

            public func write(to output: inout YAMLOutput) {
                output.mapping { output in
                    output.set("branches", nonEmpty: branches)
                    output.set("paths", nonEmpty: paths)
                }
            }
        }

        /// `merge_group:` of a merge queue, activity `checks_requested` (the only one GitHub sends). GitHub filters merge groups
        /// by the branch they target only: `paths` filters exist for `push`, `pull_request` and `pull_request_target` alone.
        public struct MergeGroup: Sendable, Hashable, YAMLRepresentable {
            public var branches: [String]

            public init(branches: [String] = []) {
                self.branches = branches
            }

            public var yaml: YAMLValue { YAMLValue(writing: self) }

            public func write(to output: inout YAMLOutput) {
                output.mapping { output in
                    output.set("types", ["checks_requested"])
                    output.set("branches", nonEmpty: branches)
                }
            }
        }

        /// `workflow_call:`: what a reusable workflow takes and gives back.
        public struct WorkflowCall: Sendable, Hashable, YAMLRepresentable {
            public var inputs: [WorkflowInput]
            public var outputs: [WorkflowOutput]
            public var secrets: [WorkflowSecret]

            public init(inputs: [WorkflowInput], outputs: [WorkflowOutput] = [], secrets: [WorkflowSecret] = []) {
                self.inputs = inputs
                self.outputs = outputs
                self.secrets = secrets
            }

            public var yaml: YAMLValue { YAMLValue(writing: self) }

            public func write(to output: inout YAMLOutput) {
                output.mapping { output in
                    if !inputs.isEmpty { output.set("inputs") { WorkflowInput.writeEntries(inputs, to: &$0) } }
                    if !outputs.isEmpty {
                        output.set("outputs") { output in
                            for workflowOutput in outputs { output.set(workflowOutput.name, workflowOutput) }
                        }
                    }
                    if !secrets.isEmpty {
                        output.set("secrets") { output in
                            for secret in secrets { output.set(secret.name, secret) }
                        }
                    }
                }
            }
        }

        public var yaml: YAMLValue { YAMLValue(writing: self) }

        public func write(to output: inout YAMLOutput) {
            output.mapping { output in
                output.set("push", push)
                output.set("pull_request", pullRequest)
                output.set("merge_group", mergeGroup)
                if !schedule.isEmpty {
                    output.key("schedule")
                    output.sequence { output in
                        for cron in schedule { output.mapping { $0.set("cron", cron) } }
                    }
                }
                if let workflowDispatch {
                    output.set("workflow_dispatch") { output in
                        if !workflowDispatch.isEmpty { output.set("inputs") { WorkflowInput.writeEntries(workflowDispatch, to: &$0) } }
                    }
                }
                if let repositoryDispatch { output.set("repository_dispatch") { $0.set("types", repositoryDispatch) } }
                output.set("workflow_call", workflowCall)
            }
        }
    }
}

extension GitHubActions {
    /// An input of `workflow_dispatch` or `workflow_call`.
    public struct WorkflowInput: Sendable, Hashable, YAMLRepresentable {
        public enum Kind: Sendable, Hashable {
            case string
            case boolean
            case number
            /// `workflow_dispatch` only: one of fixed options.
            case choice([String])
        }

        public var name: String
        public var description: String
        public var kind: Kind
        public var isRequired: Bool
        /// Written as given (a string, or `true`/`false` for booleans).
        public var defaultValue: YAMLValue?

        public init(_ name: String, _ kind: Kind, required: Bool = false, default defaultValue: YAMLValue? = nil, _ description: String) {
            self.name = name
            self.description = description
            self.kind = kind
            self.isRequired = required
            self.defaultValue = defaultValue
        }

        /// Writes `inputs` as entries of an `inputs:` mapping, by name.
        static func writeEntries(_ inputs: [WorkflowInput], to output: inout YAMLOutput) {
            for input in inputs { output.set(input.name, input) }
        }

        public var yaml: YAMLValue { YAMLValue(writing: self) }

        public func write(to output: inout YAMLOutput) {
            output.mapping { output in
                output.set("description", description)
                switch kind {
                case .string: output.set("type", "string")
                case .boolean: output.set("type", "boolean")
                case .number: output.set("type", "number")
                case .choice(let options):
                    output.set("type", "choice")
                    output.set("options", options)
                }
                output.set("required", isRequired)
                output.set("default", defaultValue)
            }
        }
    }
}

extension GitHubActions {
    /// An output of a reusable workflow, taken from one of its jobs.
    public struct WorkflowOutput: Sendable, Hashable, YAMLRepresentable {
        public var name: String
        public var description: String
        /// An expression such as `${{ jobs.build.outputs.digest }}`.
        public var value: String

        public init(_ name: String, value: String, _ description: String) {
            self.name = name
            self.description = description
            self.value = value
        }

        public var yaml: YAMLValue { YAMLValue(writing: self) }

        public func write(to output: inout YAMLOutput) {
            output.mapping { output in
                output.set("description", description)
                output.set("value", value)
            }
        }
    }
}

extension GitHubActions {
    /// A secret a reusable workflow accepts from its caller.
    public struct WorkflowSecret: Sendable, Hashable, YAMLRepresentable {
        public var name: String
        public var description: String
        public var isRequired: Bool

        public init(_ name: String, required: Bool = false, _ description: String) {
            self.name = name
            self.description = description
            self.isRequired = required
        }

        public var yaml: YAMLValue { YAMLValue(writing: self) }

        public func write(to output: inout YAMLOutput) {
            output.mapping { output in
                output.set("description", description)
                output.set("required", isRequired)
            }
        }
    }
}
