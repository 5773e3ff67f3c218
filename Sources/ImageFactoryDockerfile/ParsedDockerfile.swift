/// Where a word of a Dockerfile starts: 1-based line and column (in characters).
struct SourcePosition: Hashable, Sendable {
    var line: Int
    var column: Int

    func error(_ message: String) -> DockerfileError {
        DockerfileError(line: line, column: column, message: message)
    }
}

/// A Dockerfile read once: everything that depends neither on the platform nor on the build args. ``DockerfileEvaluator``
/// works out, per platform, what the words mean.
struct ParsedDockerfile<C: DockerfileCharacter> {
    /// A word as written, with where it starts.
    struct Word {
        var characters: [C]
        var position: SourcePosition

        /// The word as written, shortened for messages.
        var display: String { abbreviated(C.string(characters)) }
    }

    /// A name of a global `ARG` (one before the first `FROM`), in file order; one instruction can declare several.
    struct GlobalArg {
        var name: String
        /// The default value as written (quotes and variables unexpanded); nil for `ARG NAME`.
        var value: Word?
        /// The whole `NAME=value` word, for messages.
        var written: String
    }

    /// A `FROM` and what its stage's `COPY --from` and `RUN --mount` name.
    struct Stage {
        var image: Word
        var platform: Word?
        /// The `AS` name, lowercased.
        var name: String?
        var line: Int
        var links: [StageLink]
        /// The instructions of its `ONBUILD`s (without the keyword): a stage built `FROM` this one runs them.
        var triggers: [Word]
    }

    var escape: C
    var globalArgs: [GlobalArg]
    /// Names declared by global ARGs, and names declared by ARGs inside stages (for messages).
    var declaredGlobalArgs: Set<String>
    var stageArgs: Set<String>
    var stages: [Stage]
    /// The stage `COPY --from`, `RUN --mount` and the build target mean by a (lowercased) name: the last one so named.
    var stageNames: StageNames
    var graph: StageGraph
    /// Whether a global ARG is declared or a `FROM` has a `$`: else no word needs a value.
    var usesVariables: Bool
    /// Whether a stage has an `ONBUILD`.
    var hasTriggers: Bool
    /// Whether the build reads the source of every link (no tmpfs mount and the like, no `ONBUILD`): then the
    /// stages it pulls are the stages it builds.
    var readsEveryLink: Bool
}

/// A `COPY --from=<name>` or a `RUN --mount=…` (with or without `from=`): a source BuildKit links to a stage by name
/// (or, for `COPY`, by index), or else to an image of that name.
struct StageLink: Sendable {
    enum Kind: Equatable, Sendable {
        case copy
        /// `usesSource`: whether the build reads what the mount names (`dispatchRunMounts`): a bind or cache mount
        /// with a `from` does, a cache mount without one reads `scratch` (or the stage named so), and a bind mount
        /// without one reads the build context; tmpfs, secret and ssh mounts read nothing of it.
        /// `checksOrder`: whether BuildKit checks that the stage it names was built before (when it has a `from`,
        /// or is a cache mount).
        case mount(target: String, usesSource: Bool, checksOrder: Bool)
    }

    var kind: Kind
    /// As written after the flag's quotes and escapes are removed; `scratch` for a mount without `from`.
    var name: String
    /// Whether the build reads what the link names: every `COPY --from`, and some mounts (see ``Kind``). A link it
    /// does not read still makes the stage it names one BuildKit builds (and whose errors count), but nothing
    /// of it is pulled.
    var usesSource: Bool {
        switch kind {
        case .copy: true
        case .mount(_, let usesSource, _): usesSource
        }
    }
    var position: SourcePosition
    /// Why BuildKit refuses the link when it builds the stage graph: `COPY --from` with a variable.
    var problem: String?
    /// Why BuildKit refuses it when it builds the stage: a mount's other options.
    var buildProblem: String?

    /// `COPY --from=<name>` or `RUN --mount=from=<name>`, for messages.
    var written: String {
        switch kind {
        case .copy: "COPY --from=\(abbreviated(name))"
        case .mount: "RUN --mount=from=\(abbreviated(name))"
        }
    }
}
