import Foundation
import ImageFactorySupport
import ImageFactoryManifests

/// One GitHub-mode environment as the GitOps repository's receiving workflow maps it.
struct GitOpsTarget: Sendable, Hashable {
    /// The image's name in images.yaml (the dispatch's `image`).
    var image: String
    var environment: String
    /// The regular expression a tag must match, unanchored (`re.search`, like Kargo's `allowTagsRegexes`).
    var tagPattern: String
    /// The values file, relative to the GitOps repository's root.
    var file: String
    /// The key in `file`, in Kargo's `yaml-update` syntax (`image.tag`, `containers.0.image`, `a\.b.c`).
    var key: String
}

/// The workflow synth writes for a GitOps repository in GitHub mode: on a `repository_dispatch` from an image's build
/// workflow (``GitOpsDispatchJob``), one job per branch of the repository checks the branch out, sets the key of
/// every environment whose tag pattern a dispatched tag matches (``BuildScript/gitopsUpdate``), and commits and pushes
/// when something changed (``BuildScript/gitopsCommit``).
///
/// The dispatch's `client_payload` is untrusted: it reaches the update script only as JSON in `env:`, where the script
/// validates every value. Runs are serialized by one concurrency group (queued first in first out, never cancelled), so
/// their commits do not race, and one image's dispatches, which its build workflow's single queue sends in the order
/// the builds started, are applied in that order; the commit step still rebases and retries when a person pushed
/// meanwhile.
enum GitOpsReceiverWorkflow {
    static let fileName = "image-factory-gitops.yml"
    /// The one concurrency group of the workflow, whatever the branch: its runs commit one after another.
    static let concurrencyGroup = "image-factory-gitops"
    /// Where the update step writes the commit message and the commit step reads it.
    static let commitMessageFile = "${{ runner.temp }}/gitops-commit-message"
    /// Where ``BuildScript/installPyYAML`` installs PyYAML (`PYTHONPATH` of the update step).
    static let pythonPath = "${{ runner.temp }}/image-factory-python"

    /// `targets` by branch of the GitOps repository; one job per branch. `eventTypes` are the event types the
    /// images' build workflows send.
    static func make(
        repository: String, eventTypes: [String], targetsByBranch: [String: [GitOpsTarget]], runner: String, scripts: [BuildScript: String]
    ) -> GitHubActions.Workflow {
        func script(_ script: BuildScript) -> String { scripts[script] ?? script.builtInTemplate }
        let branches = targetsByBranch.keys.sorted()
        let ids = jobIDs(branches: branches)
        let images = Set(targetsByBranch.values.joined().map(\.image))
        return GitHubActions.Workflow(
            "update image tags in \(repository)",
            on: GitHubActions.Triggers(repositoryDispatch: eventTypes),
            // One run at a time, none cancelled: with GitHub's default queue a burst of dispatches (one base rebuilding
            // several images) would cancel all pending runs but the last, and their updates would be lost.
            concurrency: GitHubActions.Concurrency(group: concurrencyGroup, cancelInProgress: false, queue: .max)
        ) {
            for branch in branches {
                GitHubActions.Job(
                    ids[branch] ?? "update", name: "Update \(branch)",
                    permissions: GitHubActions.Permissions(["contents": .write]),
                    .steps(runsOn: runner, timeoutMinutes: 10, [
                        GitHubActions.Step("Check out \(branch)", .action(.checkout, with: [("ref", .string(branch)), ("persist-credentials", false)])),
                        GitHubActions.Step("Install PyYAML", .script(script(.installPyYAML))),
                        GitHubActions.Step(
                            "Update the image tags",
                            env: [
                                ("PAYLOAD", "${{ toJSON(github.event.client_payload) }}"),
                                ("ENVIRONMENTS", environmentsJSON(targetsByBranch[branch] ?? [], images: images)),
                                ("COMMIT_MESSAGE_FILE", commitMessageFile),
                                ("PYTHONPATH", pythonPath),
                            ],
                            .python(script(.gitopsUpdate))),
                        GitHubActions.Step(
                            "Commit and push",
                            env: [
                                ("BRANCH", branch),
                                ("REPOSITORY", "${{ github.repository }}"),
                                ("COMMIT_MESSAGE_FILE", commitMessageFile),
                                ("GH_TOKEN", "${{ github.token }}"),
                            ],
                            .script(script(.gitopsCommit))),
                    ]))
            }
        }
    }

    /// `{"<image>": [{"file", "key", "name", "tags"}, …], …}`: compact, keys sorted, environments in the order given;
    /// each of `images` without a target here maps to `[]`, so its dispatches are known and change nothing on this
    /// branch. `${` is written `$\u007b` (the same JSON): a tag pattern or path can never become a GitHub expression.
    static func environmentsJSON(_ targets: [GitOpsTarget], images: Set<String> = []) -> String {
        var byImage: [String: [GitOpsTarget]] = Dictionary(uniqueKeysWithValues: images.map { ($0, []) })
        for target in targets { byImage[target.image, default: []].append(target) }
        var writer = CompactJSON()
        writer.object(byImage.map { ($0.key, $0.value) }) { writer, targets in
            writer.array(targets) { writer, target in
                // The keys of one environment, as ``BuildScript/gitopsUpdate`` reads them.
                writer.object([("file", target.file), ("key", target.key), ("name", target.environment), ("tags", target.tagPattern)]) {
                    $0.string($1)
                }
            }
        }
        let json = writer.text
        // Foundation's replacing costs more than writing the JSON; without the bytes `${` there is nothing to replace.
        guard json.containsUTF8("${") else { return json }
        return json.replacingOccurrences(of: "${", with: "$\\u007b")
    }

    /// A job id per branch: `update-<branch>` with every character outside `[A-Za-z0-9_-]` as `-`; branches whose ids
    /// would collide get `-<8 hex of SHA-256(branch)>` as well.
    static func jobIDs(branches: [String]) -> [String: String] {
        func sanitized(_ branch: String) -> String {
            var id = "update-"
            for scalar in branch.unicodeScalars {
                let allowed = ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                    || scalar == "_" || scalar == "-"
                if allowed {
                    id.unicodeScalars.append(scalar)
                } else if !id.hasSuffix("-") {
                    id.append("-")
                }
            }
            while id.hasSuffix("-") { id.removeLast() }
            return id
        }
        var counts: [String: Int] = [:]
        for branch in branches { counts[sanitized(branch), default: 0] += 1 }
        var ids: [String: String] = [:]
        for branch in branches {
            let id = sanitized(branch)
            ids[branch] = counts[id] == 1 && id != "update" ? id : "\(id)-\(KubernetesName.shortHash(branch))"
        }
        return ids
    }
}
