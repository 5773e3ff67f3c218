import ImageFactoryManifests

/// The Warehouse of an environment that takes its own tags: the image's repository, filtered to the
/// environment's tag pattern. Environments that come `after` another take that one's Freight instead.
enum EnvironmentWarehouse {
    static func make(name: String, image: ImageSpec, environment: EnvironmentSpec, tags: String, defaults: ImageDefaults, project: String) -> Kargo.Warehouse {
        let strategy = environment.strategy ?? .newestBuild
        return Kargo.Warehouse(
            name, namespace: project, labels: EnvironmentStage.labels(image: image.name, environment: environment.name),
            interval: image.interval ?? defaults.interval ?? ImageDefaults.kargoInterval
        ) {
            Kargo.WarehouseSubscription.image(Kargo.ImageSubscription(
                repoURL: image.repositoryURL, strategy: strategy, strictSemvers: strategy == .semVer ? false : nil,
                allowTagsRegexes: [tags], platform: image.platform, discoveryLimit: image.discoveryLimit ?? defaults.discoveryLimit))
        }
    }
}
