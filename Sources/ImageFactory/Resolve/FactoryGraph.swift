import ImageFactoryManifests
import ImageFactoryDockerfile

/// The resolve phase's output: every image with what it is built on, and the upstream bases to watch.
public struct FactoryGraph: Sendable, Hashable {
    package var config: FactoryConfig
    /// Managed and external images, sorted by name.
    public var images: [ResolvedImage]
    /// Upstream base images (not in images.yaml) to watch for new digests, sorted by Warehouse name.
    package var upstreamBases: [UpstreamBase]

    /// Build args of each image built here (env file, then `build.args`), by image name.
    package var buildArguments: [String: [BuildArgument]]
    /// The shell steps of the generated workflows, rendered; a script missing here is rendered from its
    /// built-in template.
    package var scripts: [BuildScript: String]
    /// The notification messages, rendered; a message missing here is rendered from its built-in template.
    package var messages: [NotificationMessage: [NotificationMessage.Part]]
    /// What discovery noticed that is probably a mistake but builds (a `COPY --from` name that is no stage).
    package var notes: [Diagnostic] = []

    package init(
        config: FactoryConfig, images: [ResolvedImage], upstreamBases: [UpstreamBase], buildArguments: [String: [BuildArgument]] = [:],
        scripts: [BuildScript: String] = [:], messages: [NotificationMessage: [NotificationMessage.Part]] = [:]
    ) {
        self.messages = messages
        self.config = config
        self.images = images
        self.upstreamBases = upstreamBases
        self.buildArguments = buildArguments
        self.scripts = scripts
    }

    /// The Kargo Project, and the namespace every object is in.
    public var projectName: String { config.project.name }
}

/// An image of images.yaml with its resolved bases.
public struct ResolvedImage: Sendable, Hashable {
    package var spec: ImageSpec
    /// What triggers a rebuild of this image, sorted and without duplicates.
    package var bases: [BaseDependency]
    /// The base images its Dockerfile names (or its explicit `baseImages`), as the analysis Job expects them.
    package var expectedBaseImages: [ImageReference]
    /// Bases pinned by digest alone: they never change, so nothing watches them.
    package var pinnedBaseImages: [ImageReference]
    /// What the Dockerfile's global `ARG BASE_IMAGE` names: a dispatched base of that repository is passed in as
    /// the build arg; any other base is picked up by pulling its tag afresh.
    package var baseImageArgument: ImageReference?
    /// The bases each platform's build pulls, when they are not the same for all (empty when they are):
    /// ``expectedBaseImages`` is their union.
    package var basesByPlatform: [PlatformBases] = []

    package init(spec: ImageSpec, bases: [BaseDependency] = [], expectedBaseImages: [ImageReference] = [], pinnedBaseImages: [ImageReference] = []) {
        self.spec = spec
        self.bases = bases
        self.expectedBaseImages = expectedBaseImages
        self.pinnedBaseImages = pinnedBaseImages
    }

    public var name: String { spec.name }

    /// Whether the image is built here (it has a `source`), rather than only watched.
    public var isManaged: Bool { spec.isManaged }
}

/// The images one platform's build of an image pulls.
package struct PlatformBases: Sendable, Hashable {
    package var platform: String
    package var baseImages: [ImageReference]

    package init(platform: String, baseImages: [ImageReference]) {
        self.platform = platform
        self.baseImages = baseImages
    }
}

/// One base an image is built on, and which Warehouse announces its new versions.
package struct BaseDependency: Sendable, Hashable, Comparable {
    package enum Origin: Sendable, Hashable {
        /// An upstream image's tag, watched for new digests by its own Warehouse.
        case upstream(warehouse: String)
        /// Another image of images.yaml that we build: a new version of it triggers the rebuild.
        case managed(image: String)
        /// An external image of images.yaml, watched as that entry says.
        case external(image: String)
    }

    /// The reference as the Dockerfile (or `baseImages`) names it, normalized.
    package var reference: ImageReference
    package var origin: Origin

    package init(reference: ImageReference, origin: Origin) {
        self.reference = reference
        self.origin = origin
    }

    /// Whether the base is another image built here.
    package var isManaged: Bool {
        if case .managed = origin { return true }
        return false
    }

    /// The Warehouse whose Freight announces this base.
    package var warehouse: String {
        switch origin {
        case .upstream(let warehouse): warehouse
        case .managed(let image), .external(let image): image
        }
    }

    package static func < (lhs: BaseDependency, rhs: BaseDependency) -> Bool {
        (lhs.warehouse, lhs.reference.description) < (rhs.warehouse, rhs.reference.description)
    }
}

/// An upstream base image tag watched for new digests.
package struct UpstreamBase: Sendable, Hashable {
    /// Registry, repository and tag (no digest).
    package var reference: ImageReference
    package var warehouseName: String
    package var interval: Kargo.Duration?
    package var platform: String?
    /// Names of the images built on it, sorted.
    package var dependents: [String]

    package init(reference: ImageReference, warehouseName: String, interval: Kargo.Duration? = nil, platform: String? = nil, dependents: [String] = []) {
        self.reference = reference
        self.warehouseName = warehouseName
        self.interval = interval
        self.platform = platform
        self.dependents = dependents
    }
}
