import ImageFactoryYAML

extension Kargo {
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

        public var yaml: YAMLValue { YAMLValue(writing: self) }

        public func write(to output: inout YAMLOutput) {
            output.mapping { output in
                output.set("name", name)
                output.set(kind.rawValue) { output in
                    output.set("secretRef") { $0.set("name", secretName) }
                    if kind == .generic { output.set("actions", actions) }
                }
            }
        }
    }
}

extension Kargo {
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

        public var yaml: YAMLValue { YAMLValue(writing: self) }

        public func write(to output: inout YAMLOutput) {
            output.mapping { output in
                output.set("action", "Refresh")
                output.set("whenExpression", whenExpression)
                output.key("targetSelectionCriteria")
                output.sequence { output in
                    output.mapping { output in
                        output.set("kind", "Warehouse")
                        output.set("labelSelector", mapping: writeLabelSelector)
                    }
                }
            }
        }

        /// The entries of the selector's `labelSelector`.
        private func writeLabelSelector(to output: inout YAMLOutput) {
            output.set("matchLabels", sorted: matchLabels)
            guard !matchIn.isEmpty else { return }
            output.key("matchExpressions")
            output.sequence { output in
                for requirement in matchIn {
                    output.mapping { output in
                        output.set("key", requirement.key)
                        output.set("operator", "In")
                        output.set("values", requirement.values)
                    }
                }
            }
        }
    }
}
