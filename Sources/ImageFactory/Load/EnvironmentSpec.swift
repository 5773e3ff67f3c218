import ImageFactoryManifests

/// One environment an image is deployed to: which of its tags go there, and the GitOps file and key that say so.
package struct EnvironmentSpec: Sendable, Hashable {
    package var name: String
    /// A regular expression (RE2 syntax, unanchored like Kargo's `allowTagsRegexes`) a tag must match to be
    /// deployed here. Nil for an environment that takes what passed `after`.
    package var tags: String?
    /// Kargo mode: the environment whose verified Freight this one takes (a promotion order: prod after dev).
    package var after: String?
    package var repository: GitOpsRepository
    package var branch: String
    /// The values file in the GitOps repository.
    package var file: String
    /// The key to set, as Kargo's `yaml-update` writes it: dot-separated, `\.` for a literal dot, numbers index lists.
    package var key: String
    /// Kargo mode: the Argo CD Application to refresh after the push.
    package var argocdApp: ArgoCDApplication?
    /// Kargo mode: whether new Freight is promoted without a person; default ``promotesAutomatically(name:isFirst:)``.
    package var autoPromote: Bool
    /// Kargo mode: how the environment's Warehouse picks the newest matching tag; default `NewestBuild`.
    package var strategy: Kargo.ImageSubscription.SelectionStrategy?
    package var location: InputLocation?

    package static let defaultKey = "image.tag"

    /// Names that mean production: an environment so named waits for a person unless it says `autoPromote: true`,
    /// even when it is the image's only one.
    package static let productionNames: Set<String> = ["prod", "production", "prd", "live"]

    /// The default of `autoPromote`: only an image's first environment deploys on its own, and never one named
    /// for production.
    package static func promotesAutomatically(name: String, isFirst: Bool) -> Bool {
        isFirst && !productionNames.contains(name)
    }

    package init(
        name: String, tags: String?, after: String? = nil, repository: GitOpsRepository, branch: String = GitOpsSettings.defaultBranch,
        file: String, key: String = EnvironmentSpec.defaultKey, argocdApp: ArgoCDApplication? = nil, autoPromote: Bool = true,
        strategy: Kargo.ImageSubscription.SelectionStrategy? = nil, location: InputLocation? = nil
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
package struct ArgoCDApplication: Sendable, Hashable {
    package var name: String
    package var namespace: String?

    package init(name: String, namespace: String? = nil) {
        self.name = name
        self.namespace = namespace
    }
}
