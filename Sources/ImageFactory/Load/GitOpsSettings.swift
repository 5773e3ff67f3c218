import ImageFactorySupport

/// How an image's new tags reach its environments' GitOps repository (`gitops:` of an image or of `defaults`).
package struct GitOpsSettings: Sendable, Hashable {
    /// Who writes the GitOps commit.
    package enum Mode: String, Sendable, Hashable, CaseIterable {
        /// A Kargo Stage per environment clones, updates, commits and pushes (and may refresh Argo CD).
        case kargo
        /// The build workflow sends a `repository_dispatch`; the GitOps repository's own workflow commits.
        case github
    }

    package static let defaultBranch = "main"
    package static let defaultTokenSecret = "GITOPS_TOKEN"
    package static let defaultEventType = "image-pushed"

    package var mode: Mode?
    /// GitHub `owner/name`, or an `https://` git URL (Kargo mode).
    package var repo: String?
    package var branch: String?
    /// GitHub mode: the Actions secret in the source repository that may dispatch to the GitOps repository.
    package var tokenSecret: String?
    /// GitHub mode: the `repository_dispatch` event type.
    package var eventType: String?

    package init(mode: Mode? = nil, repo: String? = nil, branch: String? = nil, tokenSecret: String? = nil, eventType: String? = nil) {
        self.mode = mode
        self.repo = repo
        self.branch = branch
        self.tokenSecret = tokenSecret
        self.eventType = eventType
    }

    /// These settings, with `fallback`'s where these say nothing.
    package func over(_ fallback: GitOpsSettings?) -> GitOpsSettings {
        guard let fallback else { return self }
        return GitOpsSettings(
            mode: mode ?? fallback.mode, repo: repo ?? fallback.repo, branch: branch ?? fallback.branch,
            tokenSecret: tokenSecret ?? fallback.tokenSecret, eventType: eventType ?? fallback.eventType)
    }

    package var effectiveMode: Mode { mode ?? .kargo }
    package var effectiveTokenSecret: String { tokenSecret ?? Self.defaultTokenSecret }
    package var effectiveEventType: String { eventType ?? Self.defaultEventType }
}

/// A GitOps repository: GitHub `owner/name`, or any `https://` git URL.
package struct GitOpsRepository: Sendable, Hashable, CustomStringConvertible {
    /// `https://github.com/owner/name.git` or the URL as written.
    package var url: String
    /// `owner/name` when the repository is on GitHub.
    package var github: String?

    package init(_ text: String) {
        if text.hasPrefix("https://") {
            url = text
            github = nil
        } else {
            url = String(concatenating: "https://github.com/", text, ".git")
            github = text
        }
    }

    package var description: String { github ?? url }
}
