/// A container in a Pod (the fields the factory's Jobs use).
public struct Container: Sendable, Hashable, YAMLRepresentable {
    public var name: String
    public var image: String
    public var command: [String]
    public var args: [String]
    public var env: [EnvVar]
    public var resources: ResourceRequirements?
    public var securityContext: ContainerSecurityContext?

    public init(
        name: String, image: String, command: [String] = [], args: [String] = [], env: [EnvVar] = [],
        resources: ResourceRequirements? = nil, securityContext: ContainerSecurityContext? = nil
    ) {
        self.name = name
        self.image = image
        self.command = command
        self.args = args
        self.env = env
        self.resources = resources
        self.securityContext = securityContext
    }

    public var yaml: YAMLValue {
        var mapping = YAMLMapping()
        mapping.set("name", name)
        mapping.set("image", image)
        mapping.set("command", nonEmpty: command)
        mapping.set("args", nonEmpty: args)
        mapping.set("env", nonEmpty: env)
        mapping.set("resources", resources)
        mapping.set("securityContext", securityContext)
        return .mapping(mapping)
    }
}

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

    public var yaml: YAMLValue {
        var mapping = YAMLMapping()
        mapping.set("name", name)
        switch source {
        case .value(let value):
            mapping.set("value", value)
        case .secretKey(let reference):
            var keyRef = YAMLMapping()
            keyRef.set("name", reference.name)
            keyRef.set("key", reference.key)
            if reference.optional { keyRef.set("optional", true) }
            mapping.set("valueFrom", ["secretKeyRef": YAMLValue.mapping(keyRef)] as YAMLValue)
        }
        return .mapping(mapping)
    }
}

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

/// CPU and memory requests and limits.
public struct ResourceRequirements: Sendable, Hashable, YAMLRepresentable {
    public var requests: [String: String]
    public var limits: [String: String]

    public init(requests: [String: String] = [:], limits: [String: String] = [:]) {
        self.requests = requests
        self.limits = limits
    }

    public var yaml: YAMLValue {
        var mapping = YAMLMapping()
        if !requests.isEmpty { mapping.set("requests", YAMLValue.sortedStrings(requests)) }
        if !limits.isEmpty { mapping.set("limits", YAMLValue.sortedStrings(limits)) }
        return .mapping(mapping)
    }
}

/// A container's security settings.
public struct ContainerSecurityContext: Sendable, Hashable, YAMLRepresentable {
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
    public static let restricted = ContainerSecurityContext(
        allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 65532, dropCapabilities: ["ALL"])

    public var yaml: YAMLValue {
        var mapping = YAMLMapping()
        mapping.set("allowPrivilegeEscalation", allowPrivilegeEscalation)
        mapping.set("readOnlyRootFilesystem", readOnlyRootFilesystem)
        mapping.set("runAsNonRoot", runAsNonRoot)
        mapping.set("runAsUser", runAsUser)
        if !dropCapabilities.isEmpty { mapping.set("capabilities", ["drop": YAMLValue.sequence(dropCapabilities.map(YAMLValue.string))] as YAMLValue) }
        return .mapping(mapping)
    }
}
