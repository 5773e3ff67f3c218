/// The script steps of the generated workflows (the image-builder workflow, the GitOps dispatch job and the GitOps
/// repository's receiving workflow), as Mustache templates. Each has a built-in default; a file named `fileName` in the
/// user's templates folder replaces it.
///
/// The scripts are bash, run with `shell: bash` (`bash --noprofile --norc -eo pipefail {0}`), except those whose name
/// ends in `.py` (``isPython``): Python 3.10 or later, run with `shell: python3 {0}`. They never contain a GitHub expression
/// (`${{ … }}`): every input arrives through the environment variables in `environment`, which the workflow step fills,
/// and every value is checked with a regex before it is used. A rejected value stops the step with `::error::` and exit
/// status 1, before anything is written to `$GITHUB_OUTPUT`. The error messages name the input but never repeat its
/// value.
///
/// The templates may use the Mustache variable `{{shortShaLength}}`; the defaults need none, and carry their
/// documentation in a Mustache comment that rendering removes, so a rendered bash default starts with
/// `set -euo pipefail` and the Python one with its imports.
package enum BuildScript: String, CaseIterable, Sendable {
    /// Validates the workflow's inputs and decides what to build: outputs `push`, `production` (pushed to the production
    /// repositories, so signed and deployable), `images` (multi-line), `registries` (JSON array of hosts), `version`,
    /// `prerelease` (the version is a pre-release, tagged with nothing else), `release-tag`, `build-args` (multi-line), `base-image` and `triggered-by`, and appends a summary table to
    /// `$GITHUB_STEP_SUMMARY`. A version bump is reserved before the build: the script creates the release tag on the
    /// commit through the GitHub API, and takes the next version while the tag exists already.
    case resolveBuild = "resolve-build.sh"
    /// Signs the pushed image keyless with cosign, by digest, in every repository it was pushed to.
    case signImage = "sign-image.sh"
    /// GitHub-mode GitOps, the last job of an image's build workflow: sends a `repository_dispatch` with the tags pushed
    /// to the image's repository (and its digest, source commit and run) to each GitOps repository.
    case gitopsDispatch = "gitops-dispatch.sh"
    /// The GitOps repository's receiving workflow: installs PyYAML 6.0.3 from hash-pinned wheels into
    /// `$RUNNER_TEMP/image-factory-python`, for ``gitopsUpdate``.
    case installPyYAML = "install-pyyaml.sh"
    /// The receiving workflow: sets each environment's key in its values file to the first dispatched tag the
    /// environment's pattern finds, YAML-aware and changing nothing else; writes the commit message when a file changed.
    case gitopsUpdate = "gitops-update.py"
    /// The receiving workflow: commits the changed files as github-actions[bot] and pushes them, rebasing and retrying
    /// when the branch moved.
    case gitopsCommit = "gitops-commit.sh"

    /// The name of the file in the user's templates folder that replaces the built-in template.
    package var fileName: String { "\(rawValue).mustache" }

    /// Whether the script is Python (run with `shell: python3 {0}`) rather than bash.
    package var isPython: Bool { rawValue.hasSuffix(".py") }

    /// The environment variables the step sets for the script (names only; the workflow fills them, or the runner for
    /// `RUNNER_TEMP`). Documented here so overrides know their inputs. The runner's own `GITHUB_OUTPUT` and
    /// `GITHUB_STEP_SUMMARY` are not listed.
    package var environment: [String] {
        switch self {
        case .resolveBuild:
            [
                "EVENT_NAME", "GIT_REF", "REPOSITORY", "HEAD_REPOSITORY", "SOURCE_BRANCH", "REPOSITORIES", "DEV_REPOSITORIES",
                "VERSION_BUMP", "TRIGGERED_BY", "BASE_IMAGE", "BASE_IMAGE_REPOSITORY", "BUILD_ARGS",
                "RELEASE_TAG_PREFIX", "VERSION_FILE", "COMMIT_SHA", "GH_TOKEN",
            ]
        case .signImage:
            ["IMAGES", "DIGEST"]
        case .gitopsDispatch:
            [
                "IMAGE", "REPOSITORY", "IMAGES", "DIGEST", "SOURCE_REPOSITORY", "GIT_REF", "COMMIT_SHA", "RUN_URL",
                "GITOPS_REPOSITORIES", "EVENT_TYPE", "GH_TOKEN",
            ]
        case .installPyYAML:
            ["RUNNER_TEMP"]
        case .gitopsUpdate:
            ["PAYLOAD", "ENVIRONMENTS", "COMMIT_MESSAGE_FILE"]
        case .gitopsCommit:
            ["BRANCH", "REPOSITORY", "COMMIT_MESSAGE_FILE", "GH_TOKEN"]
        }
    }

    /// The default template, `Templates/BuiltIn/<fileName>` compiled into the binary: a bash (or, for ``isPython``,
    /// Python) script whose only Mustache tag is its leading `{{! … }}` comment.
    package var builtInTemplate: String {
        let bytes: [UInt8] = switch self {
        case .resolveBuild: PackageResources.resolve_build_sh_mustache
        case .signImage: PackageResources.sign_image_sh_mustache
        case .gitopsDispatch: PackageResources.gitops_dispatch_sh_mustache
        case .installPyYAML: PackageResources.install_pyyaml_sh_mustache
        case .gitopsUpdate: PackageResources.gitops_update_py_mustache
        case .gitopsCommit: PackageResources.gitops_commit_sh_mustache
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
