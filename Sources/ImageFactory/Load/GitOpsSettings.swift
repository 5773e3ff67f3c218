import ImageFactorySupport

/// How an image's new tags reach its environments' GitOps repository (`gitops:` of an image or of `defaults`).
public struct GitOpsSettings: Sendable, Hashable {
    /// Who writes the GitOps commit.
    public enum Mode: String, Sendable, Hashable, CaseIterable {
        /// A Kargo Stage per environment clones, updates, commits and pushes (and may refresh Argo CD).
        case kargo
        /// The build workflow sends a `repository_dispatch`; the GitOps repository's own workflow commits.
        case github
    }

    public static let defaultBranch = "main"
    public static let defaultTokenSecret = "GITOPS_TOKEN"
    public static let defaultEventType = "image-pushed"

    public var mode: Mode?
    /// GitHub `owner/name`, or an `https://` git URL (Kargo mode).
    public var repo: String?
    public var branch: String?
    /// GitHub mode: the Actions secret in the source repository that may dispatch to the GitOps repository.
    public var tokenSecret: String?
    /// GitHub mode: the `repository_dispatch` event type.
    public var eventType: String?

    public init(mode: Mode? = nil, repo: String? = nil, branch: String? = nil, tokenSecret: String? = nil, eventType: String? = nil) {
        self.mode = mode
        self.repo = repo
        self.branch = branch
        self.tokenSecret = tokenSecret
        self.eventType = eventType
    }

    /// These settings, with `fallback`'s where these say nothing.
    public func over(_ fallback: GitOpsSettings?) -> GitOpsSettings {
        guard let fallback else { return self }
        return GitOpsSettings(
            mode: mode ?? fallback.mode, repo: repo ?? fallback.repo, branch: branch ?? fallback.branch,
            tokenSecret: tokenSecret ?? fallback.tokenSecret, eventType: eventType ?? fallback.eventType)
    }

    public var effectiveMode: Mode { mode ?? .kargo }
    public var effectiveTokenSecret: String { tokenSecret ?? Self.defaultTokenSecret }
    public var effectiveEventType: String { eventType ?? Self.defaultEventType }
}

/// A GitOps repository: GitHub `owner/name`, or any `https://` git URL.
public struct GitOpsRepository: Sendable, Hashable, CustomStringConvertible {
    /// `https://github.com/owner/name.git` or the URL as written.
    public var url: String
    /// `owner/name` when the repository is on GitHub.
    public var github: String?

    public init(_ text: String) {
        if text.hasPrefix("https://") {
            url = text
            github = nil
        } else {
            url = String(concatenating: "https://github.com/", text, ".git")
            github = text
        }
    }

    public var description: String { github ?? url }
}
