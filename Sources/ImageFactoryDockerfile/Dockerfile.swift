import ImageFactorySupport

/// What a Dockerfile builds from, for each platform it is built for.
package struct Dockerfile: Sendable, Equatable {
    /// A build stage, started by a `FROM` instruction.
    package struct Stage: Sendable, Equatable {
        /// What a stage starts from, or what one of its `COPY --from` or `RUN --mount` reads.
        package enum Base: Sendable, Equatable {
            /// An external image.
            case image(ImageReference)
            /// A stage of the same Dockerfile, by its index among the stages (0 is the first `FROM`).
            case stage(Int)
            /// The empty `scratch` image.
            case scratch
        }

        /// What the stage starts from.
        package var base: Base
        /// The `AS` name, lowercased.
        package var name: String?
        /// The `--platform` value after ARG expansion (a stage built `FROM` another stage runs on that stage's
        /// platform whatever it says).
        package var platform: String?
        /// 1-based line of the `FROM` instruction.
        package var line: Int
        /// What its `COPY --from=…` and `RUN --mount=…` read, in order (the `ONBUILD` instructions of a base stage
        /// first): a stage, an image, or `scratch` (a mount without `from`).
        package var sources: [Base]
        /// Whether building the target needs the stage; BuildKit never pulls the images of the others.
        package var isNeeded: Bool

        package init(base: Base, name: String? = nil, platform: String? = nil, line: Int, sources: [Base] = [], isNeeded: Bool = true) {
            self.base = base
            self.name = name
            self.platform = platform
            self.line = line
            self.sources = sources
            self.isNeeded = isNeeded
        }
    }

    /// The Dockerfile as BuildKit builds it for one target platform.
    package struct Build: Sendable, Equatable {
        /// The target platform, normalized (`linux/arm64`).
        package var platform: String
        /// Build stages in file order.
        package var stages: [Stage]
        /// The images the build pulls: those of the stages the target needs (their `FROM`, `COPY --from` and
        /// `RUN --mount` images), deduplicated, in the order the file names them.
        package var baseImages: [ImageReference]

        package init(platform: String, stages: [Stage], baseImages: [ImageReference]) {
            self.platform = platform
            self.stages = stages
            self.baseImages = baseImages
        }
    }

    /// The build arg a dispatched rebuild sets to the new base image.
    package static let baseImageArgumentName = "BASE_IMAGE"

    /// One build per target platform, in the order they were asked for.
    package var builds: [Build]
    /// The image the global `ARG BASE_IMAGE` names by default (or as overridden by build args) in the first
    /// platform's build, when declared.
    package var baseImageArgument: ImageReference?
    /// What is worth a second look although BuildKit accepts it (a `COPY --from` name that is no stage).
    package var notes: [DockerfileNote]

    package init(builds: [Build], baseImageArgument: ImageReference? = nil, notes: [DockerfileNote] = []) {
        self.builds = builds
        self.baseImageArgument = baseImageArgument
        self.notes = notes
    }

    /// The stages of the first platform's build.
    package var stages: [Stage] { builds.first?.stages ?? [] }

    /// The images the builds of all platforms pull, deduplicated: the first platform's in file order, then what
    /// only later platforms pull. Stage references and scratch are not images.
    package var baseImages: [ImageReference] {
        guard builds.count > 1 else { return builds.first?.baseImages ?? [] }
        var images = UniqueElements<ImageReference>()
        for build in builds {
            for image in build.baseImages { images.insert(image) }
        }
        return images.elements
    }

    /// Whether the platforms' builds pull different images.
    package var basesDifferByPlatform: Bool {
        guard builds.count > 1 else { return false }
        let first = Set(builds[0].baseImages)
        return builds.dropFirst().contains { Set($0.baseImages) != first }
    }
}

/// Something BuildKit accepts but that probably is not what was meant, with where it is.
package struct DockerfileNote: Sendable, Hashable, CustomStringConvertible {
    /// 1-based line.
    package var line: Int
    /// 1-based column, in characters of the original line.
    package var column: Int
    package var message: String

    package init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    /// `line:column: message`
    package var description: String { "\(line):\(column): \(message)" }
}
