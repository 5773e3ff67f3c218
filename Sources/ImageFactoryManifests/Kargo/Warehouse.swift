import ImageFactoryYAML

extension Kargo {
    /// A Kargo Warehouse: watches repositories and produces Freight when something new appears.
    public struct Warehouse: KubernetesObject {
        public enum FreightCreationPolicy: String, Sendable { case automatic = "Automatic", manual = "Manual" }

        public var apiVersion: String { API.version }
        public var kind: String { "Warehouse" }
        public var metadata: Kubernetes.ObjectMeta
        /// How often Kargo looks; s|m|h only on output.
        public var interval: Duration?
        public var freightCreationPolicy: FreightCreationPolicy?
        /// A raw expr-lang expression (no `${{ }}`) that must be true for Freight to be created.
        public var freightCreationCriteria: String?
        public var subscriptions: [WarehouseSubscription]

        public init(
            _ name: String, namespace: String, labels: Kubernetes.Labels = [:], interval: Duration? = nil,
            freightCreationPolicy: FreightCreationPolicy? = nil, freightCreationCriteria: String? = nil,
            @ListBuilder<WarehouseSubscription> subscriptions: () -> [WarehouseSubscription]
        ) {
            metadata = Kubernetes.ObjectMeta(name: name, namespace: namespace, labels: labels)
            self.interval = interval
            self.freightCreationPolicy = freightCreationPolicy
            self.freightCreationCriteria = freightCreationCriteria
            self.subscriptions = subscriptions()
        }

        public var body: YAMLMapping { YAMLMapping(writingEntries: writeBody) }

        public func writeBody(to output: inout YAMLOutput) {
            output.set("spec") { output in
                output.set("interval", interval?.description)
                output.set("freightCreationPolicy", freightCreationPolicy?.rawValue)
                if let freightCreationCriteria { output.set("freightCreationCriteria") { $0.set("expression", freightCreationCriteria) } }
                output.set("subscriptions", subscriptions)
            }
        }
    }
}

extension Kargo {
    /// One thing a Warehouse watches. Kargo v1.11 subscriptions have no names; each has exactly one key.
    public enum WarehouseSubscription: Sendable, Hashable, YAMLRepresentable {
        case image(ImageSubscription)
        case git(GitSubscription)

        public var yaml: YAMLValue { YAMLValue(writing: self) }

        public func write(to output: inout YAMLOutput) {
            output.mapping { output in
                switch self {
                case .image(let image): output.set("image", image)
                case .git(let git): output.set("git", git)
                }
            }
        }
    }
}

extension Kargo {
    /// An image repository subscription. Images use `constraint` (`semverConstraint` was removed in v1.9) and
    /// `allowTagsRegexes`/`ignoreTagsRegexes` (`allowTags`/`ignoreTags` make discovery fail since v1.11).
    public struct ImageSubscription: Sendable, Hashable, YAMLRepresentable {
        public enum SelectionStrategy: String, Sendable, CaseIterable {
            case semVer = "SemVer", digest = "Digest", lexical = "Lexical", newestBuild = "NewestBuild"
        }

        /// Registry and repository, without scheme, tag or digest.
        public var repoURL: String
        public var imageSelectionStrategy: SelectionStrategy?
        /// SemVer: a version range. Digest: the mutable tag whose digest is watched (required).
        public var constraint: String?
        public var strictSemvers: Bool?
        public var allowTagsRegexes: [String]
        public var ignoreTagsRegexes: [String]
        public var platform: String?
        public var discoveryLimit: Int?

        public init(
            repoURL: String, strategy: SelectionStrategy? = nil, constraint: String? = nil, strictSemvers: Bool? = nil,
            allowTagsRegexes: [String] = [], ignoreTagsRegexes: [String] = [], platform: String? = nil, discoveryLimit: Int? = nil
        ) {
            self.repoURL = repoURL
            imageSelectionStrategy = strategy
            self.constraint = constraint
            self.strictSemvers = strictSemvers
            self.allowTagsRegexes = allowTagsRegexes
            self.ignoreTagsRegexes = ignoreTagsRegexes
            self.platform = platform
            self.discoveryLimit = discoveryLimit
        }

        /// Watches one mutable tag: new Freight whenever the tag points at a new digest.
        public static func digest(of repoURL: String, tag: String, platform: String? = nil, discoveryLimit: Int? = nil) -> ImageSubscription {
            ImageSubscription(repoURL: repoURL, strategy: .digest, constraint: tag, platform: platform, discoveryLimit: discoveryLimit)
        }

        public var yaml: YAMLValue { YAMLValue(writing: self) }

        public func write(to output: inout YAMLOutput) {
            output.mapping { output in
                output.set("repoURL", repoURL)
                output.set("imageSelectionStrategy", imageSelectionStrategy?.rawValue)
                output.set("constraint", constraint)
                output.set("strictSemvers", strictSemvers)
                output.set("allowTagsRegexes", nonEmpty: allowTagsRegexes)
                output.set("ignoreTagsRegexes", nonEmpty: ignoreTagsRegexes)
                output.set("platform", platform)
                output.set("discoveryLimit", discoveryLimit)
            }
        }
    }
}

extension Kargo {
    /// A git repository subscription (HTTPS URLs; SSH is deprecated in Kargo v1.10).
    public struct GitSubscription: Sendable, Hashable, YAMLRepresentable {
        public var repoURL: String
        public var branch: String?
        /// Plain paths, or `glob:` / `regex:` prefixed patterns.
        public var includePaths: [String]
        public var excludePaths: [String]
        public var discoveryLimit: Int?
        /// Clone without blobs (`--filter=blob:none`); the server must support partial clones.
        public var blobless: Bool?

        public init(
            repoURL: String, branch: String? = nil, includePaths: [String] = [], excludePaths: [String] = [], discoveryLimit: Int? = nil,
            blobless: Bool? = nil
        ) {
            self.repoURL = repoURL
            self.branch = branch
            self.includePaths = includePaths
            self.excludePaths = excludePaths
            self.discoveryLimit = discoveryLimit
            self.blobless = blobless
        }

        public var yaml: YAMLValue { YAMLValue(writing: self) }

        public func write(to output: inout YAMLOutput) {
            output.mapping { output in
                output.set("repoURL", repoURL)
                output.set("branch", branch)
                output.set("includePaths", nonEmpty: includePaths)
                output.set("excludePaths", nonEmpty: excludePaths)
                output.set("discoveryLimit", discoveryLimit)
                output.set("blobless", blobless)
            }
        }
    }
}
