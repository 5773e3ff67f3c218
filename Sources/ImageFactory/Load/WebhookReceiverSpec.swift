/// A Kargo webhook receiver: a registry or forge calls it on a push, and Kargo refreshes the Warehouses that
/// subscribe to what was pushed instead of waiting for their next poll.
public struct WebhookReceiverSpec: Sendable, Hashable {
    /// The sender, which decides the payload Kargo reads and how the sender proves who it is.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// GitHub push and ping events, and GHCR `package` events of packages linked to the repository.
        case github
        case gitlab
        case quay
        case dockerhub
        /// Any sender; refreshes every Warehouse of the factory's images and environments.
        case generic

        /// The key of the receiver's Secret that holds the shared secret.
        public var secretKey: String { self == .gitlab ? "secret-token" : "secret" }
    }

    public var name: String
    public var kind: Kind
    /// The Secret (in the Project namespace) with the shared secret under ``Kind/secretKey``.
    public var secret: String
    /// Generic receivers: an expr condition on `request` the call must meet (e.g. a header check).
    public var whenExpression: String?
    public var location: InputLocation?

    public init(name: String, kind: Kind, secret: String, whenExpression: String? = nil, location: InputLocation? = nil) {
        self.name = name
        self.kind = kind
        self.secret = secret
        self.whenExpression = whenExpression
        self.location = location
    }
}
