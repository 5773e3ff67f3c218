import ImageFactorySupport
import ImageFactoryManifests
import ImageFactoryDockerfile

/// One entry of images.yaml: an image we build (it has a `source`) or an external image we only watch.
package struct ImageSpec: Sendable, Hashable {
    package var name: String
    package var registry: String
    package var repository: String
    package var source: SourceSpec?
    /// External images: the mutable tag whose digest is watched.
    package var tag: String?
    package var strategy: Kargo.ImageSubscription.SelectionStrategy?
    package var constraint: String?
    package var strictSemvers: Bool?
    package var allowTags: [String]
    package var ignoreTags: [String]
    package var interval: Kargo.Duration?
    package var platform: String?
    package var discoveryLimit: Int?
    package var rebuildDelay: Kargo.Duration?
    /// nil: `defaults.rebuildWindow`.
    package var rebuildWindow: Setting<RebuildWindow>?
    /// nil: `defaults.rebuildRetry`.
    package var rebuildRetry: TriggerRetry?
    /// nil: `defaults.notify`.
    package var notify: Setting<RebuildNotification>?
    package var autoRebuild: Bool?
    /// nil: `defaults.rebuildExisting`.
    package var rebuildExisting: Bool?
    package var versionBump: VersionBump?
    /// When given, replaces what the Dockerfile says.
    package var baseImages: [ImageReference]?
    /// How the generated workflow builds the image (images built here).
    package var build: BuildSpec
    /// Where the image's new tags are deployed, in the order given.
    package var environments: [EnvironmentSpec] = []
    /// How its environments are updated: this image's `gitops:` over `defaults.gitops`.
    package var gitops = GitOpsSettings()
    /// Other repositories' workflows to start when a new version appears.
    package var downstream: [DownstreamDispatch] = []
    /// Where each field was written, keyed by field path (`name`, `source.dockerfile`, …).
    package var locations: FieldLocations

    package init(
        name: String, registry: String, repository: String, source: SourceSpec? = nil, tag: String? = nil,
        strategy: Kargo.ImageSubscription.SelectionStrategy? = nil, constraint: String? = nil, strictSemvers: Bool? = nil,
        allowTags: [String] = [], ignoreTags: [String] = [], interval: Kargo.Duration? = nil, platform: String? = nil,
        discoveryLimit: Int? = nil, rebuildDelay: Kargo.Duration? = nil, autoRebuild: Bool? = nil, versionBump: VersionBump? = nil,
        baseImages: [ImageReference]? = nil, build: BuildSpec = BuildSpec(), locations: FieldLocations = [:]
    ) {
        self.name = name
        self.registry = registry
        self.repository = repository
        self.source = source
        self.tag = tag
        self.strategy = strategy
        self.constraint = constraint
        self.strictSemvers = strictSemvers
        self.allowTags = allowTags
        self.ignoreTags = ignoreTags
        self.interval = interval
        self.platform = platform
        self.discoveryLimit = discoveryLimit
        self.rebuildDelay = rebuildDelay
        self.autoRebuild = autoRebuild
        self.versionBump = versionBump
        self.baseImages = baseImages
        self.build = build
        self.locations = locations
    }

    /// Built by us from a source repository (as opposed to only watched).
    package var isManaged: Bool { source != nil }

    /// `registry/repository`, as Kargo's image subscriptions name it.
    package var repositoryURL: String { "\(registry)/\(repository)" }

    /// Where the entry starts, for messages about the image as a whole.
    package var location: InputLocation? { locations["name"] ?? locations[""] }
}

/// Where a managed image is built from.
package struct SourceSpec: Sendable, Hashable {
    package enum Provider: String, Sendable, Hashable, CaseIterable { case github, gitlab }

    /// The GitLab host of `gitlab` sources.
    package static let defaultGitLabHost = "gitlab.com"

    package var provider: Provider
    /// `owner/name` on GitHub; the project path (`group/subgroup/name`) on GitLab.
    package var repo: String
    /// The GitLab host (`gitlab.com` unless given); nil for GitHub.
    package var host: String?
    /// GitLab: the Secret key holding the project's pipeline trigger token.
    package var triggerToken: Kubernetes.SecretKeyReference?
    package var branch: String
    /// Path of the Dockerfile inside the repository.
    package var dockerfile: String
    /// Build context inside the repository; the Dockerfile's folder when absent.
    package var context: String?
    /// The workflow file the rebuild trigger dispatches (in `.github/workflows/`).
    package var workflow: String
    /// The workflow_dispatch inputs the repository's own workflow declares; nil means the three the rebuild
    /// trigger sends (and for generated workflows, synth declares those).
    package var inputs: [DeclaredInput]?

    package init(
        provider: Provider = .github, repo: String, branch: String = "main", dockerfile: String, context: String? = nil, workflow: String,
        inputs: [DeclaredInput]? = nil, host: String? = nil, triggerToken: Kubernetes.SecretKeyReference? = nil
    ) {
        self.inputs = inputs
        self.host = host
        self.triggerToken = triggerToken
        self.provider = provider
        self.repo = repo
        self.branch = branch
        self.dockerfile = dockerfile
        self.context = context
        self.workflow = workflow
    }

    /// The build context, defaulting to the Dockerfile's folder (`.` at the top).
    package var effectiveContext: String {
        if let context { return context }
        // An ASCII path (the usual one) is searched byte by byte, where a `/` is always a character of its own.
        let utf8 = dockerfile.utf8
        let slash = dockerfile.withUTF8Bytes(ASCIISearch.isASCII)
            ? utf8.lastIndex(of: UInt8(ascii: "/"))
            : dockerfile.lastIndex(of: "/")
        guard let slash else { return "." }
        return String(dockerfile[..<slash])
    }

    /// The workflow file synth writes for an image whose source names none.
    package static func generatedWorkflowFile(image: String) -> String { "build-\(image).yml" }

    /// The forge's web address: `https://github.com`, or `https://<host>` for GitLab.
    package var webURL: String {
        switch provider {
        case .github: return "https://github.com"
        case .gitlab: return "https://\(host ?? Self.defaultGitLabHost)"
        }
    }

    /// `https://github.com/owner/name.git` (or the GitLab project's clone URL).
    package var gitURL: String { "\(webURL)/\(repo).git" }
}
