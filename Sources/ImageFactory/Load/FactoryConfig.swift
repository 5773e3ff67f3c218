import ImageFactoryManifests

/// images.yaml, decoded and validated.
package struct FactoryConfig: Sendable, Hashable {
    /// The config file as named in messages and generated headers (never an absolute machine path).
    package var file: String
    package var project: ProjectSettings
    package var defaults: ImageDefaults
    /// Upstream base images declared project-wide, with settings for their Warehouses.
    package var baseImages: [BaseImageSpec]
    /// Sorted by name.
    package var images: [ImageSpec]

    package init(file: String, project: ProjectSettings = ProjectSettings(), defaults: ImageDefaults = ImageDefaults(), baseImages: [BaseImageSpec] = [], images: [ImageSpec]) {
        self.file = file
        self.project = project
        self.defaults = defaults
        self.baseImages = baseImages
        // Usually listed in order already: then there is nothing to sort (and no copy of every image to make).
        let isSorted = images.indices.dropFirst().allSatisfy { !(images[$0].name < images[$0 - 1].name) }
        self.images = isSorted ? images : images.sorted { $0.name < $1.name }
    }
}

/// Project-wide settings (the `project:` block).
package struct ProjectSettings: Sendable, Hashable {
    /// The Kargo Project and its Namespace.
    package var name: String
    /// The Secret key holding the GitHub token the rebuild triggers send (needs Actions: write).
    package var githubToken: Kubernetes.SecretKeyReference
    /// The container image that runs `image-factory analyze` in the analysis Job.
    package var analyzerImage: String
    /// The Secret key with a token the analysis Job uses to read private repositories (optional Secret).
    package var analyzerToken: Kubernetes.SecretKeyReference
    /// Where `source.dockerfile` paths are found, relative to the config's folder (`--source-root` overrides it).
    package var sourceRoot: String?
    /// Logins for registries other than ghcr.io, by host.
    package var registries: [RegistryLogin]
    /// Where generated workflows go, relative to the config's folder; nil: `workflows/<owner>/<repo>/` in the output.
    package var workflowsDirectory: String?
    /// The template override folder, relative to the config's folder.
    package var templatesDirectory: String
    /// Where `workflowsDirectory` was written, for messages.
    package var workflowsDirectoryLocation: InputLocation?
    /// Registries and forges that tell Kargo about pushes.
    package var webhookReceivers: [WebhookReceiverSpec] = []

    package static let defaultAnalyzerImage = "ghcr.io/image-factory/image-factory:0.1.0"

    package init(
        name: String = "image-factory", githubToken: Kubernetes.SecretKeyReference = Kubernetes.SecretKeyReference(name: "github-token", key: "token"),
        analyzerImage: String = ProjectSettings.defaultAnalyzerImage, analyzerToken: Kubernetes.SecretKeyReference? = nil, sourceRoot: String? = nil,
        registries: [RegistryLogin] = [], workflowsDirectory: String? = nil, templatesDirectory: String = "templates"
    ) {
        self.sourceRoot = sourceRoot
        self.registries = registries
        self.workflowsDirectory = workflowsDirectory
        self.templatesDirectory = templatesDirectory
        self.name = name
        self.githubToken = githubToken
        self.analyzerImage = analyzerImage
        self.analyzerToken = analyzerToken ?? Kubernetes.SecretKeyReference(name: githubToken.name, key: githubToken.key, optional: true)
    }
}

/// Settings every image gets unless it sets its own (the `defaults:` block).
package struct ImageDefaults: Sendable, Hashable {
    /// Kargo's own default discovery interval, written out so every Warehouse states how often it looks.
    package static let kargoInterval = Kargo.Duration(seconds: 300)

    package var interval: Kargo.Duration?
    package var baseImageInterval: Kargo.Duration?
    package var rebuildDelay: Kargo.Duration?
    package var rebuildWindow: RebuildWindow?
    package var rebuildRetry: TriggerRetry
    package var notify: RebuildNotification?
    package var autoRebuild: Bool
    /// Whether a rebuild-trigger Stage's first Freight starts a rebuild, or is recorded as already built for.
    package var rebuildExisting = true
    package var versionBump: VersionBump
    package var discoveryLimit: Int?
    package var build: BuildDefaults
    /// The `gitops:` settings of images that say nothing else.
    package var gitops: GitOpsSettings?

    package init(
        interval: Kargo.Duration? = nil, baseImageInterval: Kargo.Duration? = nil, rebuildDelay: Kargo.Duration? = nil,
        autoRebuild: Bool = true, versionBump: VersionBump = .patch, discoveryLimit: Int? = nil, build: BuildDefaults = BuildDefaults(),
        rebuildWindow: RebuildWindow? = nil, rebuildRetry: TriggerRetry = TriggerRetry(), notify: RebuildNotification? = nil
    ) {
        self.rebuildWindow = rebuildWindow
        self.rebuildRetry = rebuildRetry
        self.notify = notify
        self.build = build
        self.interval = interval
        self.baseImageInterval = baseImageInterval
        self.rebuildDelay = rebuildDelay
        self.autoRebuild = autoRebuild
        self.versionBump = versionBump
        self.discoveryLimit = discoveryLimit
    }
}

/// Which part of the version a triggered rebuild raises; `none` rebuilds without a release.
package enum VersionBump: String, Sendable, Hashable, CaseIterable {
    case patch, minor, major
    case noRelease = "none"
}
