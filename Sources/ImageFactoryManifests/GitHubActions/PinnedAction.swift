extension GitHubActions {
    /// An action pinned to a full commit SHA, with the release it is, as `owner/repo@<sha> # vX.Y.Z`.
    ///
    /// The pins are the ones verified in `reference/github-actions.md` §0; Dependabot or Renovate keep a
    /// repository's copies current after that.
    public struct PinnedAction: Sendable, Hashable {
        public var repository: String
        public var commit: String
        public var version: String

        public init(_ repository: String, commit: String, version: String) {
            self.repository = repository
            self.commit = commit
            self.version = version
        }

        /// The `uses:` value. The version comment is added when rendering (a YAML comment is not a value).
        public var reference: String { "\(repository)@\(commit)" }

        public static let checkout = PinnedAction("actions/checkout", commit: "3d3c42e5aac5ba805825da76410c181273ba90b1", version: "v7.0.1")
        public static let setupQEMU = PinnedAction("docker/setup-qemu-action", commit: "96fe6ef7f33517b61c61be40b68a1882f3264fb8", version: "v4.2.0")
        public static let setupBuildx = PinnedAction("docker/setup-buildx-action", commit: "37fe631027851001ddb9b187196cc803df7f5f0e", version: "v4.3.0")
        public static let login = PinnedAction("docker/login-action", commit: "dbcb813823bdd20940b903addbd779551569679f", version: "v4.6.0")
        public static let metadata = PinnedAction("docker/metadata-action", commit: "dc802804100637a589fabce1cb79ff13a1411302", version: "v6.2.0")
        public static let buildPush = PinnedAction("docker/build-push-action", commit: "53b7df96c91f9c12dcc8a07bcb9ccacbed38856a", version: "v7.3.0")
        public static let cosignInstaller = PinnedAction("sigstore/cosign-installer", commit: "6f9f17788090df1f26f669e9d70d6ae9567deba6", version: "v4.1.2")

        /// Every action the generated workflows use.
        public static let all: [PinnedAction] = [checkout, setupQEMU, setupBuildx, login, metadata, buildPush, cosignInstaller]

        /// The release of the action of ``all`` whose ``reference`` is `reference` (the first, if several), or nil:
        /// the comment written after a `uses:` of it.
        static func version(ofReference reference: String) -> String? { versions[reference] }

        private static let versions: [String: String] = Dictionary(all.map { ($0.reference, $0.version) }, uniquingKeysWith: { first, _ in first })
    }
}
