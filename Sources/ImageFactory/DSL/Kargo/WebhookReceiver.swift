/// A webhook receiver of a ProjectConfig: the sender's type and the Secret whose shared secret both checks the
/// sender (where the type has a signature) and seeds the receiver's URL, `/webhook/<type>/<hash>`.
public struct WebhookReceiver: Sendable, Hashable, YAMLRepresentable {
    public enum Kind: String, Sendable, Hashable {
        case github, gitlab, quay, dockerhub, generic
    }

    public var name: String
    public var kind: Kind
    public var secretName: String
    /// Generic receivers: what a call does.
    public var actions: [GenericWebhookAction]

    public init(name: String, kind: Kind, secretName: String, actions: [GenericWebhookAction] = []) {
        self.name = name
        self.kind = kind
        self.secretName = secretName
        self.actions = actions
    }

    public var yaml: YAMLValue {
        var config = YAMLMapping()
        config.set("secretRef", ["name": YAMLValue.string(secretName)] as YAMLValue)
        if kind == .generic { config.set("actions", actions) }
        var mapping = YAMLMapping()
        mapping.set("name", name)
        mapping.set(kind.rawValue, YAMLValue.mapping(config))
        return .mapping(mapping)
    }
}

/// What a generic webhook receiver does on a call: refresh the Warehouses a label selector picks, when the
/// optional raw expr condition on `request` holds.
public struct GenericWebhookAction: Sendable, Hashable, YAMLRepresentable {
    public var whenExpression: String?
    public var matchLabels: [String: String]
    /// `(key, values)`: the label's value must be one of `values`.
    public var matchIn: [(key: String, values: [String])]

    public init(whenExpression: String? = nil, matchLabels: [String: String], matchIn: [(key: String, values: [String])] = []) {
        self.whenExpression = whenExpression
        self.matchLabels = matchLabels
        self.matchIn = matchIn
    }

    public static func == (lhs: GenericWebhookAction, rhs: GenericWebhookAction) -> Bool { lhs.yaml == rhs.yaml }
    public func hash(into hasher: inout Hasher) { hasher.combine(yaml) }

    public var yaml: YAMLValue {
        var selector = YAMLMapping()
        if !matchLabels.isEmpty { selector.set("matchLabels", YAMLValue.sortedStrings(matchLabels)) }
        if !matchIn.isEmpty {
            selector.set("matchExpressions", matchIn.map { requirement -> YAMLValue in
                ["key": .string(requirement.key), "operator": "In", "values": .sequence(requirement.values.map(YAMLValue.string))]
            })
        }
        var mapping = YAMLMapping()
        mapping.set("action", "Refresh")
        mapping.set("whenExpression", whenExpression)
        mapping.set("targetSelectionCriteria", [["kind": "Warehouse", "labelSelector": .mapping(selector)]] as YAMLValue)
        return .mapping(mapping)
    }
}
