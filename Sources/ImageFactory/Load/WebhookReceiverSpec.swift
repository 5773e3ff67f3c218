/// A Kargo webhook receiver: a registry or forge calls it on a push, and Kargo refreshes the Warehouses that
/// subscribe to what was pushed instead of waiting for their next poll.
package struct WebhookReceiverSpec: Sendable, Hashable {
    /// The sender, which decides the payload Kargo reads and how the sender proves who it is.
    package enum Kind: String, Sendable, Hashable, CaseIterable {
        /// GitHub push and ping events, and GHCR `package` events of packages linked to the repository.
        case github
        case gitlab
        case quay
        case dockerhub
        /// Any sender; refreshes every Warehouse of the factory's images and environments.
        case generic

        /// The key of the receiver's Secret that holds the shared secret.
        package var secretKey: String { self == .gitlab ? "secret-token" : "secret" }
    }

    package var name: String
    package var kind: Kind
    /// The Secret (in the Project namespace) with the shared secret under ``Kind/secretKey``.
    package var secret: String
    /// Generic receivers: an expr condition on `request` the call must meet (e.g. a header check).
    package var whenExpression: String?
    package var location: InputLocation?

    package init(name: String, kind: Kind, secret: String, whenExpression: String? = nil, location: InputLocation? = nil) {
        self.name = name
        self.kind = kind
        self.secret = secret
        self.whenExpression = whenExpression
        self.location = location
    }
}
