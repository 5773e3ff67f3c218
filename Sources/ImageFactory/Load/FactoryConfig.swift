import ImageFactoryManifests

/// images.yaml, decoded and validated.
public struct FactoryConfig: Sendable, Hashable {
    /// The config file as named in messages and generated headers (never an absolute machine path).
    public var file: String
    public var project: ProjectSettings
    public var defaults: ImageDefaults
    /// Upstream base images declared project-wide, with settings for their Warehouses.
    public var baseImages: [BaseImageSpec]
    /// Sorted by name.
    public var images: [ImageSpec]

    public init(file: String, project: ProjectSettings = ProjectSettings(), defaults: ImageDefaults = ImageDefaults(), baseImages: [BaseImageSpec] = [], images: [ImageSpec]) {
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
public struct ProjectSettings: Sendable, Hashable {
    /// The Kargo Project and its Namespace.
    public var name: String
    /// The Secret key holding the GitHub token the rebuild triggers send (needs Actions: write).
    public var githubToken: SecretKeyReference
    /// The container image that runs `image-factory analyze` in the analysis Job.
    public var analyzerImage: String
    /// The Secret key with a token the analysis Job uses to read private repositories (optional Secret).
    public var analyzerToken: SecretKeyReference
    /// Where `source.dockerfile` paths are found, relative to the config's folder (`--source-root` overrides it).
    public var sourceRoot: String?
    /// Logins for registries other than ghcr.io, by host.
    public var registries: [RegistryLogin]
    /// Where generated workflows go, relative to the config's folder; nil: `workflows/<owner>/<repo>/` in the output.
    public var workflowsDirectory: String?
    /// The template override folder, relative to the config's folder.
    public var templatesDirectory: String
    /// Where `workflowsDirectory` was written, for messages.
    public var workflowsDirectoryLocation: InputLocation?
    /// Registries and forges that tell Kargo about pushes.
    public var webhookReceivers: [WebhookReceiverSpec] = []

    public static let defaultAnalyzerImage = "ghcr.io/image-factory/image-factory:0.1.0"

    public init(
        name: String = "image-factory", githubToken: SecretKeyReference = SecretKeyReference(name: "github-token", key: "token"),
        analyzerImage: String = ProjectSettings.defaultAnalyzerImage, analyzerToken: SecretKeyReference? = nil, sourceRoot: String? = nil,
        registries: [RegistryLogin] = [], workflowsDirectory: String? = nil, templatesDirectory: String = "templates"
    ) {
        self.sourceRoot = sourceRoot
        self.registries = registries
        self.workflowsDirectory = workflowsDirectory
        self.templatesDirectory = templatesDirectory
        self.name = name
        self.githubToken = githubToken
        self.analyzerImage = analyzerImage
        self.analyzerToken = analyzerToken ?? SecretKeyReference(name: githubToken.name, key: githubToken.key, optional: true)
    }
}

/// Settings every image gets unless it sets its own (the `defaults:` block).
public struct ImageDefaults: Sendable, Hashable {
    /// Kargo's own default discovery interval, written out so every Warehouse states how often it looks.
    public static let kargoInterval = KargoDuration(seconds: 300)

    public var interval: KargoDuration?
    public var baseImageInterval: KargoDuration?
    public var rebuildDelay: KargoDuration?
    public var rebuildWindow: RebuildWindow?
    public var rebuildRetry: TriggerRetry
    public var notify: RebuildNotification?
    public var autoRebuild: Bool
    /// Whether a rebuild-trigger Stage's first Freight starts a rebuild, or is recorded as already built for.
    public var rebuildExisting = true
    public var versionBump: VersionBump
    public var discoveryLimit: Int?
    public var build: BuildDefaults
    /// The `gitops:` settings of images that say nothing else.
    public var gitops: GitOpsSettings?

    public init(
        interval: KargoDuration? = nil, baseImageInterval: KargoDuration? = nil, rebuildDelay: KargoDuration? = nil,
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
public enum VersionBump: String, Sendable, Hashable, CaseIterable {
    case patch, minor, major
    case noRelease = "none"
}
