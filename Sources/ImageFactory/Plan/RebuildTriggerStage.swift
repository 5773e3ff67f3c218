/// The Stage that rebuilds one image when one of its bases changes: an `http` step that calls GitHub's
/// workflow_dispatch API for the image's workflow with `version_bump`, `triggered_by` and `base_image` (the new
/// base as `repo:tag@digest`).
///
/// The body is an expr map serialized by Kargo's `quote()` (a JSON encoder) whose literals are JSON-encoded
/// here; the token is a `secret()` reference. 204 (or 200) succeeds; 400/401/403/404/422 fail at once with a
/// message that says what to fix; anything else keeps the step running, and it re-sends until `retry.timeout`.
enum RebuildTriggerStage {
    static let retry = PromotionStep.Retry(errorThreshold: 3, timeout: KargoDuration(seconds: 15 * 60))
    static let terminalStatuses = [400, 401, 403, 404, 422]

    static func name(image: String, base: BaseDependency) -> String {
        let baseName: String
        switch base.origin {
        case .upstream(let warehouse): baseName = warehouse.hasPrefix("base-") ? String(warehouse.dropFirst(5)) : warehouse
        case .managed(let name), .external(let name): baseName = name
        }
        return KubernetesName.make("rebuild", image, "on", baseName)
    }

    static func make(name: String, image: ResolvedImage, source: SourceSpec, base: BaseDependency, settings: FactoryConfig) -> Stage {
        let autoRebuild = image.spec.autoRebuild ?? settings.defaults.autoRebuild
        let versionBump = image.spec.versionBump ?? settings.defaults.versionBump
        let baseRepo = Freight.variable("baseRepo")
        let baseImage = Freight.image(baseRepo)
        let body = KargoExpression.map([
            ("ref", .string(source.branch)),
            ("inputs", .map([
                ("version_bump", .string(versionBump.rawValue)),
                ("triggered_by", .concat([.string("kargo/"), KargoExpression(raw: "ctx.project"), .string("/"), KargoExpression(raw: "ctx.promotion")])),
                ("base_image", .concat([baseImage.member("RepoURL"), .string(":"), baseImage.member("Tag"), .string("@"), baseImage.member("Digest")])),
            ])),
        ]).quoted
        let sources: FreightSources
        if case .managed(let baseName) = base.origin {
            sources = .upstream(AnalysisStage.name(of: baseName))
        } else {
            sources = .direct
        }
        return Stage(
            name, namespace: settings.project.name,
            labels: FactoryLabels.labels(.rebuildTrigger, image: image.name, autoPromote: autoRebuild),
            vars: [KargoVariable("baseRepo", base.reference.repositoryURL)]
        ) {
            FreightRequest(warehouse: base.warehouse, sources: sources)
        } steps: {
            PromotionStep.http(
                as: "dispatch", retry: retry,
                HTTPStepConfig(
                    method: .post,
                    url: "https://api.github.com/repos/\(source.repo)/actions/workflows/\(source.workflow)/dispatches",
                    headers: [
                        "Accept": "application/vnd.github+json",
                        "Authorization": "Bearer \(Freight.secret(settings.project.githubToken).templated)",
                        "X-GitHub-Api-Version": "2022-11-28",
                        "Content-Type": "application/json",
                    ],
                    body: body.templated,
                    timeout: KargoDuration(seconds: 30),
                    successExpression: "response.status == 204 || response.status == 200",
                    failureExpression: "response.status in [\(terminalStatuses.map(String.init).joined(separator: ", "))]",
                    errorExpression: errorExpression(source: source, settings: settings)))
        }
    }

    /// The message a user sees in the Kargo UI when GitHub refuses the dispatch: what failed and what to check.
    static func errorExpression(source: SourceSpec, settings: FactoryConfig) -> String {
        let secret = settings.project.githubToken
        let cases: [(Int, String)] = [
            (400, "GitHub could not parse the dispatch request (400 Bad Request)"),
            (401, "GitHub rejected the token (401 Unauthorized): check key '\(secret.key)' of Secret '\(secret.name)' in namespace '\(settings.project.name)'"),
            (403, "the token may not dispatch workflows in \(source.repo) (403 Forbidden): it needs Actions: write on that repository"),
            (404, "workflow '\(source.workflow)' was not found in \(source.repo), or the token cannot see that repository (404 Not Found)"),
            (422, "GitHub refused the inputs (422 Unprocessable Entity): '\(source.workflow)' must declare the workflow_dispatch inputs version_bump, triggered_by and base_image, and branch '\(source.branch)' must exist"),
        ]
        var lines = cases.map { "response.status == \($0.0) ? \(KargoExpression.string($0.1).source) :" }
        lines.append("\(KargoExpression.string("GitHub answered HTTP ").source) + string(response.status)")
        let detail = "\(KargoExpression.string(" (GitHub says: ").source) + string(response.body?.message ?? \(KargoExpression.string("nothing").source)) + \(KargoExpression.string(")").source)"
        return "(" + lines.joined(separator: "\n") + ")\n+ " + detail
    }
}
