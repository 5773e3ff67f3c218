import ImageFactoryManifests
import ImageFactoryDockerfile

/// An upstream base image declared in `baseImages:`: a tag whose digest is watched.
package struct BaseImageSpec: Sendable, Hashable {
    package var reference: ImageReference
    /// The Warehouse name; derived from the reference when absent.
    package var name: String?
    package var interval: Kargo.Duration?
    package var platform: String?
    package var location: InputLocation?

    package init(reference: ImageReference, name: String? = nil, interval: Kargo.Duration? = nil, platform: String? = nil, location: InputLocation? = nil) {
        self.reference = reference
        self.name = name
        self.interval = interval
        self.platform = platform
        self.location = location
    }
}
