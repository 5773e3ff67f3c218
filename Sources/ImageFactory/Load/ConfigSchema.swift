import ImageFactoryManifests

/// What images.yaml may contain, described once: the decoder takes its allowed keys from here
/// (``ConfigDecoder/Keys``) and ``JSONSchemaRenderer`` turns it into the JSON Schema editors use, so the two
/// cannot drift apart.
///
/// A `ConfigSchema` describes one YAML mapping: its fields, each with a kind, a one-sentence description and
/// whether it is required. Fields whose kind is ``Kind/object(_:)`` or ``Kind/objects(_:)`` lead to the
/// mapping below them. ``top`` is the root of the mapping form; the list form is a list of ``image``.
package struct ConfigSchema: Sendable, Hashable {
    /// A short identifier, unique among the mappings of images.yaml (the JSON Schema's `$defs` key).
    package var id: String
    /// One sentence saying what the mapping is.
    package var description: String
    /// In the order the README lists them, which is also the order "unknown key" messages list them.
    package var fields: [Field]
    /// The field a plain string stands for, when the mapping may also be written as one string (a
    /// `baseImages` entry `node:22` means `{image: node:22}`).
    package var shorthand: String?

    /// Creates the description of one mapping.
    package init(id: String, description: String, fields: [Field], shorthand: String? = nil) {
        self.id = id
        self.description = description
        self.fields = fields
        self.shorthand = shorthand
    }

    /// The keys this mapping may have; the decoder refuses any other.
    package var fieldNames: [String] { fields.map(\.name) }

    /// The field called `name`, or nil.
    package func field(_ name: String) -> Field? {
        fields.first { $0.name == name }
    }

    /// This mapping and every mapping below it, each once, depth first in field order.
    package var mappings: [ConfigSchema] {
        var result: [ConfigSchema] = []
        func visit(_ node: ConfigSchema) {
            guard !result.contains(where: { $0.id == node.id }) else { return }
            result.append(node)
            for field in node.fields {
                if let child = field.kind.mapping { visit(child) }
            }
        }
        visit(self)
        return result
    }

    /// One key of a mapping.
    package struct Field: Sendable, Hashable {
        /// The key as written in images.yaml.
        package var name: String
        /// The shape of its value.
        package var kind: Kind
        /// One sentence, taken from the README's images.yaml reference.
        package var description: String
        /// Whether the mapping must have this key.
        package var isRequired: Bool
        /// A regular expression (ECMAScript syntax, as JSON Schema uses) every string value matches. It may
        /// admit more than the decoder does, never less.
        package var pattern: String?
        /// The longest string value, in characters.
        package var maxLength: Int?
        /// Values to show in an editor.
        package var examples: [String]
        /// For lists: at least one entry is needed.
        package var isNonEmpty: Bool

        /// A string field whose pattern and longest length are `rule`'s, with `examples` (or the rule's).
        init(
            _ name: String, _ kind: Kind, required: Bool = false, rule: FieldRule, examples: [String]? = nil, nonEmpty: Bool = false,
            _ description: String
        ) {
            self.init(
                name, kind, required: required, pattern: rule.pattern, maxLength: rule.maxLength, examples: examples ?? rule.examples,
                nonEmpty: nonEmpty, description)
        }

        /// Creates a field; only `name`, `kind` and `description` are always needed.
        package init(
            _ name: String, _ kind: Kind, required: Bool = false, pattern: String? = nil, maxLength: Int? = nil,
            examples: [String] = [], nonEmpty: Bool = false, _ description: String
        ) {
            self.name = name
            self.kind = kind
            self.description = description
            self.isRequired = required
            self.pattern = pattern
            self.maxLength = maxLength
            self.examples = examples
            self.isNonEmpty = nonEmpty
        }
    }

    /// The shape of a field's value.
    package indirect enum Kind: Sendable, Hashable {
        /// A string. Every string in images.yaml is non-empty.
        case string
        /// A string that may also be written as a YAML number, which is read as its text (`tag: 22`).
        case stringOrNumber
        /// `true` or `false`.
        case boolean
        /// A whole number in a range.
        case integer(ClosedRange<Int>)
        /// One of a few strings.
        case choice([String])
        /// A list of strings.
        case strings
        /// A string, or a list of strings (one string counts as a list of one).
        case stringOrStrings
        /// A duration such as `30m`, `36h` or `7d` (``durationPattern``).
        case duration
        /// A mapping.
        case object(ConfigSchema)
        /// A list of mappings (or of strings, where the mapping has a ``ConfigSchema/shorthand``).
        case objects(ConfigSchema)
        /// A mapping, or `false` to switch off what `defaults` set.
        case objectOrOff(ConfigSchema)

        /// The mapping an ``object(_:)``, ``objects(_:)`` or ``objectOrOff(_:)`` field holds.
        package var mapping: ConfigSchema? {
            switch self {
            case .object(let node), .objects(let node), .objectOrOff(let node): return node
            default: return nil
            }
        }
    }
}

extension ConfigSchema {
    /// Durations as ``KargoDuration`` parses them: `<number><unit>` repeated, units s, m, h, d, w.
    package static let durationPattern = "^([0-9]+[smhdw])+$"
    /// The values `discoveryLimit` may have.
    package static let discoveryLimits = 1...100
    /// `rebuildRetry.attempts`.
    package static let retryAttempts = 1...20

    private static func nameField(_ name: String, required: Bool = false, examples: [String] = [], _ description: String) -> Field {
        Field(name, .string, required: required, rule: .name, examples: examples, description)
    }

    private static func platformField(_ description: String) -> Field {
        Field("platform", .string, rule: .platform, description)
    }

    /// images.yaml in its mapping form.
    package static let top = ConfigSchema(
        id: "config",
        description: "images.yaml in its mapping form: project-wide settings, defaults, upstream base images and the image list.",
        fields: [
            Field("project", .object(project), "Project-wide settings: the Kargo Project, the GitHub token Secret and the analysis Job."),
            Field("defaults", .object(defaults), "Settings every image gets unless it sets its own."),
            Field("baseImages", .objects(baseImage),
                "Optional settings for upstream base images; a base listed here gets a Warehouse even when no Dockerfile uses it yet."),
            Field("images", .objects(image), required: true, nonEmpty: true,
                "The images: built here (they have a `source`) or external and only watched."),
        ])

    /// The `project:` block.
    package static let project = ConfigSchema(
        id: "project",
        description: "Project-wide settings.",
        fields: [
            nameField("name", examples: ["image-factory"], "The Kargo Project and its Namespace (a DNS-1123 label); default `image-factory`."),
            Field("githubTokenSecret", .object(secret),
                "Secret in the Project namespace holding a GitHub token that may dispatch the workflows; default `github-token` / `token`."),
            Field("analysis", .object(analysis), "The analysis Job that checks each new commit's Dockerfile."),
            Field("sourceRoot", .string, pattern: "^[^/]", examples: ["example/sources"],
                "Where `source.dockerfile` paths are found, relative to images.yaml (`--source-root` overrides it); default: the config's folder."),
            Field("registries", .objects(registry),
                "How the generated build workflows log in to registries other than ghcr.io (which uses the workflow's own token)."),
            Field("workflowsDirectory", .string, pattern: "^[^/]", examples: [".github/workflows"],
                "Where the generated GitHub workflows are written, relative to images.yaml; default `workflows/<owner>/<repo>/` in the output folder."),
            Field("templates", .string, pattern: "^[^/]", examples: ["templates"],
                "Folder of template overrides, relative to images.yaml; a file there replaces the built-in template of the same name; default `templates`."),
            Field("webhookReceivers", .objects(webhookReceiver),
                "Registries and forges that tell Kargo about pushes, so Warehouses refresh at once instead of at their next poll."),
        ])

    /// An entry of `project.registries`.
    package static let registry = ConfigSchema(
        id: "registry",
        description: "A registry the build workflows push to, and the GitHub Actions secret that logs in to it.",
        fields: [
            Field("host", .string, required: true, rule: .registryHost, examples: ["docker.io", "quay.io"], "The registry host."),
            Field("username", .string, required: true, rule: .username, examples: ["acme+builder"], "The user name to log in with (not a secret)."),
            Field("passwordSecret", .string, required: true, rule: .secretVariable, examples: ["QUAY_TOKEN"],
                "The name of the GitHub Actions secret holding the password or token (the name, never the value)."),
        ])

    /// A key of a Kubernetes Secret (`project.githubTokenSecret`, `project.analysis.tokenSecret`).
    package static let secret = ConfigSchema(
        id: "secret",
        description: "A key of a Kubernetes Secret in the Project namespace; referenced, never copied.",
        fields: [
            Field("name", .string, required: true, rule: .secretName, examples: ["github-token"],
                "The Secret's name (a DNS-1123 subdomain)."),
            Field("key", .string, rule: .secretKey, examples: ["token"],
                "The key in the Secret that holds the token; default `token`."),
        ])

    /// The `project.analysis:` block.
    package static let analysis = ConfigSchema(
        id: "analysis",
        description: "The analysis Job that runs `image-factory analyze` on each new commit of an image's build context.",
        fields: [
            Field("image", .string, examples: [ProjectSettings.defaultAnalyzerImage],
                "Container image that runs `image-factory analyze` in the analysis Job; default `\(ProjectSettings.defaultAnalyzerImage)`."),
            Field("tokenSecret", .object(secret),
                "Token the analysis Job uses to download Dockerfiles of private repositories; default: the GitHub token Secret, optional."),
        ])

    /// The `defaults:` block.
    package static let defaults = ConfigSchema(
        id: "defaults",
        description: "Settings every image gets unless it sets its own.",
        fields: [
            Field("interval", .duration, examples: ["10m"], "How often image and source Warehouses look for something new; default Kargo's 5m."),
            Field("baseImageInterval", .duration, examples: ["1h"], "How often upstream base Warehouses look for new digests; default Kargo's 5m."),
            Field("rebuildDelay", .duration, examples: ["7d"], "The `rebuildDelay` of images built here that set none."),
            Field("rebuildWindow", .object(rebuildWindow), "The `rebuildWindow` of images built here that set none."),
            Field("rebuildRetry", .object(rebuildRetry), "How every rebuild trigger retries its request, unless an image says otherwise."),
            Field("notify", .object(notify), "Where every image built here reports triggered and failed rebuilds, unless it says otherwise."),
            Field("autoRebuild", .boolean, "The `autoRebuild` of images built here that set none; default `true`."),
            Field("rebuildExisting", .boolean, "The `rebuildExisting` of images built here that set none; default `true`."),
            Field("versionBump", .choice(VersionBump.allCases.map(\.rawValue)),
                "The `versionBump` of images built here that set no `versionBump`; default `patch`."),
            Field("discoveryLimit", .integer(discoveryLimits), "How many versions a Warehouse discovers, 1 to 100; default Kargo's 20."),
            Field("build", .object(buildDefaults), "Build settings of the generated workflows that every image gets unless it sets its own."),
            Field("gitops", .object(gitops), "The GitOps repository, branch and mode of every image's environments, unless an image or environment says otherwise."),
        ])

    /// The `defaults.build:` block.
    package static let buildDefaults = ConfigSchema(
        id: "buildDefaults",
        description: "Build settings every image gets unless it sets its own.",
        fields: [
            Field("platforms", .stringOrStrings, examples: ["linux/amd64"], "Platforms to build, `os/arch[/variant]`; default `linux/amd64`."),
            // FieldRule.imageRepository's length (at most 255) is the check's alone for now.
            Field("devRepositoryPrefix", .string, pattern: FieldRule.imageRepository.pattern, examples: ["ghcr.io/acme/dev"],
                "Pull-request builds push to `<prefix>/<image name>`; without it (and without `devRepositories`) they build without pushing."),
            Field("schedule", .string, rule: .cron, examples: ["23 4 * * 1"], "A cron expression (UTC) for scheduled rebuilds."),
            Field("dispatchEvents", .stringOrStrings, examples: ["rebuild-image"],
                "`repository_dispatch` event types that start a build; default `rebuild-image`."),
            // FieldRule.runner's length (at most 100) is the check's alone for now.
            Field("runner", .string, pattern: FieldRule.runner.pattern, examples: [BuildDefaults.defaultRunner],
                "The `runs-on` label of the build jobs; default `\(BuildDefaults.defaultRunner)`."),
        ])

    /// An entry of the top-level `baseImages:` list.
    package static let baseImage = ConfigSchema(
        id: "baseImage",
        description: "An upstream base image: a reference with a tag, or a mapping with settings for its Warehouse.",
        fields: [
            Field("image", .string, required: true, examples: ["node:22-bookworm-slim"],
                "Reference with a tag, e.g. `node:22-bookworm-slim` (normalized: `docker.io/library/node:22-bookworm-slim`)."),
            nameField("name", "Warehouse name instead of `base-<repository>-<tag>`."),
            Field("interval", .duration, examples: ["30m"], "Discovery interval for this base."),
            platformField("`os/arch[/variant]`: watch this platform's digest instead of the index digest."),
        ],
        shorthand: "image")

    /// An entry of the image list.
    package static let image = ConfigSchema(
        id: "image",
        description: "An image built here (it has a `source`), or an external image that is only watched.",
        fields: [
            nameField("name", required: true, examples: ["backstage"],
                "The image's Warehouse name and part of its Stage names: lowercase letters, digits and `-`, at most 63 characters, unique."),
            Field("registry", .string, required: true, examples: ["ghcr.io", "docker.io"], "The registry host, e.g. `ghcr.io` or `docker.io`."),
            Field("repository", .string, required: true, examples: ["acme/backstage", "library/postgres"],
                "The repository in that registry, without tag or digest, e.g. `acme/backstage`."),
            Field("source", .object(source), "Where an image built here comes from; an image without one is external and only watched."),
            Field("tag", .stringOrNumber, rule: .tag, examples: ["16", "latest"],
                "External images: watch this one tag for new digests instead of watching for new versions."),
            Field("strategy", .choice(Kargo.ImageSubscription.SelectionStrategy.allCases.map(\.rawValue)),
                "How Kargo picks the newest version: `SemVer` (default), `Lexical` or `NewestBuild`; for `Digest` write `tag:` instead."),
            Field("constraint", .stringOrNumber, rule: .semverConstraint, examples: ["^16", ">=1.2.0 <2.0.0"],
                "A SemVer range, e.g. `^16` or `>=1.2.0 <2.0.0`."),
            Field("strictSemvers", .boolean, "Whether only strict SemVer tags count as versions; default `false`, so `16.4` and `v1.2.3` count."),
            Field("allowTags", .stringOrStrings, examples: ["^16\\.\\d+$"],
                "Regular expressions (Go RE2) a tag must match, emitted as Kargo's `allowTagsRegexes`."),
            Field("ignoreTags", .stringOrStrings, examples: ["-rc\\d*$"],
                "Regular expressions (Go RE2) of tags to ignore, emitted as Kargo's `ignoreTagsRegexes`."),
            Field("interval", .duration, examples: ["10m"], "How often this image's Warehouses look for something new; default `defaults.interval`."),
            platformField("`os/arch[/variant]`: watch this platform's digest instead of the index digest."),
            Field("discoveryLimit", .integer(discoveryLimits), "How many versions this image's Warehouse discovers, 1 to 100."),
            Field("rebuildDelay", .duration, examples: ["7d", "36h", "90m", "0s"],
                "Images built here: how long a new upstream base must have existed before the rebuild starts; `0s` switches a default off."),
            Field("rebuildWindow", .objectOrOff(rebuildWindow),
                "Images built here: rebuilds for new upstream bases start only inside this UTC window; `false` switches a default off."),
            Field("rebuildRetry", .object(rebuildRetry), "Images built here: how the rebuild trigger retries its request."),
            Field("notify", .objectOrOff(notify),
                "Images built here: post to a Slack-compatible webhook when a rebuild is triggered or fails; `false` switches a default off."),
            Field("autoRebuild", .boolean,
                "Images built here: `true` lets Kargo promote rebuild triggers automatically, `false` waits for a manual promotion."),
            Field("rebuildExisting", .boolean,
                "Images built here: `false` records the base version a new rebuild-trigger Stage first receives as already built for (no rebuild); newer versions rebuild as usual."),
            Field("versionBump", .choice(VersionBump.allCases.map(\.rawValue)),
                "Images built here: the `version_bump` input a triggered rebuild sends; `none` rebuilds without a release."),
            Field("baseImages", .strings, examples: ["node:22-bookworm-slim"],
                "Images built here: base image references that replace what the Dockerfile says."),
            Field("build", .object(build), "Images built here: how the generated GitHub workflow builds, tags and pushes the image."),
            Field("environments", .objects(environment),
                "Where new tags of the image are deployed: per environment a tag pattern and the GitOps file and key to update."),
            Field("gitops", .object(gitops), "This image's GitOps repository, branch and mode, over `defaults.gitops`."),
            Field("downstream", .objects(downstream),
                "Workflows in other GitHub repositories to start when a new version of the image appears (repository_dispatch or workflow_dispatch)."),
        ])

    /// An image's `build:` block.
    package static let build = ConfigSchema(
        id: "build",
        description: "How the generated GitHub workflow builds, tags, pushes and signs the image.",
        fields: [
            Field("generate", .boolean,
                "Whether synth writes the image's build workflow; default `true` when `source.workflow` is absent, `false` when it names the repository's own."),
            Field("platforms", .stringOrStrings, examples: ["linux/amd64", "linux/arm64"], "Platforms to build; more than one builds a multi-platform image."),
            // The check is FieldRule.stageName, which also bounds the length to 128 (the schema is looser).
            Field("target", .string, pattern: "^[A-Za-z0-9][A-Za-z0-9_.-]*$", examples: ["runtime"], "The Dockerfile stage to build."),
            Field("args", .stringOrStrings, examples: ["PYTHON_VERSION=3.12"], "Build args as `KEY=value`; they override the env file's."),
            Field("argsFile", .string, rule: .repositoryPath, examples: ["apps/data-api/build.env"],
                "A `KEY=value` file in the source repository whose lines become build args (read and checked by synth)."),
            Field("tags", .stringOrStrings, examples: ["latest", "stable=v{{ .Date }}", "v{{ .ShortSHA }}-{{ .Date }}"],
                "Extra tags: plain, `name=value`, or templates with {{ .ShortSHA }}, {{ .CommitSHA }}, {{ .Date }}, {{ .Time }}, {{ .PRNumber }}, {{ .Env \"X\" }}."),
            Field("repositories", .stringOrStrings, examples: ["quay.io/acme/data-api"],
                "More production repositories to push to, beside `registry/repository`."),
            Field("devRepositories", .stringOrStrings, examples: ["ghcr.io/acme/dev/data-api"],
                "Repositories pull-request builds push to; default `<defaults.build.devRepositoryPrefix>/<name>`."),
            Field("schedule", .string, rule: .cron, examples: ["23 4 * * 1"], "A cron expression (UTC) for scheduled rebuilds."),
            Field("dispatchEvents", .stringOrStrings, examples: ["rebuild-image"], "`repository_dispatch` event types that start a build."),
            Field("versionFile", .string, rule: .repositoryPath, examples: ["apps/data-api/VERSION"],
                "A file with the current version, read beside the release tags when a dispatch bumps the version."),
            Field("releaseTagPrefix", .string, rule: .releaseTagPrefix,
                "What release tags start with; default `v`, or `<name>/v` when the repository builds several images."),
        ])

    /// `rebuildWindow:`.
    package static let rebuildWindow = ConfigSchema(
        id: "rebuildWindow",
        description: "When rebuilds for new upstream bases may start: a daily UTC time span, optionally on some days only.",
        fields: [
            Field("hours", .string, required: true, pattern: "^[0-2][0-9]:[0-5][0-9]-[0-2][0-9]:[0-5][0-9]$", examples: ["01:00-05:00", "22:00-04:00"],
                "`HH:MM-HH:MM`, UTC; an end before the start runs past midnight."),
            Field("days", .stringOrStrings, pattern: "^(mon|tue|wed|thu|fri|sat|sun)(-(mon|tue|wed|thu|fri|sat|sun))?$", examples: ["mon-fri", "sat"],
                "Days the window opens on (UTC): `mon` … `sun` or ranges such as `mon-fri`; default every day."),
        ])

    /// `rebuildRetry:`.
    package static let rebuildRetry = ConfigSchema(
        id: "rebuildRetry",
        description: "How a rebuild trigger retries: 5xx and rate limits are re-sent every interval, network errors with Kargo's backoff, until the timeout.",
        fields: [
            Field("attempts", .integer(retryAttempts), "Network errors (no answer) before the promotion fails, counted over the whole step; Kargo retries them after 5 ms, doubling, so N errors last about 5 ms × 2^N. Default: enough to keep retrying until the timeout."),
            Field("timeout", .duration, examples: ["15m"], "How long the trigger may keep trying; default \(TriggerRetry.defaultTimeout)."),
            Field("interval", .duration, examples: ["1m"], "The wait before re-sending after a 5xx or rate-limit answer, at least 10s; default \(TriggerRetry.defaultInterval)."),
        ])

    /// `notify:`.
    package static let notify = ConfigSchema(
        id: "notify",
        description: "A Slack-compatible incoming webhook to tell about rebuilds; the message text comes from templates/.",
        fields: [
            Field("webhookSecret", .object(secret), required: true,
                "The Secret (in the Project namespace) whose key holds the incoming-webhook URL; key default `url`."),
            Field("on", .stringOrStrings, pattern: "^(triggered|failed)$", examples: ["triggered", "failed"],
                "When to post: `triggered` (the build was started), `failed` (the trigger failed for good); default both."),
        ])

    /// An image's `source:` mapping.
    package static let source = ConfigSchema(
        id: "source",
        description: "Where an image built here comes from: the repository, its Dockerfile and the workflow that builds it.",
        fields: [
            Field("provider", .choice(SourceSpec.Provider.allCases.map(\.rawValue)), "Where the repository is hosted: `github` (the default) or `gitlab`."),
            Field("repo", .string, required: true, rule: .sourceRepository,
                "`owner/name` of the GitHub repository, or the GitLab project path (`group/subgroup/name`), the image is built from."),
            Field("host", .string, rule: .registryHost, examples: ["gitlab.com", "gitlab.example.com"],
                "GitLab sources: the GitLab host; default `gitlab.com`."),
            Field("triggerToken", .object(secret),
                "GitLab sources (required there): the Secret key with the project's pipeline trigger token; key default `token`."),
            Field("branch", .string, rule: .branch,
                "The branch the git subscription watches and the dispatch's `ref`; default `main`."),
            Field("dockerfile", .string, required: true, rule: .repositoryPath, examples: ["apps/backstage/Dockerfile"],
                "Path of the Dockerfile in that repository; read under the source root to discover base images."),
            Field("context", .string, rule: .repositoryPath, examples: ["apps/backstage"],
                "Build context in the repository; default: the Dockerfile's folder."),
            Field("workflow", .string, rule: .workflowFile, examples: ["backstage.yml"],
                "The repository's own workflow file (in `.github/workflows/`) that builds the image; default: synth writes `build-<name>.yml`."),
            Field("inputs", .objects(declaredInput),
                "The workflow_dispatch inputs `source.workflow` declares, so synth can check the rebuild dispatch against them."),
        ])

    /// `gitops:` of `defaults` or of an image.
    package static let gitops = ConfigSchema(
        id: "gitops",
        description: "How new tags reach the environments' GitOps repository.",
        fields: [
            Field("mode", .choice(GitOpsSettings.Mode.allCases.map(\.rawValue)),
                "`kargo` (default): a Kargo Stage per environment commits the update; `github`: the build workflow sends a repository_dispatch and the GitOps repository's generated workflow commits."),
            Field("repo", .string, rule: .gitopsRepository, examples: ["acme/gitops", "https://git.example.com/ops/gitops.git"],
                "The GitOps repository: GitHub `owner/name`, or an `https://` git URL (Kargo mode)."),
            Field("branch", .string, rule: .branch,
                "The branch the updates are committed to; default `main`."),
            Field("tokenSecret", .string, rule: .secretVariable, examples: [GitOpsSettings.defaultTokenSecret],
                "GitHub mode: the GitHub Actions secret in the source repository with a token that may dispatch to the GitOps repository (Contents: write); default `\(GitOpsSettings.defaultTokenSecret)`."),
            Field("eventType", .string, rule: .dispatchEvent, examples: [GitOpsSettings.defaultEventType],
                "GitHub mode: the repository_dispatch event type; default `\(GitOpsSettings.defaultEventType)`."),
        ])

    /// An entry of an image's `environments:`.
    package static let environment = ConfigSchema(
        id: "environment",
        description: "An environment the image is deployed to: which tags go there, and the GitOps file and key that record it.",
        fields: [
            nameField("name", required: true, examples: ["dev", "prod"], "The environment's name (a DNS-1123 label), unique per image."),
            Field("tags", .string, examples: ["^v[0-9]{8}-[0-9a-f]{8}$", "-stable$"],
                "A regular expression (RE2) a tag must match to be deployed here, unanchored like Kargo's; required unless `after` is set."),
            nameField("after", examples: ["dev"],
                "Kargo mode: the environment whose verified versions this one takes (prod after dev); instead of `tags`."),
            Field("repo", .string, rule: .gitopsRepository, examples: ["acme/gitops"], "The GitOps repository; default `gitops.repo`."),
            Field("branch", .string, rule: .branch,
                "The branch to commit to; default `gitops.branch`, else `main`."),
            Field("file", .string, required: true, rule: .repositoryPath, examples: ["environments/dev/values.yaml"],
                "The YAML file in the GitOps repository that holds the tag."),
            Field("key", .string, rule: .yamlKey, examples: [EnvironmentSpec.defaultKey, "containers.0.image"],
                "The key to set, as Kargo's yaml-update writes it (dots between keys, `\\.` for a literal dot, numbers index lists); it must exist; default `\(EnvironmentSpec.defaultKey)`."),
            Field("argocdApp", .string, rule: .argocdApplication, examples: ["data-api-dev", "argocd/data-api-prod"],
                "Kargo mode: the Argo CD Application (`name` or `namespace/name`) to sync to the new commit."),
            Field("autoPromote", .boolean,
                "Kargo mode: whether new versions are deployed without a person; default `true` for the image's first environment unless it is named prod, production, prd or live, `false` for the others."),
            Field("strategy", .choice(["NewestBuild", "SemVer", "Lexical"]),
                "Kargo mode: how the environment's Warehouse picks the newest matching tag; default `NewestBuild`."),
        ])

    /// An entry of an image's `downstream:`.
    package static let downstream = ConfigSchema(
        id: "downstream",
        description: "A workflow in another GitHub repository to start when a new version of the image appears.",
        fields: [
            Field("repo", .string, required: true, rule: .githubRepo, examples: ["acme/deployments"],
                "The GitHub repository, `owner/name`."),
            Field("eventType", .string, rule: .dispatchEvent, examples: ["QUAY_BUILD_SUCCESS"],
                "Send a repository_dispatch with this event type (or give `workflow`)."),
            Field("workflow", .string, rule: .workflowFile, examples: ["deploy.yml"],
                "Send a workflow_dispatch to this workflow file, with the inputs image, tag, digest and short_sha (or give `eventType`)."),
            Field("ref", .string, rule: .branch,
                "workflow_dispatch: the branch or tag to run the workflow on; default `main`."),
            Field("tokenSecret", .object(secret),
                "The Secret key with a token that may dispatch there; default `project.githubTokenSecret`."),
        ])

    /// An entry of `project.webhookReceivers`.
    package static let webhookReceiver = ConfigSchema(
        id: "webhookReceiver",
        description: "A Kargo webhook receiver: a registry or forge calls its URL on a push.",
        fields: [
            Field("type", .choice(WebhookReceiverSpec.Kind.allCases.map(\.rawValue)), required: true,
                "Who calls it: `github` (also GHCR package events), `gitlab`, `quay`, `dockerhub` or `generic`."),
            nameField("name", examples: ["quay"], "The receiver's name, unique; default the type."),
            Field("secret", .string, required: true, rule: .secretName, examples: ["webhook-quay"],
                "The Secret in the Project namespace holding the shared secret (key `secret`; `secret-token` for gitlab); it also seeds the receiver's URL."),
            Field("whenExpression", .string, maxLength: 1024, examples: ["request.header('X-Event') == 'push'"],
                "Generic receivers: an expr condition on the request; without it every call refreshes."),
        ])

    /// An entry of `source.inputs`.
    package static let declaredInput = ConfigSchema(
        id: "declaredInput",
        description: "A workflow_dispatch input of the repository's own workflow: its name, or a mapping with `required`.",
        fields: [
            Field("name", .string, required: true, rule: .inputName, "The input's name."),
            Field("required", .boolean, "Whether the workflow declares the input `required: true`."),
        ],
        shorthand: "name")
}
