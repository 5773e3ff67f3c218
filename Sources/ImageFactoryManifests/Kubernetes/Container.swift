import ImageFactoryYAML

extension Kubernetes {
    /// A container in a Pod (the fields the factory's Jobs use).
    public struct Container: Sendable, Hashable, YAMLRepresentable {
        public var name: String
        public var image: String
        public var command: [String]
        public var args: [String]
        public var env: [EnvVar]
        public var resources: ResourceRequirements?
        public var securityContext: SecurityContext?

        public init(
            name: String, image: String, command: [String] = [], args: [String] = [], env: [EnvVar] = [],
            resources: ResourceRequirements? = nil, securityContext: SecurityContext? = nil
        ) {
            self.name = name
            self.image = image
            self.command = command
            self.args = args
            self.env = env
            self.resources = resources
            self.securityContext = securityContext
        }

        public var yaml: YAMLValue { YAMLValue(writing: self) }

        public func write(to output: inout YAMLOutput) {
            output.mapping { output in
                output.set("name", name)
                output.set("image", image)
                output.set("command", nonEmpty: command)
                output.set("args", nonEmpty: args)
                output.set("env", nonEmpty: env)
                output.set("resources", resources)
                output.set("securityContext", securityContext)
            }
        }
    }
}

extension Kubernetes {
    /// An environment variable: a literal value or a reference to a Secret key.
    public struct EnvVar: Sendable, Hashable, YAMLRepresentable {
        public enum Source: Sendable, Hashable {
            case value(String)
            case secretKey(SecretKeyReference)
        }

        public var name: String
        public var source: Source

        public init(name: String, value: String) {
            self.name = name
            source = .value(value)
        }

        public init(name: String, secret: SecretKeyReference) {
            self.name = name
            source = .secretKey(secret)
        }

        public var yaml: YAMLValue { YAMLValue(writing: self) }

        public func write(to output: inout YAMLOutput) {
            output.mapping { output in
                output.set("name", name)
                switch source {
                case .value(let value):
                    output.set("value", value)
                case .secretKey(let reference):
                    output.set("valueFrom") { output in
                        output.set("secretKeyRef") { output in
                            output.set("name", reference.name)
                            output.set("key", reference.key)
                            if reference.optional { output.set("optional", true) }
                        }
                    }
                }
            }
        }
    }
}

extension Kubernetes {
    /// A key of a Kubernetes Secret. Credentials only ever appear in output as such references.
    public struct SecretKeyReference: Sendable, Hashable {
        public var name: String
        public var key: String
        public var optional: Bool

        public init(name: String, key: String, optional: Bool = false) {
            self.name = name
            self.key = key
            self.optional = optional
        }
    }
}

extension Kubernetes {
    /// CPU and memory requests and limits.
    public struct ResourceRequirements: Sendable, Hashable, YAMLRepresentable {
        public var requests: [String: String]
        public var limits: [String: String]

        public init(requests: [String: String] = [:], limits: [String: String] = [:]) {
            self.requests = requests
            self.limits = limits
        }

        public var yaml: YAMLValue { YAMLValue(writing: self) }

        public func write(to output: inout YAMLOutput) {
            output.mapping { output in
                output.set("requests", sorted: requests)
                output.set("limits", sorted: limits)
            }
        }
    }
}

extension Kubernetes {
    /// A container's security settings.
    public struct SecurityContext: Sendable, Hashable, YAMLRepresentable {
        public var allowPrivilegeEscalation: Bool?
        public var readOnlyRootFilesystem: Bool?
        public var runAsNonRoot: Bool?
        public var runAsUser: Int?
        public var dropCapabilities: [String]

        public init(
            allowPrivilegeEscalation: Bool? = nil, readOnlyRootFilesystem: Bool? = nil, runAsNonRoot: Bool? = nil, runAsUser: Int? = nil,
            dropCapabilities: [String] = []
        ) {
            self.allowPrivilegeEscalation = allowPrivilegeEscalation
            self.readOnlyRootFilesystem = readOnlyRootFilesystem
            self.runAsNonRoot = runAsNonRoot
            self.runAsUser = runAsUser
            self.dropCapabilities = dropCapabilities
        }

        /// No privilege escalation, read-only root, a non-root user (65532, "nonroot"), all capabilities dropped.
        public static let restricted = SecurityContext(
            allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 65532, dropCapabilities: ["ALL"])

        public var yaml: YAMLValue { YAMLValue(writing: self) }

        public func write(to output: inout YAMLOutput) {
            output.mapping { output in
                output.set("allowPrivilegeEscalation", allowPrivilegeEscalation)
                output.set("readOnlyRootFilesystem", readOnlyRootFilesystem)
                output.set("runAsNonRoot", runAsNonRoot)
                output.set("runAsUser", runAsUser)
                if !dropCapabilities.isEmpty { output.set("capabilities") { $0.set("drop", dropCapabilities) } }
            }
        }
    }
}
