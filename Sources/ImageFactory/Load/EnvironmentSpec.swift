import ImageFactoryManifests

/// One environment an image is deployed to: which of its tags go there, and the GitOps file and key that say so.
public struct EnvironmentSpec: Sendable, Hashable {
    public var name: String
    /// A regular expression (RE2 syntax, unanchored like Kargo's `allowTagsRegexes`) a tag must match to be
    /// deployed here. Nil for an environment that takes what passed `after`.
    public var tags: String?
    /// Kargo mode: the environment whose verified Freight this one takes (a promotion order: prod after dev).
    public var after: String?
    public var repository: GitOpsRepository
    public var branch: String
    /// The values file in the GitOps repository.
    public var file: String
    /// The key to set, as Kargo's `yaml-update` writes it: dot-separated, `\.` for a literal dot, numbers index lists.
    public var key: String
    /// Kargo mode: the Argo CD Application to refresh after the push.
    public var argocdApp: ArgoCDApplication?
    /// Kargo mode: whether new Freight is promoted without a person; default ``promotesAutomatically(name:isFirst:)``.
    public var autoPromote: Bool
    /// Kargo mode: how the environment's Warehouse picks the newest matching tag; default `NewestBuild`.
    public var strategy: ImageSubscription.SelectionStrategy?
    public var location: InputLocation?

    public static let defaultKey = "image.tag"

    /// Names that mean production: an environment so named waits for a person unless it says `autoPromote: true`,
    /// even when it is the image's only one.
    public static let productionNames: Set<String> = ["prod", "production", "prd", "live"]

    /// The default of `autoPromote`: only an image's first environment deploys on its own, and never one named
    /// for production.
    public static func promotesAutomatically(name: String, isFirst: Bool) -> Bool {
        isFirst && !productionNames.contains(name)
    }

    public init(
        name: String, tags: String?, after: String? = nil, repository: GitOpsRepository, branch: String = GitOpsSettings.defaultBranch,
        file: String, key: String = EnvironmentSpec.defaultKey, argocdApp: ArgoCDApplication? = nil, autoPromote: Bool = true,
        strategy: ImageSubscription.SelectionStrategy? = nil, location: InputLocation? = nil
    ) {
        self.name = name
        self.tags = tags
        self.after = after
        self.repository = repository
        self.branch = branch
        self.file = file
        self.key = key
        self.argocdApp = argocdApp
        self.autoPromote = autoPromote
        self.strategy = strategy
        self.location = location
    }
}

/// An Argo CD Application, written `name` or `namespace/name` (namespace default `argocd`).
public struct ArgoCDApplication: Sendable, Hashable {
    public var name: String
    public var namespace: String?

    public init(name: String, namespace: String? = nil) {
        self.name = name
        self.namespace = namespace
    }
}
