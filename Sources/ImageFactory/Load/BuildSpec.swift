/// How an image built here is built by the generated GitHub Actions workflows (an image's `build:` block).
/// Unset fields take `defaults.build`, then the built-in defaults.
package struct BuildSpec: Sendable, Hashable {
    /// Whether synth writes the image's caller workflow (default: when `source.workflow` is absent).
    package var generate: Bool
    /// `os/arch[/variant]` platforms; more than one builds a multi-platform image.
    package var platforms: [String]?
    /// The Dockerfile stage to build.
    package var target: String?
    /// Build args written in images.yaml, in the order given; they override the env file's.
    package var args: [BuildArgument]
    /// A `KEY=value` file (path in the source repository) whose lines become build args.
    package var argsFile: String?
    /// Extra tags, beside the default ones.
    package var tags: [ImageTag]
    /// Production repositories pushed to beside the image's own `registry/repository`.
    package var repositories: [String]
    /// Repositories pull-request builds push to; nil takes `defaults.build.devRepositoryPrefix`.
    package var devRepositories: [String]?
    /// A cron expression (UTC) for scheduled rebuilds; nil takes `defaults.build.schedule`.
    package var schedule: String?
    /// `repository_dispatch` event types that start a build; nil takes `defaults.build.dispatchEvents`.
    package var dispatchEvents: [String]?
    /// A file holding the current version (`1.2.3`), read beside the release tags when a version is bumped.
    package var versionFile: String?
    /// What release tags start with (`v`, or `<image>/v` when the repository builds several images).
    package var releaseTagPrefix: String?

    package init(
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
package struct BuildArgument: Sendable, Hashable {
    package var key: String
    package var value: String

    package init(_ key: String, _ value: String) {
        self.key = key
        self.value = value
    }
}

/// A `workflow_dispatch` input a user-owned workflow declares (`source.inputs`).
package struct DeclaredInput: Sendable, Hashable {
    package var name: String
    package var isRequired: Bool

    package init(_ name: String, required: Bool = false) {
        self.name = name
        self.isRequired = required
    }
}

/// Build settings every image gets unless it sets its own (`defaults.build`).
package struct BuildDefaults: Sendable, Hashable {
    package static let defaultPlatforms = ["linux/amd64"]
    package static let defaultDispatchEvents = ["rebuild-image"]
    package static let defaultRunner = "ubuntu-24.04"

    package var platforms: [String]
    /// Pull-request builds push to `<prefix>/<image name>`; without it they build without pushing.
    package var devRepositoryPrefix: String?
    package var schedule: String?
    package var dispatchEvents: [String]
    /// The `runs-on` label of the build and sign jobs.
    package var runner: String

    package init(
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
package struct RegistryLogin: Sendable, Hashable {
    package var host: String
    package var username: String
    /// The name of a GitHub Actions secret (never its value).
    package var passwordSecret: String
    package var location: InputLocation?

    package init(host: String, username: String, passwordSecret: String, location: InputLocation? = nil) {
        self.host = host
        self.username = username
        self.passwordSecret = passwordSecret
        self.location = location
    }
}
