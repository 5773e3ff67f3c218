/// How an image built here is built by the generated GitHub Actions workflows (an image's `build:` block).
/// Unset fields take `defaults.build`, then the built-in defaults.
public struct BuildSpec: Sendable, Hashable {
    /// Whether synth writes the image's caller workflow (default: when `source.workflow` is absent).
    public var generate: Bool
    /// `os/arch[/variant]` platforms; more than one builds a multi-platform image.
    public var platforms: [String]?
    /// The Dockerfile stage to build.
    public var target: String?
    /// Build args written in images.yaml, in the order given; they override the env file's.
    public var args: [BuildArgument]
    /// A `KEY=value` file (path in the source repository) whose lines become build args.
    public var argsFile: String?
    /// Extra tags, beside the default ones.
    public var tags: [ImageTag]
    /// Production repositories pushed to beside the image's own `registry/repository`.
    public var repositories: [String]
    /// Repositories pull-request builds push to; nil takes `defaults.build.devRepositoryPrefix`.
    public var devRepositories: [String]?
    /// A cron expression (UTC) for scheduled rebuilds; nil takes `defaults.build.schedule`.
    public var schedule: String?
    /// `repository_dispatch` event types that start a build; nil takes `defaults.build.dispatchEvents`.
    public var dispatchEvents: [String]?
    /// A file holding the current version (`1.2.3`), read beside the release tags when a version is bumped.
    public var versionFile: String?
    /// What release tags start with (`v`, or `<image>/v` when the repository builds several images).
    public var releaseTagPrefix: String?

    public init(
        generate: Bool = true, platforms: [String]? = nil, target: String? = nil, args: [BuildArgument] = [], argsFile: String? = nil,
        tags: [ImageTag] = [], repositories: [String] = [], devRepositories: [String]? = nil, schedule: String? = nil,
        dispatchEvents: [String]? = nil, versionFile: String? = nil, releaseTagPrefix: String? = nil
    ) {
        self.generate = generate
        self.platforms = platforms
        self.target = target
        self.args = args
        self.argsFile = argsFile
        self.tags = tags
        self.repositories = repositories
        self.devRepositories = devRepositories
        self.schedule = schedule
        self.dispatchEvents = dispatchEvents
        self.versionFile = versionFile
        self.releaseTagPrefix = releaseTagPrefix
    }
}

/// A `KEY=value` build arg.
public struct BuildArgument: Sendable, Hashable {
    public var key: String
    public var value: String

    public init(_ key: String, _ value: String) {
        self.key = key
        self.value = value
    }
}

/// A `workflow_dispatch` input a user-owned workflow declares (`source.inputs`).
public struct DeclaredInput: Sendable, Hashable {
    public var name: String
    public var isRequired: Bool

    public init(_ name: String, required: Bool = false) {
        self.name = name
        self.isRequired = required
    }
}

/// Build settings every image gets unless it sets its own (`defaults.build`).
public struct BuildDefaults: Sendable, Hashable {
    public static let defaultPlatforms = ["linux/amd64"]
    public static let defaultDispatchEvents = ["rebuild-image"]
    public static let defaultRunner = "ubuntu-24.04"

    public var platforms: [String]
    /// Pull-request builds push to `<prefix>/<image name>`; without it they build without pushing.
    public var devRepositoryPrefix: String?
    public var schedule: String?
    public var dispatchEvents: [String]
    /// The `runs-on` label of the build and sign jobs.
    public var runner: String

    public init(
        platforms: [String] = BuildDefaults.defaultPlatforms, devRepositoryPrefix: String? = nil, schedule: String? = nil,
        dispatchEvents: [String] = BuildDefaults.defaultDispatchEvents, runner: String = BuildDefaults.defaultRunner
    ) {
        self.platforms = platforms
        self.devRepositoryPrefix = devRepositoryPrefix
        self.schedule = schedule
        self.dispatchEvents = dispatchEvents
        self.runner = runner
    }
}

/// How the build logs in to a registry other than ghcr.io (`project.registries`): a user name and the name of
/// a GitHub Actions secret holding the password or token. ghcr.io needs no entry: the workflow's own token
/// pushes there.
public struct RegistryLogin: Sendable, Hashable {
    public var host: String
    public var username: String
    /// The name of a GitHub Actions secret (never its value).
    public var passwordSecret: String
    public var location: InputLocation?

    public init(host: String, username: String, passwordSecret: String, location: InputLocation? = nil) {
        self.host = host
        self.username = username
        self.passwordSecret = passwordSecret
        self.location = location
    }
}
