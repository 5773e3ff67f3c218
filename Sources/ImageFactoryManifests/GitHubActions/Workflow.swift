import ImageFactoryYAML

extension GitHubActions {
    /// A GitHub Actions workflow file: triggers, top-level permissions (none by default; jobs opt in), concurrency
    /// and jobs, in the key order GitHub's documentation uses.
    public struct Workflow: Sendable, Hashable, YAMLRepresentable {
        public var name: String
        public var on: Triggers
        /// Workflow-level permissions; empty means `permissions: {}`, so every job states what it needs.
        public var permissions: Permissions
        public var concurrency: Concurrency?
        public var jobs: [Job]

        public init(
            _ name: String, on: Triggers, permissions: Permissions = Permissions(), concurrency: Concurrency? = nil,
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

        public var yaml: YAMLValue { YAMLValue(writing: self) }

        public func write(to output: inout YAMLOutput) {
            output.mapping { output in
                output.set("name", name)
                output.set("on", on)
                output.set("permissions", permissions)
                output.set("concurrency", concurrency)
                output.set("jobs") { output in
                    for job in jobs { output.set(job.id, job) }
                }
            }
        }
    }
}

extension GitHubActions {
    /// `concurrency:`: runs in the same group queue; `cancelInProgress` may be an expression.
    public struct Concurrency: Sendable, Hashable, YAMLRepresentable {
        /// How many runs may wait in the group: `single` (GitHub's default) keeps one and cancels the pending one a
        /// newer run replaces; `max` keeps up to 100, first in first out.
        public enum Queue: String, Sendable, Hashable { case single, max }

        public var group: String
        /// A boolean, or an expression that gives one.
        public var cancelInProgress: YAMLValue
        public var queue: Queue?

        /// `cancel-in-progress` as an expression, such as `${{ github.event_name == 'pull_request' }}`.
        public init(group: String, cancelInProgress: String, queue: Queue? = nil) {
            self.group = group
            self.cancelInProgress = .string(cancelInProgress)
            self.queue = queue
        }

        public init(group: String, cancelInProgress: Bool, queue: Queue? = nil) {
            self.group = group
            self.cancelInProgress = .bool(cancelInProgress)
            self.queue = queue
        }

        public var yaml: YAMLValue { YAMLValue(writing: self) }

        public func write(to output: inout YAMLOutput) {
            output.mapping { output in
                output.set("group", group)
                output.set("cancel-in-progress", cancelInProgress)
                output.set("queue", queue?.rawValue)
            }
        }
    }
}

extension GitHubActions {
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

        public var yaml: YAMLValue { YAMLValue(writing: self) }

        public func write(to output: inout YAMLOutput) {
            output.mapping { output in
                for entry in entries { output.set(entry.scope, entry.access.rawValue) }
            }
        }
    }
}
