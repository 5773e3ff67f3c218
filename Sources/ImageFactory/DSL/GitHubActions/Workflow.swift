/// A GitHub Actions workflow file: triggers, top-level permissions (none by default; jobs opt in), concurrency
/// and jobs, in the key order GitHub's documentation uses.
public struct Workflow: Sendable, Hashable, YAMLRepresentable {
    public var name: String
    public var on: WorkflowTriggers
    /// Workflow-level permissions; empty means `permissions: {}`, so every job states what it needs.
    public var permissions: Permissions
    public var concurrency: Concurrency?
    public var jobs: [Job]

    public init(
        _ name: String, on: WorkflowTriggers, permissions: Permissions = Permissions(), concurrency: Concurrency? = nil,
        @ListBuilder<Job> jobs: () -> [Job]
    ) {
        self.name = name
        self.on = on
        self.permissions = permissions
        self.concurrency = concurrency
        self.jobs = jobs()
    }

    /// The job with this id, or nil.
    public func job(_ id: String) -> Job? { jobs.first { $0.id == id } }

    public var yaml: YAMLValue {
        var mapping = YAMLMapping()
        mapping.set("name", name)
        mapping.set("on", on)
        mapping.set("permissions", permissions)
        mapping.set("concurrency", concurrency)
        var jobsMapping = YAMLMapping()
        for job in jobs { jobsMapping.set(job.id, job) }
        mapping.set("jobs", jobsMapping)
        return .mapping(mapping)
    }
}

/// `concurrency:`: runs in the same group queue; `cancelInProgress` may be an expression.
public struct Concurrency: Sendable, Hashable, YAMLRepresentable {
    public var group: String
    public var cancelInProgress: String

    public init(group: String, cancelInProgress: String) {
        self.group = group
        self.cancelInProgress = cancelInProgress
    }

    public var yaml: YAMLValue { ["group": .string(group), "cancel-in-progress": .string(cancelInProgress)] }
}

/// A `permissions:` mapping of scope to access, in the order given. Empty emits `{}` (no access at all).
public struct Permissions: Sendable, Hashable, YAMLRepresentable {
    public enum Access: String, Sendable, Hashable { case read, write, none }

    private struct Entry: Sendable, Hashable {
        var scope: String
        var access: Access
    }

    private var entries: [Entry]

    public init(_ scopes: KeyValuePairs<String, Access> = [:]) {
        entries = scopes.map { Entry(scope: $0.key, access: $0.value) }
    }

    /// The access granted for `scope`, or nil when it is not listed.
    public subscript(scope: String) -> Access? { entries.first { $0.scope == scope }?.access }

    public var yaml: YAMLValue {
        var mapping = YAMLMapping()
        for entry in entries { mapping.set(entry.scope, entry.access.rawValue) }
        return .mapping(mapping)
    }
}
