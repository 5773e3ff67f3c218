import ImageFactoryManifests

/// The trigger step of a GitHub-sourced image's ``RebuildTrigger`` task: an `http` step that calls GitHub's
/// workflow_dispatch API for one workflow with `version_bump`, `triggered_by` and `base_image` (the new base as
/// `repo:tag@digest`).
///
/// The body is an expr map serialized by Kargo's `quote()` (a JSON encoder) whose literals are JSON-encoded
/// here; the token is a `secret()` reference. 204 (or 200) succeeds; 400/401/403/404/422 fail at once with a
/// message that says what to fix, except a 403 that is GitHub's rate limit (`X-RateLimit-Remaining: 0` or a
/// `Retry-After` header); anything else (5xx, rate limits) keeps the step running, and it re-sends every
/// `rebuildRetry.interval` until `rebuildRetry.timeout`.
enum GitHubDispatchTask {
    static let name = "github-workflow-dispatch"
    static let terminalStatuses = [400, 401, 404, 422]
    /// 403 is final unless GitHub says it is rate limiting (then the step keeps running and tries again).
    static let failureExpression = """
        response.status in [\(terminalStatuses.map(String.init).joined(separator: ", "))] || (response.status == 403 && \
        response.header("X-RateLimit-Remaining") != "0" && response.header("Retry-After") == "")
        """

    /// The task's inputs; every caller supplies all of them.
    enum Input: String, CaseIterable {
        /// `owner/name`.
        case repo
        /// The workflow file.
        case workflow
        /// The branch to run the workflow on.
        case ref
        case versionBump
        /// The base image repository whose new Freight triggered the rebuild.
        case baseRepo
    }

    /// The vars a rebuild-trigger Stage passes for one image and one base.
    static func vars(source: SourceSpec, versionBump: VersionBump, baseRepo: String) -> [Kargo.Variable] {
        [
            Kargo.Variable(Input.repo.rawValue, source.repo),
            Kargo.Variable(Input.workflow.rawValue, source.workflow),
            Kargo.Variable(Input.ref.rawValue, source.branch),
            Kargo.Variable(Input.versionBump.rawValue, versionBump.rawValue),
            Kargo.Variable(Input.baseRepo.rawValue, baseRepo),
        ]
    }

    /// The `http` step that sends the dispatch, retried as `retry` says.
    static func step(project: ProjectSettings, retry: TriggerRetry) -> Kargo.PromotionStep {
        let baseImage = Kargo.Freight.image(Kargo.Freight.variable(Input.baseRepo.rawValue))
        let body = Kargo.Expression.map([
            ("ref", Kargo.Freight.variable(Input.ref.rawValue)),
            ("inputs", .map([
                (WorkflowContract.DispatchedInput.versionBump.rawValue, Kargo.Freight.variable(Input.versionBump.rawValue)),
                (WorkflowContract.DispatchedInput.triggeredBy.rawValue, .concat([.string("kargo/"), Kargo.Expression(raw: "ctx.project"), .string("/"), Kargo.Expression(raw: "ctx.promotion")])),
                (WorkflowContract.DispatchedInput.baseImage.rawValue, .concat([baseImage.member("RepoURL"), .string(":"), baseImage.member("Tag"), .string("@"), baseImage.member("Digest")])),
            ])),
        ]).quoted
        let repo = Kargo.Freight.variable(Input.repo.rawValue).templated
        let workflow = Kargo.Freight.variable(Input.workflow.rawValue).templated
        return Kargo.PromotionStep.http(
            as: "dispatch", retry: retry.stepRetry,
            Kargo.HTTPStepConfig(
                method: .post,
                url: "https://api.github.com/repos/\(repo)/actions/workflows/\(workflow)/dispatches",
                headers: [
                    "Accept": "application/vnd.github+json",
                    "Authorization": "Bearer \(Kargo.Freight.secret(project.githubToken).templated)",
                    "X-GitHub-Api-Version": "2022-11-28",
                    "Content-Type": "application/json",
                ],
                body: body.templated,
                timeout: Kargo.Duration(seconds: 30),
                pollInterval: retry.interval,
                successExpression: "response.status == 204 || response.status == 200",
                failureExpression: failureExpression,
                errorExpression: errorExpression(project: project)))
    }

    /// The message a user sees in the Kargo UI when GitHub refuses the dispatch: what failed and what to check.
    /// Repository, workflow and branch are filled in by Kargo from the task's vars (validated in images.yaml:
    /// they cannot contain quotes or backslashes).
    static func errorExpression(project: ProjectSettings) -> String {
        let secret = project.githubToken
        let cases: [(Int, [Kargo.Expression.InterpolationPart])] = [
            (400, ["GitHub could not parse the dispatch request (400 Bad Request)"]),
            (401, [.text("GitHub rejected the token (401 Unauthorized): check key '\(secret.key)' of Secret '\(secret.name)' in namespace '\(project.name)'")]),
            (403, ["the token may not dispatch workflows in ", .variable("repo"), " (403 Forbidden): it needs Actions: write on that repository"]),
            (404, ["workflow '", .variable("workflow"), "' was not found in ", .variable("repo"), ", or the token cannot see that repository (404 Not Found)"]),
            (422, [
                "GitHub refused the inputs (422 Unprocessable Entity): '", .variable("workflow"),
                "' must declare the workflow_dispatch inputs version_bump, triggered_by and base_image, and branch '", .variable("ref"), "' must exist",
            ]),
        ]
        return errorExpression(cases)
    }

    /// An `errorExpression` that says, per refused status, what failed and what to check, then what GitHub said.
    static func errorExpression(_ cases: [(Int, [Kargo.Expression.InterpolationPart])]) -> String {
        var lines = cases.map { "response.status == \($0.0) ? \(Kargo.Expression.interpolated($0.1).source) :" }
        lines.append("\(Kargo.Expression.string("GitHub answered HTTP ").source) + string(response.status)")
        let detail = "\(Kargo.Expression.string(" (GitHub says: ").source) + string(response.body?.message ?? \(Kargo.Expression.string("nothing").source)) + \(Kargo.Expression.string(")").source)"
        return "(" + lines.joined(separator: "\n") + ")\n+ " + detail
    }
}
