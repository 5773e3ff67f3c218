import ImageFactoryManifests

/// The last job of an image's build workflow in GitHub mode: after the reusable image-builder workflow (job
/// `build`) built, pushed and signed the image, it sends a `repository_dispatch` to each GitOps repository
/// (``BuildScript/gitopsDispatch``), whose ``GitOpsReceiverWorkflow`` updates the environments.
///
/// Only for images the build pushed to the production repositories (never pull requests, merge-queue groups or another
/// branch's dispatches, whose images go to the development repositories), and only when the build reported a digest.
/// The token is a secret of the source repository, so the job asks for no `GITHUB_TOKEN` permission at all.
enum GitOpsDispatchJob {
    static let id = "gitops"
    /// The job that calls the image-builder workflow, whose `images` and `digest` outputs this job reads.
    static let buildJob = "build"

    /// The final job of an image's build workflow. `needs` are the job ids it waits for (`build` is added when
    /// missing: the job reads its outputs).
    static func make(
        image: String, repository: String, gitopsRepositories: [String], eventType: String, tokenSecret: String, needs: [String],
        runner: String, scripts: [BuildScript: String]
    ) -> GitHubActions.Job {
        let build = "needs.\(buildJob).outputs"
        return GitHubActions.Job(
            id, name: "Dispatch \(image) to GitOps", needs: needs.contains(buildJob) ? needs : [buildJob] + needs,
            if: "\(build).production == 'true' && \(build).digest != ''",
            permissions: GitHubActions.Permissions(),
            .steps(runsOn: runner, timeoutMinutes: 5, [
                GitHubActions.Step(
                    "Send \(eventType)",
                    env: [
                        ("IMAGE", image),
                        ("REPOSITORY", repository),
                        ("IMAGES", "${{ \(build).images }}"),
                        ("DIGEST", "${{ \(build).digest }}"),
                        ("SOURCE_REPOSITORY", "${{ github.repository }}"),
                        ("GIT_REF", "${{ github.ref }}"),
                        ("COMMIT_SHA", "${{ github.sha }}"),
                        ("RUN_URL", "${{ github.server_url }}/${{ github.repository }}/actions/runs/${{ github.run_id }}"),
                        ("GITOPS_REPOSITORIES", gitopsRepositories.map { $0 + "\n" }.joined()),
                        ("EVENT_TYPE", eventType),
                        ("GH_TOKEN", "${{ secrets.\(tokenSecret) }}"),
                    ],
                    .script(scripts[.gitopsDispatch] ?? BuildScript.gitopsDispatch.builtInTemplate)),
            ]))
    }
}
