import ImageFactoryManifests

/// The PromotionTask a downstream-dispatch Stage runs: one `http` step that tells another GitHub repository about
/// a new version of an image, by `repository_dispatch` (an event type, the values in `client_payload`) or by
/// `workflow_dispatch` (the values as the inputs `image`, `tag`, `digest` and `short_sha`).
///
/// The payload carries the image repository, its tag and digest, and the first 8 characters of the commit in the
/// image's `org.opencontainers.image.revision` annotation (as in the build's tags; empty when the image has none). It is an expr map
/// serialized by `quote()`; the token comes from the Secret the Stage names. Success and failure are judged as for
/// the rebuild triggers (``GitHubDispatchTask``): refusals fail at once with what to fix, 5xx and rate limits are
/// re-sent every `interval` until `timeout`; and when the image's `notify` includes `failed`, a dispatch that failed
/// for good is posted to its webhook (``NotificationMessage/dispatchFailed``). As for the rebuild triggers, each
/// retry policy and webhook is a task of its own, named by what differs from the default.
struct DownstreamDispatchTask: Sendable, Hashable {
    enum Kind: String, Sendable, Hashable { case repositoryDispatch = "github-repository-dispatch", workflowDispatch = "github-workflow-dispatch-new-version" }

    /// The task's inputs; every Stage supplies the ones of its kind.
    enum Input: String, CaseIterable {
        /// `owner/name`.
        case repo
        case imageRepo
        case image
        case tokenSecret
        case tokenKey
        /// repository_dispatch only.
        case eventType
        /// workflow_dispatch only.
        case workflow
        case ref
    }

    var kind: Kind
    var retry: TriggerRetry
    /// The webhook a failed dispatch is posted to.
    var failureWebhook: Kubernetes.SecretKeyReference?
    let taskName: String

    init(kind: Kind, retry: TriggerRetry, failureWebhook: Kubernetes.SecretKeyReference? = nil) {
        self.kind = kind
        self.retry = retry
        self.failureWebhook = failureWebhook
        var parts = [kind.rawValue]
        parts += retry.nameParts
        if let failureWebhook {
            parts += ["notify", failureWebhook.name]
            if failureWebhook.key != RebuildNotification.defaultKey { parts.append(failureWebhook.key) }
        }
        taskName = KubernetesName.make(parts: parts)
    }

    /// The task of `dispatch` for an image with `policy`: its retry, and its webhook when it is told of failures.
    init(_ dispatch: DownstreamDispatch, policy: RebuildPolicy) {
        let webhook = policy.notification.flatMap { $0.events.contains(.failed) ? $0.webhook : nil }
        switch dispatch.kind {
        case .repositoryDispatch: self.init(kind: .repositoryDispatch, retry: policy.retry, failureWebhook: webhook)
        case .workflowDispatch: self.init(kind: .workflowDispatch, retry: policy.retry, failureWebhook: webhook)
        }
    }

    var inputs: [Input] {
        switch kind {
        case .repositoryDispatch: [.repo, .imageRepo, .image, .tokenSecret, .tokenKey, .eventType]
        case .workflowDispatch: [.repo, .imageRepo, .image, .tokenSecret, .tokenKey, .workflow, .ref]
        }
    }

    static func vars(_ dispatch: DownstreamDispatch, image: ImageSpec, token: Kubernetes.SecretKeyReference) -> [Kargo.Variable] {
        var vars = [
            Kargo.Variable(Input.repo.rawValue, dispatch.repo),
            Kargo.Variable(Input.imageRepo.rawValue, image.repositoryURL),
            Kargo.Variable(Input.image.rawValue, image.name),
            Kargo.Variable(Input.tokenSecret.rawValue, token.name),
            Kargo.Variable(Input.tokenKey.rawValue, token.key),
        ]
        switch dispatch.kind {
        case .repositoryDispatch(let eventType):
            vars.append(Kargo.Variable(Input.eventType.rawValue, eventType))
        case let .workflowDispatch(workflow, ref):
            vars.append(Kargo.Variable(Input.workflow.rawValue, workflow))
            vars.append(Kargo.Variable(Input.ref.rawValue, ref))
        }
        return vars
    }

    /// The values both kinds send: image repository, tag, digest and short commit SHA.
    static func payload() -> [(String, Kargo.Expression)] {
        let imageRepo = Kargo.Freight.variable(Input.imageRepo.rawValue)
        let image = Kargo.Freight.image(imageRepo)
        let revision = ImageRevision.of(imageRepo).source
        let length = WorkflowContract.shortSHALength
        let shortSHA = Kargo.Expression(raw: "(len(\(revision)) > \(length) ? \(revision)[:\(length)] : \(revision))")
        return [
            ("image", imageRepo),
            ("tag", image.member("Tag")),
            ("digest", image.member("Digest")),
            ("short_sha", shortSHA),
        ]
    }

    func task(project: String, messages: [NotificationMessage: [NotificationMessage.Part]]) -> Kargo.PromotionTask {
        func variable(_ input: Input) -> Kargo.Expression { Kargo.Freight.variable(input.rawValue) }
        let triggeredBy = Kargo.Expression.concat([.string("kargo/"), Kargo.Expression(raw: "ctx.project"), .string("/"), Kargo.Expression(raw: "ctx.promotion")])
        let repo = variable(.repo).templated
        let url: String
        let body: Kargo.Expression
        let success: String
        switch kind {
        case .repositoryDispatch:
            url = "https://api.github.com/repos/\(repo)/dispatches"
            body = .map([
                ("event_type", variable(.eventType)),
                ("client_payload", .map(Self.payload() + [("name", variable(.image)), ("triggered_by", triggeredBy)])),
            ])
            success = "response.status == 204"
        case .workflowDispatch:
            url = "https://api.github.com/repos/\(repo)/actions/workflows/\(variable(.workflow).templated)/dispatches"
            body = .map([("ref", variable(.ref)), ("inputs", .map(Self.payload()))])
            success = "response.status == 204 || response.status == 200"
        }
        let token = Kargo.Expression.call("secret", variable(.tokenSecret)).source + "[\(variable(.tokenKey).source)]"
        return Kargo.PromotionTask(
            taskName, namespace: project, labels: FactoryLabels.labels(.downstreamDispatch), vars: inputs.map { Kargo.PromotionTask.Input($0.rawValue) }
        ) {
            Kargo.PromotionStep.http(
                as: "dispatch", retry: retry.stepRetry,
                Kargo.HTTPStepConfig(
                    method: .post, url: url,
                    headers: [
                        "Accept": "application/vnd.github+json",
                        "Authorization": "Bearer ${{ \(token) }}",
                        "X-GitHub-Api-Version": "2022-11-28",
                        "Content-Type": "application/json",
                    ],
                    body: body.quoted.templated,
                    timeout: Kargo.Duration(seconds: 30),
                    pollInterval: retry.interval,
                    successExpression: success,
                    failureExpression: GitHubDispatchTask.failureExpression,
                    errorExpression: errorExpression))
            if let failureWebhook {
                NotificationStep.make(.dispatchFailed, parts: messages[.dispatchFailed] ?? [], webhook: failureWebhook)
            }
        }
    }

    /// What a refusal means for this kind of dispatch.
    var errorExpression: String {
        let token: [Kargo.Expression.InterpolationPart] = [
            "check key '", .variable(Input.tokenKey.rawValue), "' of Secret '", .variable(Input.tokenSecret.rawValue), "'",
        ]
        switch kind {
        case .repositoryDispatch:
            return GitHubDispatchTask.errorExpression([
                (400, ["GitHub could not parse the repository_dispatch request (400 Bad Request)"]),
                (401, ["GitHub rejected the token (401 Unauthorized): "] + token),
                (403, ["the token may not send repository_dispatch to ", .variable("repo"), " (403 Forbidden): it needs Contents: write on that repository"]),
                (404, ["repository ", .variable("repo"), " was not found, or the token cannot see it (404 Not Found)"]),
                (422, ["GitHub refused the event (422 Unprocessable Entity): event type '", .variable("eventType"), "' or the payload is invalid"]),
            ])
        case .workflowDispatch:
            return GitHubDispatchTask.errorExpression([
                (400, ["GitHub could not parse the workflow_dispatch request (400 Bad Request)"]),
                (401, ["GitHub rejected the token (401 Unauthorized): "] + token),
                (403, ["the token may not dispatch workflows in ", .variable("repo"), " (403 Forbidden): it needs Actions: write on that repository"]),
                (404, ["workflow '", .variable("workflow"), "' was not found in ", .variable("repo"), ", or the token cannot see that repository (404 Not Found)"]),
                (422, [
                    "GitHub refused the inputs (422 Unprocessable Entity): '", .variable("workflow"),
                    "' must declare the workflow_dispatch inputs image, tag, digest and short_sha, and ref '", .variable("ref"), "' must exist",
                ]),
            ])
        }
    }
}
