import ImageFactoryYAML
import ImageFactoryManifests

/// The thin workflow per image: its triggers, and one job that calls ``ReusableBuildWorkflow`` with the image's
/// settings. This is the workflow the rebuild-trigger Stages dispatch; its `workflow_dispatch` inputs are
/// exactly the ones ``GitHubDispatchTask`` sends.
package enum CallerBuildWorkflow {
    /// The `workflow_dispatch` inputs, as the rebuild trigger sends them. A run started by hand releases nothing unless
    /// asked to: `version_bump` defaults to `none` (the rebuild trigger always sends its image's `versionBump`).
    package static let dispatchInputs: [GitHubActions.WorkflowInput] = [
        GitHubActions.WorkflowInput(
            WorkflowContract.DispatchedInput.versionBump.rawValue, .choice(VersionBump.allCases.map(\.rawValue)), default: .string(VersionBump.noRelease.rawValue),
            "Which part of the version to raise, releasing the new version as a git tag; none: rebuild without a release."),
        GitHubActions.WorkflowInput(WorkflowContract.DispatchedInput.triggeredBy.rawValue, .string, default: "manual", "Who asked for the build, e.g. the Kargo promotion."),
        GitHubActions.WorkflowInput(WorkflowContract.DispatchedInput.baseImage.rawValue, .string, default: "", "The new base image (repository:tag@digest) that triggered the rebuild."),
    ]

    /// Every run that may push to the production repositories or deploy waits in one queue per image and runs alone,
    /// first in first out, so its tags and GitOps dispatch land in the order the runs started; `queue: max` keeps up to
    /// 100 waiting (GitHub's default keeps one and cancels it for the next, and with it a dispatched base-image pin).
    /// A pull request or merge-queue group has a queue of its own ref. GitHub refuses `queue: max` with
    /// `cancel-in-progress: true`, so a pull request's older runs are not cancelled but run first.
    static let concurrency = GitHubActions.Concurrency(
        group: "${{ github.workflow }}-${{ (github.event_name == 'pull_request' || github.event_name == 'merge_group') && github.ref || 'in-order' }}",
        cancelInProgress: false, queue: .max)

    private static let buildPermissions = GitHubActions.Permissions(["contents": .write, "packages": .write, "id-token": .write])
    private static let builderWorkflow = "$/.github/workflows/\(WorkflowContract.reusableWorkflowFile)"

    /// `finalJob` runs after the build, e.g. the ``GitOpsDispatchJob`` of an image deployed in GitHub mode.
    package static func make(_ build: ResolvedBuild, registries: [RegistryLogin], finalJob: GitHubActions.Job? = nil) -> GitHubActions.Workflow {
        make(build, logins: ReusableBuildWorkflow.logins(registries), finalJob: finalJob)
    }

    /// `logins`: ``ReusableBuildWorkflow/logins(_:)`` of the project's registries, worked out once for all images.
    static func make(_ build: ResolvedBuild, logins: [RegistryLogin], finalJob: GitHubActions.Job? = nil) -> GitHubActions.Workflow {
        let source = build.source
        let paths = build.paths
        // Every registry's secret: the build logs in to all of them, to pull private bases as well as to push.
        let secrets = logins.filter { $0.passwordSecret != "GITHUB_TOKEN" }.map {
            ($0.passwordSecret, "${{ secrets.\($0.passwordSecret) }}")
        }
        typealias Input = ReusableBuildWorkflow.Input
        func lines(_ values: [String]) -> YAMLValue { .string(values.isEmpty ? "" : values.joined(separator: "\n") + "\n") }
        var with: [(String, YAMLValue)] = [
            (Input.image.rawValue, .string(build.image)),
            (Input.dockerfile.rawValue, .string(source.dockerfile)),
            (Input.context.rawValue, .string(build.context)),
            (Input.platforms.rawValue, .string(build.platforms.joined(separator: ","))),
        ]
        // Room for every input at once: grown step by step, the list held up to twice its size in spare capacity.
        with.reserveCapacity(Input.allCases.count)
        if let target = build.target { with.append((Input.target.rawValue, .string(target))) }
        if !build.buildArguments.isEmpty { with.append((Input.buildArgs.rawValue, lines(build.buildArguments.map { "\($0.key)=\($0.value)" }))) }
        if !build.tagRules.isEmpty { with.append((Input.tags.rawValue, lines(build.tagRules.flatMap { ["# \($0.comment)", $0.rule] }))) }
        with.append((Input.repositories.rawValue, lines(build.repositories)))
        if !build.devRepositories.isEmpty { with.append((Input.devRepositories.rawValue, lines(build.devRepositories))) }
        with.append((Input.sourceBranch.rawValue, .string(source.branch)))
        with.append((Input.releaseTagPrefix.rawValue, .string(build.releaseTagPrefix)))
        if let versionFile = build.versionFile { with.append((Input.versionFile.rawValue, .string(versionFile))) }
        if let repository = build.baseImageRepository { with.append((Input.baseImageRepository.rawValue, .string(repository))) }
        with += [
            (Input.versionBump.rawValue, "${{ github.event_name == 'workflow_dispatch' && inputs.version_bump || github.event.client_payload.version_bump || '' }}"),
            (Input.triggeredBy.rawValue, "${{ inputs.triggered_by || github.event.client_payload.triggered_by || github.event_name }}"),
            (Input.baseImage.rawValue, "${{ inputs.base_image || github.event.client_payload.base_image || '' }}"),
        ]
        return GitHubActions.Workflow(
            "build \(build.image)",
            on: GitHubActions.Triggers(
                push: .init(branches: [source.branch], tags: ["\(build.releaseTagPrefix)*"], paths: paths),
                pullRequest: .init(branches: [source.branch], paths: paths),
                mergeGroup: .init(branches: [source.branch]),
                schedule: build.schedule.map { [$0] } ?? [],
                workflowDispatch: dispatchInputs,
                repositoryDispatch: build.dispatchEvents),
            concurrency: concurrency
        ) {
            GitHubActions.Job(
                "build", name: "Build \(build.image)",
                permissions: buildPermissions, .call(builderWorkflow, with: with, secrets: secrets))
            if let finalJob { finalJob }
        }
    }
}
