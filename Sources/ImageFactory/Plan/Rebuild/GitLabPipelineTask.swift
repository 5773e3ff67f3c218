import ImageFactoryManifests

/// The trigger step of a GitLab-sourced image's ``RebuildTrigger`` task: an `http` step that starts a pipeline
/// through GitLab's pipeline trigger API (`POST /api/v4/projects/:id/trigger/pipeline`) on the image's branch,
/// with the variables `VERSION_BUMP`, `TRIGGERED_BY` and `BASE_IMAGE` (the same three values a GitHub dispatch
/// sends as inputs).
///
/// The body is a JSON map serialized by Kargo's `quote()`; the trigger token comes from the Secret named in
/// `source.triggerToken` and travels in that body, never in the URL. 201 succeeds; 400/401/403/404/422 fail at
/// once with a message that says what to fix; anything else (5xx, 429) keeps the step running and it re-sends
/// every `rebuildRetry.interval` until `rebuildRetry.timeout`.
enum GitLabPipelineTask {
    static let name = "gitlab-pipeline-trigger"
    static let terminalStatuses = [400, 401, 403, 404, 422]
    static let failureExpression = "response.status in [\(terminalStatuses.map(String.init).joined(separator: ", "))]"

    /// The CI/CD variables the triggered pipeline receives.
    enum PipelineVariable: String, CaseIterable {
        case versionBump = "VERSION_BUMP"
        case triggeredBy = "TRIGGERED_BY"
        case baseImage = "BASE_IMAGE"
    }

    /// The task's inputs; every caller supplies all of them.
    enum Input: String, CaseIterable {
        /// The GitLab host.
        case host
        /// The project path, URL-encoded (`group%2Fname`), as the API takes it.
        case project
        /// The project path as people read it, for messages.
        case repo
        /// The branch the pipeline runs on.
        case ref
        case versionBump
        /// The base image repository whose new Freight triggered the rebuild.
        case baseRepo
        /// The Secret and key holding the project's pipeline trigger token.
        case tokenSecret
        case tokenKey
    }

    /// The vars a rebuild-trigger Stage passes for one image and one base.
    static func vars(source: SourceSpec, versionBump: VersionBump, baseRepo: String) -> [Kargo.Variable] {
        let token = source.triggerToken ?? Kubernetes.SecretKeyReference(name: "gitlab-trigger-token", key: "token")
        return [
            Kargo.Variable(Input.host.rawValue, source.host ?? SourceSpec.defaultGitLabHost),
            Kargo.Variable(Input.project.rawValue, encodedProject(source.repo)),
            Kargo.Variable(Input.repo.rawValue, source.repo),
            Kargo.Variable(Input.ref.rawValue, source.branch),
            Kargo.Variable(Input.versionBump.rawValue, versionBump.rawValue),
            Kargo.Variable(Input.baseRepo.rawValue, baseRepo),
            Kargo.Variable(Input.tokenSecret.rawValue, token.name),
            Kargo.Variable(Input.tokenKey.rawValue, token.key),
        ]
    }

    /// `group/sub/name` as the API's `:id` takes it: `group%2Fsub%2Fname` (the path is validated to hold only
    /// letters, digits, `.`, `_`, `-` and `/`).
    static func encodedProject(_ path: String) -> String {
        path.replacingOccurrences(of: "/", with: "%2F")
    }

    /// The `http` step that starts the pipeline, retried as `retry` says.
    static func step(retry: TriggerRetry) -> Kargo.PromotionStep {
        let baseImage = Kargo.Freight.image(Kargo.Freight.variable(Input.baseRepo.rawValue))
        let token = Kargo.Expression(raw: "secret(vars.\(Input.tokenSecret.rawValue))[vars.\(Input.tokenKey.rawValue)]")
        let body = Kargo.Expression.map([
            ("token", token),
            ("ref", Kargo.Freight.variable(Input.ref.rawValue)),
            ("variables", .map([
                (PipelineVariable.versionBump.rawValue, Kargo.Freight.variable(Input.versionBump.rawValue)),
                (PipelineVariable.triggeredBy.rawValue, .concat([.string("kargo/"), Kargo.Expression(raw: "ctx.project"), .string("/"), Kargo.Expression(raw: "ctx.promotion")])),
                (PipelineVariable.baseImage.rawValue, .concat([baseImage.member("RepoURL"), .string(":"), baseImage.member("Tag"), .string("@"), baseImage.member("Digest")])),
            ])),
        ]).quoted
        let host = Kargo.Freight.variable(Input.host.rawValue).templated
        let project = Kargo.Freight.variable(Input.project.rawValue).templated
        return Kargo.PromotionStep.http(
            as: "trigger", retry: retry.stepRetry,
            Kargo.HTTPStepConfig(
                method: .post,
                url: "https://\(host)/api/v4/projects/\(project)/trigger/pipeline",
                headers: ["Accept": "application/json", "Content-Type": "application/json"],
                body: body.templated,
                timeout: Kargo.Duration(seconds: 30),
                pollInterval: retry.interval,
                successExpression: "response.status == 201 || response.status == 200",
                failureExpression: failureExpression,
                errorExpression: errorExpression()))
    }

    /// The message a user sees in the Kargo UI when GitLab refuses the trigger.
    static func errorExpression() -> String {
        let cases: [(Int, [Kargo.Expression.InterpolationPart])] = [
            (400, ["GitLab refused the trigger (400 Bad Request): branch '", .variable("ref"), "' must exist in ", .variable("repo"), " and its .gitlab-ci.yml must be valid"]),
            (401, ["GitLab rejected the trigger token (401 Unauthorized): check key '", .variable("tokenKey"), "' of Secret '", .variable("tokenSecret"), "'"]),
            (403, ["the trigger token's owner may not run pipelines in ", .variable("repo"), " (403 Forbidden): it needs the Developer role or more on the project"]),
            (404, [
                "GitLab project ", .variable("repo"), " was not found on ", .variable("host"),
                ", or the trigger token in Secret '", .variable("tokenSecret"), "' is not one of its pipeline trigger tokens (404 Not Found)",
            ]),
            (422, ["GitLab could not create the pipeline (422 Unprocessable Entity): no job of ", .variable("repo"), "@", .variable("ref"), " runs for a trigger, or a rule refused it"]),
        ]
        var lines = cases.map { "response.status == \($0.0) ? \(Kargo.Expression.interpolated($0.1).source) :" }
        lines.append("\(Kargo.Expression.string("GitLab answered HTTP ").source) + string(response.status)")
        let detail = "\(Kargo.Expression.string(" (GitLab says: ").source) + string(response.body?.message ?? response.body?.error ?? \(Kargo.Expression.string("nothing").source)) + \(Kargo.Expression.string(")").source)"
        return "(" + lines.joined(separator: "\n") + ")\n+ " + detail
    }
}
