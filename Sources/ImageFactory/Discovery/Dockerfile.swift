import ImageFactorySupport
import ImageFactoryManifests

/// What a Dockerfile builds from.
public struct Dockerfile: Sendable, Equatable {
    /// A build stage, started by a `FROM` instruction.
    public struct Stage: Sendable, Equatable {
        /// What a stage starts from.
        public enum Base: Sendable, Equatable {
            /// An external image.
            case image(ImageReference)
            /// An earlier stage of the same Dockerfile, by its lowercased name.
            case stage(String)
            /// The empty `scratch` image.
            case scratch
        }

        /// What the stage starts from.
        public var base: Base
        /// The `AS` name, lowercased.
        public var name: String?
        /// The `--platform` value after ARG expansion; as written when it uses automatic platform ARGs such as `$BUILDPLATFORM`.
        public var platform: String?
        /// 1-based line of the `FROM` instruction.
        public var line: Int

        public init(base: Base, name: String? = nil, platform: String? = nil, line: Int) {
            self.base = base
            self.name = name
            self.platform = platform
            self.line = line
        }
    }

    /// The build arg a dispatched rebuild sets to the new base image.
    public static let baseImageArgumentName = "BASE_IMAGE"

    /// Build stages in file order.
    public var stages: [Stage]
    /// The image the global `ARG BASE_IMAGE` names by default (or as overridden by build args), when declared.
    public var baseImageArgument: ImageReference?

    public init(stages: [Stage], baseImageArgument: ImageReference? = nil) {
        self.stages = stages
        self.baseImageArgument = baseImageArgument
    }

    /// External base images in first-appearance order, deduplicated (stage references and scratch excluded).
    public var baseImages: [ImageReference] {
        var images = UniqueElements<ImageReference>()
        for stage in stages {
            if case .image(let reference) = stage.base { images.insert(reference) }
        }
        return images.elements
    }
}
