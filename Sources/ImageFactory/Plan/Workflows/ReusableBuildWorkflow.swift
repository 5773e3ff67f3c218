import ImageFactoryManifests

/// The reusable workflow (`on: workflow_call`) every generated caller runs: it resolves and validates the
/// build's settings and reserves a bumped version as a git tag before anything is built (in a job of its own, the only
/// one with `contents: write`), builds with buildx (GitHub Actions layer cache except on tag builds), tags with
/// docker/metadata-action, pushes to the dev or production repositories, and signs by digest with keyless cosign
/// in a job of its own (the only one with `id-token: write`).
///
/// Event and input values reach shell steps only through `env:`, and the scripts validate them before use.
package enum ReusableBuildWorkflow {
    /// The inputs a caller passes, in order.
    package enum Input: String, CaseIterable, Sendable {
        case image, dockerfile, context, platforms, target
        case buildArgs = "build-args"
        case tags, repositories
        case devRepositories = "dev-repositories"
        case sourceBranch = "source-branch"
        case releaseTagPrefix = "release-tag-prefix"
        case versionFile = "version-file"
        case baseImageRepository = "base-image-repository"
        case versionBump = "version-bump"
        case triggeredBy = "triggered-by"
        case baseImage = "base-image"

        var declaration: GitHubActions.WorkflowInput {
            switch self {
            case .image: GitHubActions.WorkflowInput(rawValue, .string, required: true, "The image's name in images.yaml.")
            case .dockerfile: GitHubActions.WorkflowInput(rawValue, .string, required: true, "Path of the Dockerfile in the repository.")
            case .context: GitHubActions.WorkflowInput(rawValue, .string, default: ".", "The build context.")
            case .platforms: GitHubActions.WorkflowInput(rawValue, .string, default: "linux/amd64", "Platforms to build, comma-separated.")
            case .target: GitHubActions.WorkflowInput(rawValue, .string, default: "", "The Dockerfile stage to build; empty for the last.")
            case .buildArgs: GitHubActions.WorkflowInput(rawValue, .string, default: "", "Build args, one KEY=value per line.")
            case .tags: GitHubActions.WorkflowInput(rawValue, .string, default: "", "Extra docker/metadata-action tag rules, one per line.")
            case .repositories: GitHubActions.WorkflowInput(rawValue, .string, required: true, "Repositories the source branch's and release tags' builds go to, one per line.")
            case .devRepositories: GitHubActions.WorkflowInput(rawValue, .string, default: "", "Repositories pull-request, merge-queue and other branches' dispatch builds go to, one per line; empty: build only.")
            case .sourceBranch: GitHubActions.WorkflowInput(rawValue, .string, required: true, "The branch production builds and releases come from.")
            case .releaseTagPrefix: GitHubActions.WorkflowInput(rawValue, .string, default: "v", "What the image's release tags start with.")
            case .versionFile: GitHubActions.WorkflowInput(rawValue, .string, default: "", "A file holding the current version, read when a dispatch bumps it.")
            case .baseImageRepository: GitHubActions.WorkflowInput(rawValue, .string, default: "", "The repository the Dockerfile's ARG BASE_IMAGE names.")
            case .versionBump: GitHubActions.WorkflowInput(rawValue, .string, default: "", "patch, minor or major: reserve and release the next version; none or empty: no release.")
            case .triggeredBy: GitHubActions.WorkflowInput(rawValue, .string, default: "", "Who asked for the build (for the summary).")
            case .baseImage: GitHubActions.WorkflowInput(rawValue, .string, default: "", "The new base image, repository:tag@digest, passed as BASE_IMAGE when it is the Dockerfile's.")
            }
        }
    }

    /// Logins the workflow can perform, ghcr.io with the workflow token unless `registries` overrides it.
    static func logins(_ registries: [RegistryLogin]) -> [RegistryLogin] {
        var logins = registries
        if !logins.contains(where: { $0.host == WorkflowContract.tokenRegistry }) {
            logins.insert(RegistryLogin(host: WorkflowContract.tokenRegistry, username: "${{ github.actor }}", passwordSecret: "GITHUB_TOKEN"), at: 0)
        }
        return logins
    }

    private static func input(_ input: Input) -> String { "${{ inputs.\(input.rawValue) }}" }

    /// The build job's variable that tells whether the secret `name` is set: `secrets` cannot be read in a step's `if:`.
    static func secretSetVariable(_ name: String) -> String { "HAS_\(name)" }

    /// Logins before the build, for pulling and pushing: every registry, on every event. A login whose secret is empty
    /// (a fork's pull request gets no secrets) is skipped unless the build pushes to that registry.
    private static func pullLoginSteps(_ logins: [RegistryLogin], resolve: String) -> [GitHubActions.Step] {
        logins.map { login in
            let pushed = "\(resolve).push == 'true' && contains(fromJSON(\(resolve).registries), '\(login.host)')"
            return GitHubActions.Step(
                "Log in to \(login.host)",
                if: login.passwordSecret == "GITHUB_TOKEN" ? nil : "env.\(secretSetVariable(login.passwordSecret)) == 'true' || (\(pushed))",
                .action(.login, with: [
                    ("registry", .string(login.host)),
                    ("username", .string(login.username)),
                    ("password", "${{ secrets.\(login.passwordSecret) }}"),
                ]))
        }
    }

    private static func loginSteps(_ logins: [RegistryLogin], registriesOutput: String, pushedCondition: String) -> [GitHubActions.Step] {
        logins.map { login in
            GitHubActions.Step(
                "Log in to \(login.host)",
                if: "\(pushedCondition) && contains(fromJSON(\(registriesOutput)), '\(login.host)')",
                .action(.login, with: [
                    ("registry", .string(login.host)),
                    ("username", .string(login.username)),
                    ("password", "${{ secrets.\(login.passwordSecret) }}"),
                ]))
        }
    }

    /// The workflow, for a project whose builds log in with `registries` and run on `runner`.
    package static func make(registries: [RegistryLogin], runner: String, scripts: [BuildScript: String]) -> GitHubActions.Workflow {
        let logins = logins(registries)
        let secrets = logins.filter { $0.passwordSecret != "GITHUB_TOKEN" }.map {
            GitHubActions.WorkflowSecret($0.passwordSecret, "Password or token for \($0.host) (user \($0.username)).")
        }
        func script(_ script: BuildScript) -> String { scripts[script] ?? script.builtInTemplate }
        let resolve = "needs.resolve.outputs"
        return GitHubActions.Workflow(
            "image-builder",
            on: GitHubActions.Triggers(workflowCall: .init(
                inputs: Input.allCases.map(\.declaration),
                outputs: [
                    GitHubActions.WorkflowOutput("images", value: "${{ jobs.build.outputs.tags }}", "The pushed image references, one per line."),
                    GitHubActions.WorkflowOutput("digest", value: "${{ jobs.build.outputs.digest }}", "The digest of the pushed image (index for multi-platform)."),
                    GitHubActions.WorkflowOutput("version", value: "${{ jobs.build.outputs.version }}", "The version this build was tagged with, if any."),
                    GitHubActions.WorkflowOutput("production", value: "${{ jobs.build.outputs.production }}", "true when the image went to the production repositories (signed, deployable)."),
                ],
                secrets: secrets))
        ) {
            GitHubActions.Job(
                "resolve", name: "Resolve \(input(.image))",
                permissions: GitHubActions.Permissions(["contents": .write]),
                outputs: ["push", "production", "images", "registries", "version", "prerelease", "build-args", "base-image"].map {
                    ($0, "${{ steps.resolve.outputs.\($0) }}")
                },
                .steps(runsOn: runner, timeoutMinutes: 10, [
                    GitHubActions.Step("Check out", .action(.checkout, with: [("persist-credentials", false), ("fetch-depth", 0)])),
                    GitHubActions.Step(
                        "Resolve and check the build settings", id: "resolve",
                        env: [
                            ("EVENT_NAME", "${{ github.event_name }}"),
                            ("GIT_REF", "${{ github.ref }}"),
                            ("REPOSITORY", "${{ github.repository }}"),
                            ("HEAD_REPOSITORY", "${{ github.event.pull_request.head.repo.full_name }}"),
                            ("SOURCE_BRANCH", input(.sourceBranch)),
                            ("REPOSITORIES", input(.repositories)),
                            ("DEV_REPOSITORIES", input(.devRepositories)),
                            ("VERSION_BUMP", input(.versionBump)),
                            ("TRIGGERED_BY", input(.triggeredBy)),
                            ("BASE_IMAGE", input(.baseImage)),
                            ("BASE_IMAGE_REPOSITORY", input(.baseImageRepository)),
                            ("BUILD_ARGS", input(.buildArgs)),
                            ("RELEASE_TAG_PREFIX", input(.releaseTagPrefix)),
                            ("VERSION_FILE", input(.versionFile)),
                            ("COMMIT_SHA", "${{ github.sha }}"),
                            ("GH_TOKEN", "${{ github.token }}"),
                        ],
                        .script(script(.resolveBuild))),
                ]))
            GitHubActions.Job(
                "build", name: "Build \(input(.image))", needs: ["resolve"],
                permissions: GitHubActions.Permissions(["contents": .read, "packages": .write]),
                outputs: [
                    ("pushed", "${{ \(resolve).push }}"),
                    ("production", "${{ \(resolve).production }}"),
                    ("images", "${{ \(resolve).images }}"),
                    ("registries", "${{ \(resolve).registries }}"),
                    ("tags", "${{ steps.meta.outputs.tags }}"),
                    ("digest", "${{ steps.build.outputs.digest }}"),
                    ("version", "${{ \(resolve).version }}"),
                ],
                env: secrets.map { (secretSetVariable($0.name), "${{ secrets.\($0.name) != '' }}") },
                .steps(runsOn: runner, timeoutMinutes: 60, [
                    GitHubActions.Step("Check out", .action(.checkout, with: [("persist-credentials", false)])),
                    GitHubActions.Step("Set up QEMU", if: "inputs.platforms != 'linux/amd64'", .action(.setupQEMU, with: [])),
                    GitHubActions.Step("Set up Buildx", .action(.setupBuildx, with: [("cache-binary", false)])),
                    GitHubActions.Step(
                        "Compute tags and labels", id: "meta",
                        env: [
                            ("DOCKER_METADATA_SHORT_SHA_LENGTH", String(WorkflowContract.shortSHALength)),
                            ("DOCKER_METADATA_ANNOTATIONS_LEVELS", "manifest,index"),
                            // On pull requests `github.sha` is GitHub's temporary merge commit: `{{sha}}` and the revision
                            // label name the head commit instead.
                            ("DOCKER_METADATA_PR_HEAD_SHA", "true"),
                        ],
                        .action(.metadata, with: [
                            ("images", "${{ \(resolve).images }}"),
                            ("flavor", "latest=false"),
                            // A pre-release is tagged with its version alone: no date tag, none of the image's own tags.
                            ("tags", """
                                type=ref,event=pr
                                type=raw,value=v{{date 'YYYYMMDD'}}-{{sha}},enable=${{ github.event_name != 'pull_request' && \(resolve).prerelease != 'true' }}
                                type=raw,value=${{ \(resolve).version }},enable=${{ \(resolve).version != '' }}
                                ${{ \(resolve).prerelease != 'true' && inputs.tags || '' }}
                                """),
                            ("labels", "${{ \(resolve).base-image != '' && format('org.opencontainers.image.base.name={0}', \(resolve).base-image) || '' }}"),
                        ])),
                ] + pullLoginSteps(logins, resolve: resolve) + [
                    GitHubActions.Step(
                        "Build and push", id: "build",
                        .action(.buildPush, with: [
                            ("context", .string(input(.context))),
                            ("file", .string(input(.dockerfile))),
                            ("platforms", .string(input(.platforms))),
                            ("target", .string(input(.target))),
                            ("push", "${{ \(resolve).push == 'true' }}"),
                            ("tags", "${{ steps.meta.outputs.tags }}"),
                            ("labels", "${{ steps.meta.outputs.labels }}"),
                            ("annotations", "${{ steps.meta.outputs.annotations }}"),
                            ("build-args", "${{ \(resolve).build-args }}"),
                            ("pull", true),
                            ("cache-from", "${{ !startsWith(github.ref, 'refs/tags/') && format('type=gha,scope={0}', inputs.image) || '' }}"),
                            ("cache-to", "${{ !startsWith(github.ref, 'refs/tags/') && format('type=gha,mode=max,scope={0}', inputs.image) || '' }}"),
                            ("provenance", "mode=max"),
                            ("sbom", true),
                        ])),
                ]))
            GitHubActions.Job(
                "sign", name: "Sign \(input(.image))", needs: ["build"],
                if: "needs.build.outputs.production == 'true' && needs.build.outputs.digest != ''",
                permissions: GitHubActions.Permissions(["packages": .write, "id-token": .write]),
                .steps(runsOn: runner, timeoutMinutes: 15, [
                    GitHubActions.Step("Install cosign", .action(.cosignInstaller, with: [])),
                ] + loginSteps(logins, registriesOutput: "needs.build.outputs.registries", pushedCondition: "needs.build.outputs.pushed == 'true'") + [
                    GitHubActions.Step(
                        "Sign by digest (keyless)",
                        env: [("IMAGES", "${{ needs.build.outputs.images }}"), ("DIGEST", "${{ needs.build.outputs.digest }}")],
                        .script(script(.signImage))),
                ]))
        }
    }
}
