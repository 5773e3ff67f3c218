import ImageFactoryManifests

/// A workflow in another GitHub repository to start when a new version of an image appears: by
/// `repository_dispatch` (an event type) or `workflow_dispatch` (a workflow file and branch).
package struct DownstreamDispatch: Sendable, Hashable {
    package enum Kind: Sendable, Hashable {
        /// `repository_dispatch` with this `event_type`; the payload carries image, tag, digest and short SHA.
        case repositoryDispatch(eventType: String)
        /// `workflow_dispatch` of this workflow on `ref`, with the inputs `image`, `tag`, `digest` and `short_sha`.
        case workflowDispatch(workflow: String, ref: String)
    }

    /// `owner/name`.
    package var repo: String
    package var kind: Kind
    /// The Secret key with a token that may dispatch there; default `project.githubTokenSecret`.
    package var token: Kubernetes.SecretKeyReference?
    package var location: InputLocation?

    package init(repo: String, kind: Kind, token: Kubernetes.SecretKeyReference? = nil, location: InputLocation? = nil) {
        self.repo = repo
        self.kind = kind
        self.token = token
        self.location = location
    }

    /// The workflow_dispatch inputs the target workflow must declare (all strings).
    package static let workflowInputs = ["image", "tag", "digest", "short_sha"]
}
