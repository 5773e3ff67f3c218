import ImageFactoryManifests

/// The Warehouse of an image in images.yaml: its tags only.
///
/// A managed image is watched for new release tags (SemVer, `v` prefix allowed); its sources are watched by a
/// ``SourceWarehouse`` of their own, because Kargo makes new Freight whenever any subscription of a Warehouse
/// changes: with the git subscription here, every commit would count as a new version of the image and trigger
/// rebuilds of the images built on it. An external image is watched as its entry says: a tag's digest, or new
/// versions.
enum ImageWarehouse {
    /// Release tags `1.2.3` / `v1.2.3`: without a filter, tags such as `v20251121-1a2b3c4d` would parse as
    /// versions and win.
    static let releaseTagPattern = #"^v?[0-9]+\.[0-9]+\.[0-9]+$"#

    static func make(_ image: ImageSpec, defaults: ImageDefaults, project: String) -> Kargo.Warehouse {
        Kargo.Warehouse(
            image.name, namespace: project, labels: FactoryLabels.labels(.image, image: image.name),
            interval: image.interval ?? defaults.interval ?? ImageDefaults.kargoInterval
        ) {
            Kargo.WarehouseSubscription.image(imageSubscription(image, defaults: defaults))
        }
    }

    static func imageSubscription(_ image: ImageSpec, defaults: ImageDefaults) -> Kargo.ImageSubscription {
        let discoveryLimit = image.discoveryLimit ?? defaults.discoveryLimit
        if let tag = image.tag {
            return .digest(of: image.repositoryURL, tag: tag, platform: image.platform, discoveryLimit: discoveryLimit)
        }
        let strategy = image.strategy ?? .semVer
        var allowTags = image.allowTags
        if allowTags.isEmpty, image.isManaged, strategy == .semVer, image.constraint == nil { allowTags = [releaseTagPattern] }
        return Kargo.ImageSubscription(
            repoURL: image.repositoryURL, strategy: strategy, constraint: image.constraint,
            strictSemvers: strategy == .semVer ? (image.strictSemvers ?? false) : nil,
            allowTagsRegexes: allowTags, ignoreTagsRegexes: image.ignoreTags, platform: image.platform, discoveryLimit: discoveryLimit)
    }
}
