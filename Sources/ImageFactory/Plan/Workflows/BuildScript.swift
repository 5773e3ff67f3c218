/// The shell steps of the generated image-builder workflow, as Mustache templates. Each has a built-in default; a file
/// named `fileName` in the user's templates folder replaces it.
///
/// The scripts are bash, run with `shell: bash` (`bash --noprofile --norc -eo pipefail {0}`). They never contain a
/// GitHub expression (`${{ … }}`): every input arrives through the environment variables in `environment`, which the
/// workflow step fills, and every value is checked with a bash regex before it is used. A rejected value stops the step
/// with `::error::` and exit status 1, before anything is written to `$GITHUB_OUTPUT`. The error messages name the
/// input but never repeat its value.
///
/// The templates may use the Mustache variable `{{shortShaLength}}`; the defaults need none, and carry their
/// documentation in a Mustache comment that rendering removes, so a rendered default starts with `set -euo pipefail`.
public enum BuildScript: String, CaseIterable, Sendable {
    /// Validates the workflow's inputs and decides what to build: outputs `push`, `images` (multi-line), `registries`
    /// (JSON array of hosts), `version`, `release-tag`, `build-args` (multi-line), `base-image` and `triggered-by`, and
    /// appends a summary table to `$GITHUB_STEP_SUMMARY`.
    case resolveBuild = "resolve-build.sh"
    /// Signs the pushed image keyless with cosign, by digest, in every repository it was pushed to.
    case signImage = "sign-image.sh"
    /// Creates the release tag on the built commit through the GitHub API; an existing tag at the same commit is fine.
    case recordVersion = "record-version.sh"

    /// The name of the file in the user's templates folder that replaces the built-in template.
    public var fileName: String { "\(rawValue).mustache" }

    /// The environment variables the step sets for the script (names only; the workflow fills them). Documented here
    /// so overrides know their inputs. The runner's own `GITHUB_OUTPUT` and `GITHUB_STEP_SUMMARY` are not listed.
    public var environment: [String] {
        switch self {
        case .resolveBuild:
            [
                "EVENT_NAME", "GIT_REF", "REPOSITORY", "HEAD_REPOSITORY", "REPOSITORIES", "DEV_REPOSITORIES",
                "VERSION_BUMP", "TRIGGERED_BY", "BASE_IMAGE", "BASE_IMAGE_REPOSITORY", "BUILD_ARGS",
                "RELEASE_TAG_PREFIX", "VERSION_FILE",
            ]
        case .signImage:
            ["IMAGES", "DIGEST"]
        case .recordVersion:
            ["RELEASE_TAG", "COMMIT_SHA", "REPOSITORY", "GH_TOKEN"]
        }
    }

    /// The default template: a bash script whose only Mustache tag is its leading `{{! … }}` comment.
    public var builtInTemplate: String {
        switch self {
        case .resolveBuild:
            Self.resolveBuildTemplate
        case .signImage:
            Self.signImageTemplate
        case .recordVersion:
            Self.recordVersionTemplate
        }
    }

    private static let resolveBuildTemplate =
            #"""
            {{! resolve-build.sh: decides what the image-builder workflow builds, where it pushes and which version it releases.
                Inputs come only from the environment variables listed in BuildScript.resolveBuild.environment; every value is
                validated before use, and nothing is written to $GITHUB_OUTPUT unless all of them are valid.
                Outputs: push, images, registries, version, release-tag, build-args, base-image, triggered-by. }}
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
            github_repository_re='^[A-Za-z0-9-]{1,39}/[A-Za-z0-9._-]{1,100}$'

            event_name="${EVENT_NAME:-}"
            git_ref="${GIT_REF:-}"
            repository="${REPOSITORY:-}"
            head_repository="${HEAD_REPOSITORY:-}"
            version_bump="${VERSION_BUMP:-}"
            triggered_by="${TRIGGERED_BY:-}"
            base_image="${BASE_IMAGE:-}"
            base_image_repository="${BASE_IMAGE_REPOSITORY:-}"
            prefix="${RELEASE_TAG_PREFIX:-}"
            version_file="${VERSION_FILE:-}"

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
            [[ "${version_bump}" =~ ^(patch|minor|major)?$ ]] || fail "VERSION_BUMP must be patch, minor, major or empty"
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
            production=("${parsed[@]}")
            (( ${#production[@]} > 0 )) || fail "REPOSITORIES must name at least one image repository"
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

            # Pull requests push only to the development repositories, and only from branches of this repository: a fork's
            # pull request has no token that can write packages. Otherwise the image is built but not pushed.
            if [[ "${event_name}" == "pull_request" ]]; then
              if (( ${#development[@]} > 0 )) && [[ "${head_repository}" == "${repository}" ]]; then
                push=true
                images=("${development[@]}")
              elif (( ${#development[@]} > 0 )); then
                push=false
                images=("${development[@]}")
              else
                push=false
                images=("${production[@]}")
              fi
            else
              push=true
              images=("${production[@]}")
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

            version=''
            release_tag=''
            tag_ref="refs/tags/${prefix}"
            if [[ "${git_ref}" == "${tag_ref}"* && "${git_ref#"${tag_ref}"}" =~ ${semver_re} ]]; then
              version="${git_ref#"${tag_ref}"}"
            elif [[ "${event_name}" == "workflow_dispatch" || "${event_name}" == "repository_dispatch" ]] && [[ -n "${version_bump}" ]]; then
              # The highest released version: tags exactly <prefix>X.Y.Z (no pre-releases, no other prefixes) and the version file.
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
              IFS=. read -r major minor patch <<< "${latest:-0.0.0}"
              case "${version_bump}" in
                major) major=$((major + 1)); minor=0; patch=0 ;;
                minor) minor=$((minor + 1)); patch=0 ;;
                patch) patch=$((patch + 1)) ;;
                *) fail "VERSION_BUMP must be patch, minor or major" ;;
              esac
              version="${major}.${minor}.${patch}"
              release_tag="${prefix}${version}"
            fi

            # The dispatched base image replaces the Dockerfile's `ARG BASE_IMAGE` default only when it names the same repository.
            if [[ -n "${base_image}" ]]; then
              dispatched_repository="${base_image%%@*}"
              if [[ "${dispatched_repository##*/}" == *:* ]]; then
                dispatched_repository="${dispatched_repository%:*}"
              fi
              if [[ -n "${base_image_repository}" && "${dispatched_repository}" == "${base_image_repository}" ]]; then
                build_args+=("BASE_IMAGE=${base_image}")
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
              multiline images "${images[@]}"
              printf 'registries=%s\n' "${registries}"
              printf 'version=%s\n' "${version}"
              printf 'release-tag=%s\n' "${release_tag}"
              multiline build-args "${build_args[@]}"
              printf 'base-image=%s\n' "${base_image}"
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
            if [[ -n "${release_tag}" ]]; then
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

    private static let recordVersionTemplate =
            #"""
            {{! record-version.sh: records the released version as a git tag on the built commit, through the GitHub API (a tag
                pushed with GITHUB_TOKEN does not start another workflow run). Re-running is safe: a tag that already points to
                the commit is accepted. Inputs come only from the environment variables listed in
                BuildScript.recordVersion.environment. }}
            set -euo pipefail

            # Error messages name the input but never echo a rejected value: it could carry workflow commands.
            fail() {
              printf '::error::%s\n' "$1"
              exit 1
            }

            release_tag="${RELEASE_TAG:-}"
            commit_sha="${COMMIT_SHA:-}"
            repository="${REPOSITORY:-}"

            if [[ ! "${release_tag}" =~ ^[A-Za-z0-9][A-Za-z0-9._/-]{0,199}$ || "${release_tag}" == *..* || "${release_tag}" == *//* \
              || "${release_tag}" == */.* || "${release_tag}" == */ || "${release_tag}" == *. || "${release_tag}" == *.lock \
              || "${release_tag}" == *.lock/* ]]; then
              fail "RELEASE_TAG must be a git tag name of letters, digits and . _ / - (for example v1.2.3)"
            fi
            [[ "${commit_sha}" =~ ^[0-9a-f]{40}$ ]] || fail "COMMIT_SHA must be a full commit SHA (40 lowercase hex digits)"
            if [[ ! "${repository}" =~ ^[A-Za-z0-9-]{1,39}/[A-Za-z0-9._-]{1,100}$ || "${repository#*/}" == "." || "${repository#*/}" == ".." ]]; then
              fail "REPOSITORY must be owner/name"
            fi
            [[ "${GH_TOKEN:-}" =~ ^[^[:space:][:cntrl:]]+$ ]] || fail "GH_TOKEN must be set to a token that can write the repository's contents"

            if gh api --method POST "repos/${repository}/git/refs" -f "ref=refs/tags/${release_tag}" -f "sha=${commit_sha}" > /dev/null; then
              printf 'Created tag %s at %s\n' "${release_tag}" "${commit_sha}"
              exit 0
            fi

            # The tag may exist already, from an earlier attempt of this run: accept it only when it names the same commit.
            existing="$(gh api "repos/${repository}/git/ref/tags/${release_tag}" --jq .object.sha)" \
              || fail "could not create tag ${release_tag}, and it does not exist"
            if [[ "${existing}" != "${commit_sha}" ]]; then
              if [[ "${existing}" =~ ^[0-9a-f]{40}$ ]]; then
                fail "tag ${release_tag} already exists and points to ${existing}, not ${commit_sha}"
              fi
              fail "tag ${release_tag} already exists and does not point to ${commit_sha}"
            fi
            printf 'Tag %s already points to %s\n' "${release_tag}" "${commit_sha}"

            """#
}
