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
public enum BuildScript: String, CaseIterable, Sendable {
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
    public var fileName: String { "\(rawValue).mustache" }

    /// Whether the script is Python (run with `shell: python3 {0}`) rather than bash.
    public var isPython: Bool { rawValue.hasSuffix(".py") }

    /// The environment variables the step sets for the script (names only; the workflow fills them, or the runner for
    /// `RUNNER_TEMP`). Documented here so overrides know their inputs. The runner's own `GITHUB_OUTPUT` and
    /// `GITHUB_STEP_SUMMARY` are not listed.
    public var environment: [String] {
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

    /// The default template: a bash (or, for ``isPython``, Python) script whose only Mustache tag is its leading
    /// `{{! … }}` comment.
    public var builtInTemplate: String {
        switch self {
        case .resolveBuild:
            Self.resolveBuildTemplate
        case .signImage:
            Self.signImageTemplate
        case .gitopsDispatch:
            Self.gitopsDispatchTemplate
        case .installPyYAML:
            Self.installPyYAMLTemplate
        case .gitopsUpdate:
            Self.gitopsUpdateTemplate
        case .gitopsCommit:
            Self.gitopsCommitTemplate
        }
    }

    private static let resolveBuildTemplate =
            #"""
            {{! resolve-build.sh: decides what the image-builder workflow builds, where it pushes and which version it releases, and
                reserves a new version by creating its git tag through the GitHub API before anything is built.
                Inputs come only from the environment variables listed in BuildScript.resolveBuild.environment; every value is
                validated before use, and nothing is written to $GITHUB_OUTPUT unless all of them are valid.
                Outputs: push, production, images, registries, version, prerelease, release-tag, build-args, base-image, triggered-by. }}
            set -euo pipefail

            # Error messages name the input but never echo a rejected value: it could carry workflow commands.
            fail() {
              printf '::error::%s\n' "$1"
              exit 1
            }

            # A registry host is a dotted name or localhost, with an optional port; path components are lowercase.
            host_re='(localhost|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+)(:[0-9]{1,5})?'
            path_re='(/[a-z0-9]+([._-]+[a-z0-9]+)*)+'
            repository_re="^${host_re}${path_re}\$"
            base_image_re="^${host_re}${path_re}(:[A-Za-z0-9_][A-Za-z0-9._-]{0,127})?@sha256:[0-9a-f]{64}\$"
            semver_re='^(0|[1-9][0-9]{0,14})\.(0|[1-9][0-9]{0,14})\.(0|[1-9][0-9]{0,14})$'
            # A SemVer pre-release X.Y.Z-<identifiers>: numeric identifiers without leading zeros, no build metadata (a Docker tag
            # has no '+').
            identifier='(0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)'
            prerelease_re="^(0|[1-9][0-9]{0,14})\\.(0|[1-9][0-9]{0,14})\\.(0|[1-9][0-9]{0,14})-${identifier}(\\.${identifier})*\$"
            github_repository_re='^[A-Za-z0-9-]{1,39}/[A-Za-z0-9._-]{1,100}$'

            event_name="${EVENT_NAME:-}"
            git_ref="${GIT_REF:-}"
            repository="${REPOSITORY:-}"
            head_repository="${HEAD_REPOSITORY:-}"
            source_branch="${SOURCE_BRANCH:-}"
            version_bump="${VERSION_BUMP:-}"
            triggered_by="${TRIGGERED_BY:-}"
            base_image="${BASE_IMAGE:-}"
            base_image_repository="${BASE_IMAGE_REPOSITORY:-}"
            prefix="${RELEASE_TAG_PREFIX:-}"
            version_file="${VERSION_FILE:-}"
            commit_sha="${COMMIT_SHA:-}"

            [[ -n "${GITHUB_OUTPUT:-}" ]] || fail "GITHUB_OUTPUT is not set"
            [[ -n "${GITHUB_STEP_SUMMARY:-}" ]] || fail "GITHUB_STEP_SUMMARY is not set"
            [[ "${event_name}" =~ ^[a-z_]{1,64}$ ]] || fail "EVENT_NAME must be a GitHub event name"
            [[ "${git_ref}" =~ ^refs/[^[:space:][:cntrl:]]{1,250}$ ]] || fail "GIT_REF must be a git ref (refs/...)"
            if [[ ! "${repository}" =~ ${github_repository_re} || "${repository#*/}" == "." || "${repository#*/}" == ".." ]]; then
              fail "REPOSITORY must be owner/name"
            fi
            if [[ -n "${head_repository}" && ! "${head_repository}" =~ ${github_repository_re} ]]; then
              fail "HEAD_REPOSITORY must be owner/name or empty"
            fi
            if [[ ! "${source_branch}" =~ ^[A-Za-z0-9._/-]{1,200}$ || "${source_branch}" == -* ]] || ! git check-ref-format "refs/heads/${source_branch}"; then
              fail "SOURCE_BRANCH must be a git branch name"
            fi
            [[ "${version_bump}" =~ ^(patch|minor|major|none)?$ ]] || fail "VERSION_BUMP must be patch, minor, major, none or empty"
            if [[ "${version_bump}" == "none" ]]; then
              version_bump=''
            fi
            [[ "${triggered_by}" =~ ^[A-Za-z0-9._@/:+-]{0,200}$ ]] || fail "TRIGGERED_BY must be at most 200 letters, digits and . _ @ / : + -"
            if [[ -n "${base_image}" ]]; then
              if (( ${#base_image} > 512 )) || [[ ! "${base_image}" =~ ${base_image_re} ]]; then
                fail "BASE_IMAGE must be empty or a lowercase image reference host/repository[:tag]@sha256:<64 hex digits>"
              fi
            fi
            if [[ -n "${base_image_repository}" ]]; then
              if (( ${#base_image_repository} > 255 )) || [[ ! "${base_image_repository}" =~ ${repository_re} ]]; then
                fail "BASE_IMAGE_REPOSITORY must be empty or a lowercase image repository host[:port]/path"
              fi
            fi
            if [[ ! "${prefix}" =~ ^[A-Za-z0-9._/-]{0,100}$ || "${prefix}" == *..* || "${prefix}" == *//* || "${prefix}" == /* || "${prefix}" == .* || "${prefix}" == */.* ]]; then
              fail "RELEASE_TAG_PREFIX must be at most 100 letters, digits and . _ / - that start a valid git tag (for example v or data-api/v)"
            fi
            if [[ -n "${version_file}" ]]; then
              if [[ ! "${version_file}" =~ ^[A-Za-z0-9._/-]{1,255}$ || "${version_file}" == /* || "${version_file}" == *..* ]]; then
                fail "VERSION_FILE must be empty or a relative path inside the repository (letters, digits and . _ / -, no ..)"
              fi
            fi
            [[ "${commit_sha}" =~ ^[0-9a-f]{40}$ ]] || fail "COMMIT_SHA must be a full commit SHA (40 lowercase hex digits)"

            # parse_repositories NAME VALUE: the validated, de-duplicated lines of VALUE, in order, into the array `parsed`.
            parse_repositories() {
              local name="$1" line
              local -A seen=()
              parsed=()
              while IFS= read -r line; do
                if [[ "${line}" =~ ^[[:space:]]*$ ]]; then
                  continue
                fi
                if (( ${#line} > 255 )) || [[ ! "${line}" =~ ${repository_re} ]]; then
                  fail "${name} has a line that is not a lowercase image repository host[:port]/path (for example ghcr.io/acme/app)"
                fi
                if [[ -z "${seen[${line}]:-}" ]]; then
                  seen["${line}"]=1
                  parsed+=("${line}")
                fi
              done <<< "$2"
            }

            parse_repositories REPOSITORIES "${REPOSITORIES:-}"
            production_repositories=("${parsed[@]}")
            (( ${#production_repositories[@]} > 0 )) || fail "REPOSITORIES must name at least one image repository"
            parse_repositories DEV_REPOSITORIES "${DEV_REPOSITORIES:-}"
            development=("${parsed[@]}")

            build_args=()
            while IFS= read -r line; do
              if [[ "${line}" =~ ^[[:space:]]*$ ]]; then
                continue
              fi
              if (( ${#line} > 4096 )) || [[ ! "${line}" =~ ^[A-Za-z_][A-Za-z0-9_]*= || "${line}" =~ [[:cntrl:]] ]]; then
                fail "BUILD_ARGS has a line that is not KEY=value (KEY: letters, digits and _, not starting with a digit; no control characters)"
              fi
              build_args+=("${line}")
            done <<< "${BUILD_ARGS:-}"

            branch_ref="refs/heads/${source_branch}"
            tag_ref="refs/tags/${prefix}"
            # A pushed tag <prefix>X.Y.Z is a release, <prefix>X.Y.Z-<pre-release> a pre-release (at most 128 characters, a Docker tag's
            # limit); any other tag is neither.
            pushed_version=''
            prerelease=false
            if [[ "${event_name}" == "push" && "${git_ref}" == "${tag_ref}"* ]]; then
              pushed_version="${git_ref#"${tag_ref}"}"
              if [[ "${pushed_version}" =~ ${prerelease_re} ]] && (( ${#pushed_version} <= 128 )); then
                prerelease=true
              elif [[ ! "${pushed_version}" =~ ${semver_re} ]]; then
                pushed_version=''
              fi
            fi

            # Where the image goes is an allow-list. Production: a push to the source branch or of a release tag, a schedule, and a
            # dispatch on the source branch. Development: pull requests and merge-queue groups, and a dispatch run on any other ref.
            # Anything else builds without pushing.
            case "${event_name}" in
              push)
                if [[ "${git_ref}" == "${branch_ref}" || -n "${pushed_version}" ]]; then
                  target=production
                else
                  target=none
                  printf '::notice::Only a push to %s or of a release tag %sX.Y.Z (or X.Y.Z-<pre-release>) pushes the image; this one is built, not pushed\n' "${source_branch}" "${prefix}"
                fi
                ;;
              schedule)
                if [[ "${git_ref}" == "${branch_ref}" ]]; then
                  target=production
                else
                  target=none
                  printf '::notice::A scheduled build pushes the image only when it runs on %s; this one is built, not pushed\n' "${source_branch}"
                fi
                ;;
              workflow_dispatch | repository_dispatch)
                if [[ "${git_ref}" == "${branch_ref}" ]]; then
                  target=production
                else
                  target=development
                  printf '::notice::Releases and pushes to the production repositories come only from %s; this run builds for the development repositories\n' "${source_branch}"
                fi
                ;;
              pull_request | merge_group)
                target=development
                ;;
              *)
                target=none
                printf '::notice::A %s event never pushes the image; it is built, not pushed\n' "${event_name}"
                ;;
            esac

            # Development builds push only when there are development repositories, and a pull request only from a branch of this
            # repository: a fork's pull request has no token that can write packages.
            production=false
            if [[ "${target}" == "production" ]]; then
              push=true
              production=true
              images=("${production_repositories[@]}")
            elif [[ "${target}" == "development" ]] && (( ${#development[@]} > 0 )); then
              images=("${development[@]}")
              push=true
              if [[ "${event_name}" == "pull_request" && "${head_repository}" != "${repository}" ]]; then
                push=false
              fi
            else
              push=false
              images=("${production_repositories[@]}")
            fi

            registries='['
            separator=''
            while IFS= read -r host; do
              registries+="${separator}\"${host}\""
              separator=','
            done < <(for image in "${images[@]}"; do printf '%s\n' "${image%%/*}"; done | LC_ALL=C sort -u)
            registries+=']'

            # version_greater A B: whether version A is higher than version B (both X.Y.Z without leading zeros).
            version_greater() {
              local -a a b
              local i
              IFS=. read -r -a a <<< "$1"
              IFS=. read -r -a b <<< "$2"
              for i in 0 1 2; do
                if (( a[i] > b[i] )); then
                  return 0
                elif (( a[i] < b[i] )); then
                  return 1
                fi
              done
              return 1
            }

            # bump VERSION: the version after VERSION (X.Y.Z) of the kind VERSION_BUMP names.
            bump() {
              local major minor patch
              IFS=. read -r major minor patch <<< "$1"
              case "${version_bump}" in
                major) printf '%s.0.0\n' "$((major + 1))" ;;
                minor) printf '%s.%s.0\n' "${major}" "$((minor + 1))" ;;
                *) printf '%s.%s.%s\n' "${major}" "${minor}" "$((patch + 1))" ;;
              esac
            }

            version=''
            release_tag=''
            if [[ "${production}" == "true" && -n "${pushed_version}" ]]; then
              version="${pushed_version}"
            elif [[ "${production}" == "true" && ( "${event_name}" == "workflow_dispatch" || "${event_name}" == "repository_dispatch" ) && -n "${version_bump}" ]]; then
              # The highest released version: tags exactly <prefix>X.Y.Z (never a pre-release, no other prefixes) and the version file.
              tags="$(git tag --list)" || fail "cannot list the git tags; check out the repository with fetch-depth: 0"
              latest=''
              while IFS= read -r tag; do
                if [[ -n "${tag}" && "${tag}" == "${prefix}"* && "${tag#"${prefix}"}" =~ ${semver_re} ]]; then
                  if [[ -z "${latest}" ]] || version_greater "${tag#"${prefix}"}" "${latest}"; then
                    latest="${tag#"${prefix}"}"
                  fi
                fi
              done <<< "${tags}"
              if [[ -n "${version_file}" && -e "${version_file}" ]]; then
                [[ -f "${version_file}" ]] || fail "VERSION_FILE is not a regular file"
                file_version="$(head -c 256 -- "${version_file}")" || fail "cannot read VERSION_FILE"
                file_version="${file_version#"${file_version%%[![:space:]]*}"}"
                file_version="${file_version%"${file_version##*[![:space:]]}"}"
                file_version="${file_version#v}"
                [[ "${file_version}" =~ ${semver_re} ]] || fail "VERSION_FILE must contain a version X.Y.Z (optionally prefixed with v)"
                if [[ -z "${latest}" ]] || version_greater "${file_version}" "${latest}"; then
                  latest="${file_version}"
                fi
              fi
              [[ "${GH_TOKEN:-}" =~ ^[^[:space:][:cntrl:]]+$ ]] || fail "GH_TOKEN must be set to a token that can write the repository's contents"
              # The version is reserved before the build by creating its tag on the commit through the API, which creates a ref
              # only when it does not exist yet: a version another run reserved, or a tag pushed after this checkout, is taken,
              # and the next one is tried. The tag is created with the workflow token, so it starts no run of its own.
              candidate="$(bump "${latest:-0.0.0}")"
              first="${candidate}"
              for _ in 1 2 3 4 5; do
                tag="${prefix}${candidate}"
                if gh api --method POST "repos/${repository}/git/refs" -f "ref=refs/tags/${tag}" -f "sha=${commit_sha}" > /dev/null; then
                  version="${candidate}"
                  release_tag="${tag}"
                  break
                fi
                if ! gh api "repos/${repository}/git/ref/tags/${tag}" --jq .object.sha > /dev/null 2>&1; then
                  fail "could not create the tag ${tag} to reserve version ${candidate}: the token needs contents: write, and GitHub refuses the workflow token a tag on a commit whose .github/workflows differ from every branch head (dispatch again on the branch's head)"
                fi
                printf '::notice::Version %s is taken (tag %s exists); trying the next one\n' "${candidate}" "${tag}"
                last="${candidate}"
                candidate="$(bump "${candidate}")"
              done
              [[ -n "${release_tag}" ]] || fail "versions ${first} to ${last} were all taken while this run tried them; run it again"
              printf 'Reserved version %s: created tag %s at %s\n' "${version}" "${release_tag}" "${commit_sha}"
            fi

            # The dispatched base image replaces the Dockerfile's `ARG BASE_IMAGE` default only when it names the same repository;
            # only then is it the image's base (the `base-image` output, which labels the image).
            applied_base_image=''
            if [[ -n "${base_image}" ]]; then
              dispatched_repository="${base_image%%@*}"
              if [[ "${dispatched_repository##*/}" == *:* ]]; then
                dispatched_repository="${dispatched_repository%:*}"
              fi
              if [[ -n "${base_image_repository}" && "${dispatched_repository}" == "${base_image_repository}" ]]; then
                build_args+=("BASE_IMAGE=${base_image}")
                applied_base_image="${base_image}"
              else
                printf "::notice::The dispatched base image %s is not the Dockerfile's BASE_IMAGE (%s); the build pulls the Dockerfile's base image tag fresh instead\n" \
                  "${base_image}" "${base_image_repository:-none}"
              fi
            fi

            delimiter="ghadelimiter_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
            [[ "${delimiter}" =~ ^ghadelimiter_[0-9a-f]{32}$ ]] || fail "cannot generate a random output delimiter"

            # multiline NAME LINE...: a multi-line step output.
            multiline() {
              printf '%s<<%s\n' "$1" "${delimiter}"
              shift
              if (( $# > 0 )); then
                printf '%s\n' "$@"
              fi
              printf '%s\n' "${delimiter}"
            }

            {
              printf 'push=%s\n' "${push}"
              printf 'production=%s\n' "${production}"
              multiline images "${images[@]}"
              printf 'registries=%s\n' "${registries}"
              printf 'version=%s\n' "${version}"
              printf 'prerelease=%s\n' "${prerelease}"
              printf 'release-tag=%s\n' "${release_tag}"
              multiline build-args "${build_args[@]}"
              printf 'base-image=%s\n' "${applied_base_image}"
              printf 'triggered-by=%s\n' "${triggered_by}"
            } >> "${GITHUB_OUTPUT}"

            # cell VALUE: a Markdown table cell, a dash when VALUE is empty.
            cell() {
              if [[ -n "$1" ]]; then
                printf "\`%s\`" "$1"
              else
                printf '—'
              fi
            }

            if [[ "${push}" == "true" ]]; then
              pushes_to=''
              for image in "${images[@]}"; do
                pushes_to+="${pushes_to:+<br>}$(cell "${image}")"
              done
            else
              pushes_to='nothing (build only)'
            fi
            version_cell="$(cell "${version}")"
            if [[ "${prerelease}" == "true" ]]; then
              version_cell+=" (pre-release)"
            elif [[ -n "${release_tag}" ]]; then
              version_cell+=" (new tag $(cell "${release_tag}"))"
            fi
            {
              printf '### Image build\n\n'
              printf '| Event | Triggered by | Base image | Version | Pushes to |\n'
              printf '| --- | --- | --- | --- | --- |\n'
              printf '| %s | %s | %s | %s | %s |\n' "$(cell "${event_name}")" "$(cell "${triggered_by}")" "$(cell "${base_image}")" "${version_cell}" "${pushes_to}"
            } >> "${GITHUB_STEP_SUMMARY}"

            """#

    private static let signImageTemplate =
            #"""
            {{! sign-image.sh: signs the pushed image keyless with cosign, by digest and never by tag, in every repository it was
                pushed to. Inputs come only from the environment variables listed in BuildScript.signImage.environment. }}
            set -euo pipefail

            # Error messages name the input but never echo a rejected value: it could carry workflow commands.
            fail() {
              printf '::error::%s\n' "$1"
              exit 1
            }

            host_re='(localhost|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+)(:[0-9]{1,5})?'
            path_re='(/[a-z0-9]+([._-]+[a-z0-9]+)*)+'
            repository_re="^${host_re}${path_re}\$"

            digest="${DIGEST:-}"
            [[ "${digest}" =~ ^sha256:[0-9a-f]{64}$ ]] || fail "DIGEST must be sha256:<64 lowercase hex digits>"

            repositories=()
            declare -A seen=()
            while IFS= read -r line; do
              if [[ "${line}" =~ ^[[:space:]]*$ ]]; then
                continue
              fi
              if (( ${#line} > 255 )) || [[ ! "${line}" =~ ${repository_re} ]]; then
                fail "IMAGES has a line that is not a lowercase image repository host[:port]/path (for example ghcr.io/acme/app)"
              fi
              if [[ -z "${seen[${line}]:-}" ]]; then
                seen["${line}"]=1
                repositories+=("${line}")
              fi
            done <<< "${IMAGES:-}"
            (( ${#repositories[@]} > 0 )) || fail "IMAGES must name at least one image repository"

            for repository in "${repositories[@]}"; do
              printf 'Signing %s@%s\n' "${repository}" "${digest}"
              cosign sign --yes "${repository}@${digest}"
            done

            """#

    // MARK: - GitOps (GitHub mode)

    private static let gitopsDispatchTemplate =
            #"""
            {{! gitops-dispatch.sh: tells each GitOps repository about the pushed image with a repository_dispatch of type
                EVENT_TYPE, whose client_payload (image, repository, tags, digest, source, ref, sha, run_url) its image-factory-gitops
                workflow reads. Only the tags pushed to REPOSITORY are sent; when there are none, nothing is. The body is encoded by
                jq and sent with gh api. Inputs come only from the environment variables listed in
                BuildScript.gitopsDispatch.environment; every value is validated before use. }}
            set -euo pipefail

            # Error messages name the input but never echo a rejected value: it could carry workflow commands.
            fail() {
              printf '::error::%s\n' "$1"
              exit 1
            }

            # The same rules as resolve-build.sh.
            host_re='(localhost|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+)(:[0-9]{1,5})?'
            path_re='(/[a-z0-9]+([._-]+[a-z0-9]+)*)+'
            repository_re="^${host_re}${path_re}\$"
            tag_re='^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$'
            github_repository_re='^[A-Za-z0-9-]{1,39}/[A-Za-z0-9._-]{1,100}$'
            run_url_re='^https://[A-Za-z0-9.-]+(:[0-9]{1,5})?/[A-Za-z0-9-]{1,39}/[A-Za-z0-9._-]{1,100}/actions/runs/[0-9]{1,20}(/attempts/[0-9]{1,5})?$'

            image="${IMAGE:-}"
            repository="${REPOSITORY:-}"
            digest="${DIGEST:-}"
            source_repository="${SOURCE_REPOSITORY:-}"
            git_ref="${GIT_REF:-}"
            commit_sha="${COMMIT_SHA:-}"
            run_url="${RUN_URL:-}"
            event_type="${EVENT_TYPE:-}"

            if (( ${#image} > 100 )) || [[ ! "${image}" =~ ^[a-z0-9]([a-z0-9-]*[a-z0-9])?$ ]]; then
              fail "IMAGE must be the image's name in images.yaml (lowercase letters, digits and -)"
            fi
            if (( ${#repository} > 255 )) || [[ ! "${repository}" =~ ${repository_re} ]]; then
              fail "REPOSITORY must be a lowercase image repository host[:port]/path (for example ghcr.io/acme/app)"
            fi
            [[ "${digest}" =~ ^sha256:[0-9a-f]{64}$ ]] || fail "DIGEST must be sha256:<64 lowercase hex digits>"
            if [[ ! "${source_repository}" =~ ${github_repository_re} || "${source_repository#*/}" == "." || "${source_repository#*/}" == ".." ]]; then
              fail "SOURCE_REPOSITORY must be owner/name"
            fi
            [[ "${git_ref}" =~ ^refs/[^[:space:][:cntrl:]]{1,250}$ ]] || fail "GIT_REF must be a git ref (refs/...)"
            [[ "${commit_sha}" =~ ^[0-9a-f]{40}$ ]] || fail "COMMIT_SHA must be a full commit SHA (40 lowercase hex digits)"
            [[ "${run_url}" =~ ${run_url_re} ]] || fail "RUN_URL must be the https URL of this workflow run (.../<owner>/<repo>/actions/runs/<id>)"
            [[ "${event_type}" =~ ^[A-Za-z0-9_.-]{1,100}$ ]] || fail "EVENT_TYPE must be 1 to 100 letters, digits and _ . -"
            [[ "${GH_TOKEN:-}" =~ ^[^[:space:][:cntrl:]]+$ ]] || fail "GH_TOKEN must be set to a token that can dispatch to the GitOps repositories"

            gitops_repositories=()
            declare -A seen=()
            while IFS= read -r line; do
              if [[ "${line}" =~ ^[[:space:]]*$ ]]; then
                continue
              fi
              if [[ ! "${line}" =~ ${github_repository_re} || "${line#*/}" == "." || "${line#*/}" == ".." ]]; then
                fail "GITOPS_REPOSITORIES has a line that is not owner/name"
              fi
              if [[ -z "${seen[${line}]:-}" ]]; then
                seen["${line}"]=1
                gitops_repositories+=("${line}")
              fi
            done <<< "${GITOPS_REPOSITORIES:-}"
            (( ${#gitops_repositories[@]} > 0 )) || fail "GITOPS_REPOSITORIES must name at least one GitHub repository"

            # The tags pushed to REPOSITORY, in the order IMAGES lists them (repository:tag lines, possibly of other repositories).
            tags=()
            declare -A seen_tags=()
            while IFS= read -r line; do
              if [[ "${line}" =~ ^[[:space:]]*$ ]]; then
                continue
              fi
              name="${line%:*}"
              tag="${line##*:}"
              if [[ "${line}" != *:* ]] || (( ${#name} > 255 )) || [[ ! "${name}" =~ ${repository_re} || ! "${tag}" =~ ${tag_re} ]]; then
                fail "IMAGES has a line that is not a pushed image reference host[:port]/path:tag"
              fi
              if [[ "${name}" == "${repository}" && -z "${seen_tags[${tag}]:-}" ]]; then
                seen_tags["${tag}"]=1
                tags+=("${tag}")
              fi
            done <<< "${IMAGES:-}"

            if (( ${#tags[@]} == 0 )); then
              printf '::notice::No tag of %s was pushed, so no GitOps repository is told about this build\n' "${repository}"
              exit 0
            fi

            # jq encodes every value: the body is never put together from strings.
            body="$(jq -n -c \
              --arg event_type "${event_type}" \
              --arg image "${image}" \
              --arg repository "${repository}" \
              --arg digest "${digest}" \
              --arg source "${source_repository}" \
              --arg ref "${git_ref}" \
              --arg sha "${commit_sha}" \
              --arg run_url "${run_url}" \
              '{
                event_type: $event_type,
                client_payload: {
                  image: $image,
                  repository: $repository,
                  tags: $ARGS.positional,
                  digest: $digest,
                  source: $source,
                  ref: $ref,
                  sha: $sha,
                  run_url: $run_url
                }
              }' \
              --args "${tags[@]}")" || fail "cannot encode the dispatch body with jq"
            size="$(printf '%s' "${body}" | wc -c)"
            if (( size > 65535 )); then
              fail "the dispatch body has ${size} bytes, more than GitHub's 64 KB; push fewer tags of ${repository}"
            fi

            failed=()
            for gitops_repository in "${gitops_repositories[@]}"; do
              if printf '%s' "${body}" | gh api --method POST "repos/${gitops_repository}/dispatches" --input - > /dev/null; then
                printf 'Sent %s for %s (%s) to %s\n' "${event_type}" "${image}" "${tags[*]}" "${gitops_repository}"
              else
                failed+=("${gitops_repository}")
              fi
            done
            if (( ${#failed[@]} > 0 )); then
              fail "could not dispatch to ${failed[*]}; the token secret must be allowed to write their contents"
            fi

            """#

    private static let installPyYAMLTemplate =
            #"""
            {{! install-pyyaml.sh: installs PyYAML 6.0.3 for gitops-update.py into $RUNNER_TEMP/image-factory-python (the
                step after it sets PYTHONPATH to that folder), from hash-pinned manylinux wheels for CPython 3.10 to 3.14 on x86_64
                and aarch64 only. Inputs come only from the environment variables listed in BuildScript.installPyYAML.environment. }}
            set -euo pipefail

            # Error messages name the input but never echo a rejected value: it could carry workflow commands.
            fail() {
              printf '::error::%s\n' "$1"
              exit 1
            }

            runner_temp="${RUNNER_TEMP:-}"
            if [[ "${runner_temp}" != /* || "${runner_temp}" =~ [[:cntrl:]] || ! -d "${runner_temp}" ]]; then
              fail "RUNNER_TEMP must be the runner's temporary folder (an existing absolute path)"
            fi
            target="${runner_temp}/image-factory-python"
            requirements="$(mktemp "${runner_temp}/image-factory-requirements.XXXXXXXX")"
            trap 'rm -f -- "${requirements}"' EXIT

            # PyYAML 6.0.3, only as the manylinux wheels PyPI publishes for CPython 3.10 to 3.14 on x86_64 and aarch64: pip
            # refuses any other file. --target installs next to, not into, the system's Python (PEP 668).
            cat > "${requirements}" <<'REQUIREMENTS'
            pyyaml==6.0.3 \
                --hash=sha256:9c7708761fccb9397fe64bbc0395abcae8c4bf7b0eac081e12b809bf47700d0b \
                --hash=sha256:b30236e45cf30d2b8e7b3e85881719e98507abed1011bf463a8fa23e9c3e98a8 \
                --hash=sha256:b8bb0864c5a28024fac8a632c443c87c5aa6f215c0b126c449ae1a150412f31d \
                --hash=sha256:10892704fc220243f5305762e276552a0395f7beb4dbf9b14ec8fd43b57f126c \
                --hash=sha256:ba1cc08a7ccde2d2ec775841541641e4548226580ab850948cbfda66a1befcdc \
                --hash=sha256:9149cad251584d5fb4981be1ecde53a1ca46c891a79788c0df828d2f166bda28 \
                --hash=sha256:0f29edc409a6392443abf94b9cf89ce99889a1dd5376d94316ae5145dfedd5d6 \
                --hash=sha256:ee2922902c45ae8ccada2c5b501ab86c36525b883eff4255313a253a3160861c \
                --hash=sha256:c458b6d084f9b935061bc36216e8a69a7e293a2f1e68bf956dcd9e6cbcd143f5 \
                --hash=sha256:501a031947e3a9025ed4405a168e6ef5ae3126c59f90ce0cd6f2bfc477be31b7
            REQUIREMENTS

            python3 -m pip install --quiet --disable-pip-version-check --no-deps --only-binary=:all: --require-hashes \
              --target "${target}" -r "${requirements}"
            printf 'Installed PyYAML 6.0.3 into %s\n' "${target}"

            """#

    private static let gitopsUpdateTemplate =
            #"""
            {{! gitops-update.py: runs in the checked-out GitOps repository (Python 3.10 or later, the standard library and PyYAML).
                For each environment of the dispatched image, in order, it takes the first pushed tag its pattern finds and sets
                the environment's key in its values file to it, changing only that scalar's characters (comments, quoting, line
                endings and every other byte stay). Nothing is written unless the payload is valid and every update succeeds.
                Writes the commit message to COMMIT_MESSAGE_FILE only when a file changed, and changed=true|false to
                $GITHUB_OUTPUT when it is set. Inputs come only from the environment variables listed in
                BuildScript.gitopsUpdate.environment; every payload value is validated before it is printed or used. }}
            import json
            import os
            import re
            import sys


            # Error messages name the input but never echo a rejected value: it could carry workflow commands.
            def fail(message):
                print("::error::" + message)
                sys.exit(1)


            try:
                import yaml
            except ImportError:
                fail("PyYAML is not importable: the install step puts it in the folder PYTHONPATH names")

            # The same rules as resolve-build.sh: a registry host is a dotted name or localhost, with an optional port;
            # path components are lowercase.
            HOST = r"(localhost|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+)(:[0-9]{1,5})?"
            PATH = r"(/[a-z0-9]+([._-]+[a-z0-9]+)*)+"
            REPOSITORY = re.compile(HOST + PATH)
            TAG = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]{0,127}")
            DIGEST = re.compile(r"sha256:[0-9a-f]{64}")
            SHA = re.compile(r"[0-9a-f]{40}")
            GITHUB_REPOSITORY = re.compile(r"[A-Za-z0-9-]{1,39}/(?!\.\.?\Z)[A-Za-z0-9._-]{1,100}")
            REF = re.compile(r"refs/[^\s\x00-\x1f\x7f-\x9f]{1,250}")
            RUN_URL = re.compile(
                r"(https://[A-Za-z0-9.-]+(:[0-9]{1,5})?)/[A-Za-z0-9-]{1,39}/[A-Za-z0-9._-]{1,100}/actions/runs/[0-9]{1,20}"
                r"(/attempts/[0-9]{1,5})?")
            INDEX = re.compile(r"0|[1-9][0-9]{0,8}")
            # Plain tags that a YAML 1.2 or Go YAML parser (Helm's) would read as a number or boolean, where PyYAML (YAML 1.1) reads
            # a string: 1e3, 0x1F, 0o17, y, n.
            NUMBER_OR_BOOLEAN = re.compile(r"[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9_]+)?|0[xXoObB][0-9A-Fa-f_]+|[yYnN]")
            STRING_TAG = "tag:yaml.org,2002:str"


            class UpdateError(Exception):
                pass


            def strict_object(pairs):
                result = {}
                for key, value in pairs:
                    if key in result:
                        raise ValueError("duplicate key")
                    result[key] = value
                return result


            def refuse_constant(name):
                raise ValueError("not JSON")


            def parse_json(name, text):
                try:
                    return json.loads(text, object_pairs_hook=strict_object, parse_constant=refuse_constant)
                except (ValueError, RecursionError):
                    fail(name + " must be valid JSON (no duplicate keys, NaN or Infinity)")


            # --- The environments, as synth wrote them: {"<image>": [{"name", "tags", "file", "key"}, ...]}.

            environments = parse_json("ENVIRONMENTS", os.environ.get("ENVIRONMENTS", ""))
            if not isinstance(environments, dict) or not environments:
                fail("ENVIRONMENTS must be a JSON object of image names to lists of environments")
            # An image with no environment here (an empty list) has them on another branch: its dispatch changes nothing.
            for entries in environments.values():
                if not isinstance(entries, list):
                    fail("ENVIRONMENTS must map each image to a list of environments")
                for entry in entries:
                    if not isinstance(entry, dict) or not all(
                        isinstance(entry.get(name), str) and entry.get(name) for name in ("name", "tags", "file", "key")
                    ):
                        fail("ENVIRONMENTS has an environment without a name, tags, file and key (non-empty strings)")

            message_file = os.environ.get("COMMIT_MESSAGE_FILE", "")
            if not message_file or re.search(r"[\x00-\x1f\x7f]", message_file):
                fail("COMMIT_MESSAGE_FILE must be the path of the commit message to write")

            # --- The dispatch's client_payload: every value is checked before anything is printed or written.

            payload = parse_json("PAYLOAD", os.environ.get("PAYLOAD", ""))
            if not isinstance(payload, dict):
                fail("PAYLOAD must be a JSON object (the dispatch's client_payload)")


            def field(name, pattern, description):
                value = payload.get(name)
                if not isinstance(value, str) or not pattern.fullmatch(value):
                    fail("PAYLOAD " + name + " must be " + description)
                return value


            image = payload.get("image")
            if not isinstance(image, str) or image not in environments:
                fail("PAYLOAD image must name an image whose environments this workflow updates")
            repository = field("repository", REPOSITORY, "a lowercase image repository host[:port]/path")
            if len(repository) > 255:
                fail("PAYLOAD repository must be at most 255 characters")
            digest = field("digest", DIGEST, "sha256:<64 lowercase hex digits>")
            sha = field("sha", SHA, "a full commit SHA (40 lowercase hex digits)")
            source = field("source", GITHUB_REPOSITORY, "the source repository's owner/name")
            field("ref", REF, "a git ref (refs/...)")
            run_url = field("run_url", RUN_URL, "the https URL of the build's workflow run")
            server = RUN_URL.fullmatch(run_url).group(1)

            raw_tags = payload.get("tags")
            if not isinstance(raw_tags, list) or not raw_tags:
                fail("PAYLOAD tags must be a non-empty list of image tags")
            tags = []
            for tag in raw_tags:
                if not isinstance(tag, str) or not TAG.fullmatch(tag):
                    fail("PAYLOAD tags must hold only image tags (letters, digits and _ . -, at most 128, not starting with . or -)")
                if tag not in tags:
                    tags.append(tag)

            # --- YAML, read and changed in place.


            class Loader(yaml.SafeLoader):
                """The pure-Python safe loader (its marks count characters of the text), noting the nodes reached through an alias."""

                def __init__(self, stream):
                    super().__init__(stream)
                    self.aliased = set()

                def compose_node(self, parent, index):
                    alias = self.check_event(yaml.AliasEvent)
                    node = super().compose_node(parent, index)
                    if alias:
                        self.aliased.add(id(node))
                    return node


            def compose(text, where):
                """The one document of `text` and the ids of its aliased nodes."""
                loader = Loader(text)
                try:
                    documents = []
                    while loader.check_node():
                        documents.append(loader.get_node())
                except yaml.YAMLError as error:
                    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
                    raise UpdateError(where + " is not valid YAML" + (" (line %d)" % (mark.line + 1) if mark else ""))
                finally:
                    loader.dispose()
                if len(documents) != 1:
                    raise UpdateError(where + " must hold exactly one YAML document, not %d" % len(documents))
                return documents[0], loader.aliased


            def key_parts(key):
                """Kargo's yaml-update key syntax: dot-separated, a backslash makes the next character literal (`\\.`)."""
                parts, current, escaped = [], "", False
                for character in key:
                    if escaped:
                        current += character
                        escaped = False
                    elif character == "\\":
                        escaped = True
                    elif character == ".":
                        parts.append(current)
                        current = ""
                    else:
                        current += character
                parts.append(current)
                if escaped or any(part == "" for part in parts):
                    return None
                return parts


            def find_scalar(root, aliased, parts, where):
                """The scalar node at `parts`: mapping keys by name (exactly one), sequence items by index."""
                node = root
                for part in parts:
                    if id(node) in aliased:
                        raise UpdateError(where + " goes through a YAML alias; the update changes only values written in place")
                    if isinstance(node, yaml.MappingNode):
                        found = [value for key, value in node.value if isinstance(key, yaml.ScalarNode) and key.value == part]
                        if len(found) > 1:
                            raise UpdateError(where + " has the key " + repr(part) + " more than once")
                        if not found:
                            raise UpdateError(where + " does not exist")
                        node = found[0]
                    elif isinstance(node, yaml.SequenceNode):
                        if not INDEX.fullmatch(part) or int(part) >= len(node.value):
                            raise UpdateError(where + " does not exist")
                        node = node.value[int(part)]
                    else:
                        raise UpdateError(where + " does not exist")
                if id(node) in aliased:
                    raise UpdateError(where + " is a YAML alias; the update changes only values written in place")
                if not isinstance(node, yaml.ScalarNode):
                    raise UpdateError(where + " does not hold a scalar value")
                return node


            def is_plain_string(text):
                """Whether `text` written plain reads back as that string, for PyYAML and for the YAML parsers of Helm and Go."""
                if NUMBER_OR_BOOLEAN.fullmatch(text):
                    return False
                try:
                    return yaml.safe_load(text) == text
                except yaml.YAMLError:
                    return False


            def set_scalar(text, parts, tag, file_where, where):
                """`text` with the scalar at `parts` set to `tag`, or None when it already is; only the scalar's characters change."""
                root, aliased = compose(text, file_where)
                node = find_scalar(root, aliased, parts, where)
                if node.tag == STRING_TAG and node.value == tag:
                    return None
                start, end = node.start_mark.index, node.end_mark.index
                written = text[start:end]
                if written[:1] in ("!", "&"):
                    raise UpdateError(where + " has a YAML tag or anchor; write the value without it")
                if node.style in ("'", '"'):
                    if len(written) < 2 or written[0] != node.style or written[-1] != node.style:
                        raise UpdateError(where + " is not a quoted scalar where the parser says it is")
                    replacement = node.style + tag + node.style
                elif node.style is None:
                    replacement = tag if is_plain_string(tag) else '"' + tag + '"'
                    if start == end and text[start - 1:start] not in (" ", "\t"):
                        replacement = " " + replacement
                else:
                    raise UpdateError(where + " is a block scalar (| or >); write it as a plain or quoted value")
                updated = text[:start] + replacement + text[end:]
                # The new text must give exactly the tag at the key, and be the old text outside the scalar.
                root, aliased = compose(updated, file_where)
                check = find_scalar(root, aliased, parts, where)
                if check.tag != STRING_TAG or check.value != tag:
                    raise UpdateError(where + " did not read back as the new tag after the update")
                if updated[:start] != text[:start] or updated[start + len(replacement):] != text[end:]:
                    raise UpdateError(where + " would change more than its value")
                return updated


            def resolve_file(file, root, where):
                """The real path of `file`, which must be a regular file inside `root` (symbolic links followed)."""
                components = file.split("/")
                if file.startswith("/") or "\\" in file or "\x00" in file or ".." in components or components[0] == ".git":
                    raise UpdateError(where + " must be a relative path inside the repository (no .., not in .git)")
                path = os.path.realpath(os.path.join(root, file))
                if path == root or os.path.commonpath([root, path]) != root:
                    raise UpdateError(where + " leads out of the repository")
                if os.path.relpath(path, root).split(os.sep)[0] == ".git":
                    raise UpdateError(where + " leads into .git")
                if not os.path.isfile(path):
                    raise UpdateError(where + " does not exist")
                return path


            def read(path, where):
                try:
                    with open(path, encoding="utf-8", newline="") as handle:
                        return handle.read()
                except UnicodeDecodeError:
                    raise UpdateError(where + " is not UTF-8 text")
                except OSError:
                    raise UpdateError(where + " cannot be read")


            # --- Every environment of the image, in order: the first tag its pattern finds (unanchored, as Kargo's
            # allowTagsRegexes), written to its file's key. Nothing is written unless every update succeeds.

            root = os.path.realpath(os.getcwd())
            texts = {}
            changes = []
            report = []
            try:
                for entry in environments[image]:
                    name, file, key = entry["name"], entry["file"], entry["key"]
                    try:
                        pattern = re.compile(entry["tags"])
                    except re.error:
                        raise UpdateError("the tags pattern of environment " + name + " is not a valid regular expression")
                    tag = next((tag for tag in tags if pattern.search(tag)), None)
                    if tag is None:
                        report.append("%s: no tag matches %s; unchanged" % (name, entry["tags"]))
                        continue
                    parts = key_parts(key)
                    if parts is None:
                        raise UpdateError("environment " + name + ": the key " + key + " is not a valid key path")
                    file_where = "environment %s: the file %s" % (name, file)
                    path = resolve_file(file, root, file_where)
                    if path not in texts:
                        original = read(path, file_where)
                        texts[path] = [original, original]
                    where = "environment %s: the key %s in %s" % (name, key, file)
                    updated = set_scalar(texts[path][1], parts, tag, file_where, where)
                    if updated is None:
                        report.append("%s: %s in %s is already %s" % (name, key, file, tag))
                        continue
                    texts[path][1] = updated
                    changes.append((name, tag, file, key))
                    report.append("%s: %s in %s = %s" % (name, key, file, tag))
            except UpdateError as error:
                fail(str(error))
            if report:
                print("\n".join(report))

            for path, (original, updated) in texts.items():
                if updated != original:
                    with open(path, "w", encoding="utf-8", newline="") as handle:
                        handle.write(updated)

            if changes:
                if len(changes) == 1:
                    subject = "Deploy %s %s to %s" % (image, changes[0][1], changes[0][0])
                else:
                    subject = "Deploy %s to %s" % (image, ", ".join("%s (%s)" % (name, tag) for name, tag, _, _ in changes))
                lines = [subject, ""]
                for tag in dict.fromkeys(tag for _, tag, _, _ in changes):
                    lines.append("Image: %s:%s@%s" % (repository, tag, digest))
                lines.append("Source: %s/%s/commit/%s" % (server, source, sha))
                lines.append("Build: " + run_url)
                lines += ["%s: %s = %s" % (file, key, tag) for _, tag, file, key in changes]
                with open(message_file, "w", encoding="utf-8") as handle:
                    handle.write("\n".join(lines) + "\n")
            else:
                print("Nothing to change for %s" % image)

            output = os.environ.get("GITHUB_OUTPUT", "")
            if output:
                with open(output, "a", encoding="utf-8") as handle:
                    handle.write("changed=%s\n" % ("true" if changes else "false"))

            """#

    private static let gitopsCommitTemplate =
            #"""
            {{! gitops-commit.sh: commits the changed values files as github-actions[bot] with the update step's message and
                pushes them to BRANCH; when the branch moved meanwhile, rebases and tries again (3 attempts). Nothing changed:
                nothing is committed. The token is sent as an HTTP header through git's environment, never stored. Inputs come
                only from the environment variables listed in BuildScript.gitopsCommit.environment; every value is validated
                before use. }}
            set -euo pipefail

            # Error messages name the input but never echo a rejected value: it could carry workflow commands.
            fail() {
              printf '::error::%s\n' "$1"
              exit 1
            }

            branch="${BRANCH:-}"
            repository="${REPOSITORY:-}"
            message_file="${COMMIT_MESSAGE_FILE:-}"
            token="${GH_TOKEN:-}"

            if [[ ! "${branch}" =~ ^[A-Za-z0-9._/-]{1,200}$ || "${branch}" == -* ]] || ! git check-ref-format "refs/heads/${branch}"; then
              fail "BRANCH must be a git branch name"
            fi
            if [[ ! "${repository}" =~ ^[A-Za-z0-9-]{1,39}/[A-Za-z0-9._-]{1,100}$ || "${repository#*/}" == "." || "${repository#*/}" == ".." ]]; then
              fail "REPOSITORY must be owner/name"
            fi
            if [[ -z "${message_file}" || "${message_file}" =~ [[:cntrl:]] ]]; then
              fail "COMMIT_MESSAGE_FILE must be the path of the commit message the update step writes"
            fi
            [[ "${token}" =~ ^[^[:space:][:cntrl:]]+$ ]] || fail "GH_TOKEN must be set to a token that can push to the repository"

            changes="$(git status --porcelain --untracked-files=no)" || fail "the working directory is not a git repository"
            if [[ -z "${changes}" ]]; then
              printf 'nothing changed\n'
              exit 0
            fi
            [[ -f "${message_file}" && -s "${message_file}" ]] || fail "COMMIT_MESSAGE_FILE names no commit message, but files changed"

            export GIT_AUTHOR_NAME='github-actions[bot]'
            export GIT_AUTHOR_EMAIL='41898282+github-actions[bot]@users.noreply.github.com'
            export GIT_COMMITTER_NAME='github-actions[bot]'
            export GIT_COMMITTER_EMAIL='41898282+github-actions[bot]@users.noreply.github.com'
            git add -u
            git -c commit.gpgsign=false commit --quiet --no-verify -F "${message_file}"

            # The token reaches git only as an HTTP header for the origin's server, through git's environment: never in the
            # remote URL, in .git/config or on a command line. (A local origin, as in tests, takes no header.)
            server='https://github.com/'
            origin="$(git remote get-url origin)" || fail "the repository has no remote named origin"
            if [[ "${origin}" =~ ^https://[A-Za-z0-9.-]+(:[0-9]{1,5})?/ ]]; then
              host="${origin#https://}"
              server="https://${host%%/*}/"
            fi
            credentials="$(printf 'x-access-token:%s' "${token}" | base64 | tr -d '\n')"
            printf '::add-mask::%s\n' "${credentials}"
            with_token() {
              GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0="http.${server}.extraheader" GIT_CONFIG_VALUE_0="AUTHORIZATION: basic ${credentials}" "$@"
            }

            # Another run, or a person, may have pushed since the checkout: rebase onto the branch and try again, 3 attempts in all.
            attempt=1
            until with_token git push --quiet origin "HEAD:refs/heads/${branch}"; do
              if (( attempt >= 3 )); then
                fail "could not push to ${branch} of ${repository} in 3 attempts"
              fi
              attempt=$((attempt + 1))
              printf '::notice::The push to %s was rejected; rebasing onto it for attempt %d of 3\n' "${branch}" "${attempt}"
              if ! with_token git pull --quiet --rebase --no-autostash origin "${branch}"; then
                git rebase --abort > /dev/null 2>&1 || true
                fail "cannot rebase the update onto ${branch}: the branch changed the same lines"
              fi
            done
            printf 'Pushed %s to %s of %s\n' "$(git rev-parse HEAD)" "${branch}" "${repository}"

            """#
}
