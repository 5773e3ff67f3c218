import ImageFactoryManifests

/// An upstream base image declared in `baseImages:`: a tag whose digest is watched.
public struct BaseImageSpec: Sendable, Hashable {
    public var reference: ImageReference
    /// The Warehouse name; derived from the reference when absent.
    public var name: String?
    public var interval: KargoDuration?
    public var platform: String?
    public var location: InputLocation?

    public init(reference: ImageReference, name: String? = nil, interval: KargoDuration? = nil, platform: String? = nil, location: InputLocation? = nil) {
        self.reference = reference
        self.name = name
        self.interval = interval
        self.platform = platform
        self.location = location
    }
}
