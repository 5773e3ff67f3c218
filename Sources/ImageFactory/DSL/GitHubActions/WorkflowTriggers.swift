/// The `on:` block of a workflow. Only the events image builds use; `pull_request_target` is deliberately
/// absent (it runs pull-request code with the base repository's secrets).
public struct WorkflowTriggers: Sendable, Hashable, YAMLRepresentable {
    public var push: Push?
    public var pullRequest: PullRequest?
    /// Cron expressions (UTC).
    public var schedule: [String]
    public var workflowDispatch: [WorkflowInput]?
    /// `repository_dispatch` event types.
    public var repositoryDispatch: [String]?
    public var workflowCall: WorkflowCall?

    public init(
        push: Push? = nil, pullRequest: PullRequest? = nil, schedule: [String] = [], workflowDispatch: [WorkflowInput]? = nil,
        repositoryDispatch: [String]? = nil, workflowCall: WorkflowCall? = nil
    ) {
        self.push = push
        self.pullRequest = pullRequest
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

        public var yaml: YAMLValue {
            var mapping = YAMLMapping()
            mapping.set("branches", nonEmpty: branches)
            mapping.set("tags", nonEmpty: tags)
            mapping.set("paths", nonEmpty: paths)
            return .mapping(mapping)
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

        public var yaml: YAMLValue {
            var mapping = YAMLMapping()
            mapping.set("branches", nonEmpty: branches)
            mapping.set("paths", nonEmpty: paths)
            return .mapping(mapping)
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

        public var yaml: YAMLValue {
            var mapping = YAMLMapping()
            mapping.set("inputs", nonEmpty: WorkflowInput.mapping(inputs))
            var outputsMapping = YAMLMapping()
            for output in outputs { outputsMapping.set(output.name, output) }
            mapping.set("outputs", nonEmpty: outputsMapping)
            var secretsMapping = YAMLMapping()
            for secret in secrets { secretsMapping.set(secret.name, secret) }
            mapping.set("secrets", nonEmpty: secretsMapping)
            return .mapping(mapping)
        }
    }

    public var yaml: YAMLValue {
        var mapping = YAMLMapping()
        mapping.set("push", push)
        mapping.set("pull_request", pullRequest)
        if !schedule.isEmpty { mapping.set("schedule", schedule.map { ["cron": .string($0)] as YAMLValue }) }
        if let workflowDispatch {
            let inputs = WorkflowInput.mapping(workflowDispatch)
            mapping.set("workflow_dispatch", inputs.isEmpty ? YAMLValue.mapping(YAMLMapping()) : ["inputs": .mapping(inputs)])
        }
        if let repositoryDispatch { mapping.set("repository_dispatch", ["types": .sequence(repositoryDispatch.map(YAMLValue.string))] as YAMLValue) }
        mapping.set("workflow_call", workflowCall)
        return .mapping(mapping)
    }
}

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

    static func mapping(_ inputs: [WorkflowInput]) -> YAMLMapping {
        var mapping = YAMLMapping()
        for input in inputs { mapping.set(input.name, input) }
        return mapping
    }

    public var yaml: YAMLValue {
        var mapping = YAMLMapping()
        mapping.set("description", description)
        switch kind {
        case .string: mapping.set("type", "string")
        case .boolean: mapping.set("type", "boolean")
        case .number: mapping.set("type", "number")
        case .choice(let options):
            mapping.set("type", "choice")
            mapping.set("options", options)
        }
        mapping.set("required", isRequired)
        mapping.set("default", defaultValue)
        return .mapping(mapping)
    }
}

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

    public var yaml: YAMLValue { ["description": .string(description), "value": .string(value)] }
}

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

    public var yaml: YAMLValue { ["description": .string(description), "required": .bool(isRequired)] }
}
