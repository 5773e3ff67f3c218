import ImageFactoryManifests

/// The Warehouse of a managed image's sources: a git subscription on its build context (and its Dockerfile,
/// when that lives outside the context), so a change there reaches the image's analysis Stage.
///
/// Blobless clones keep Kargo's periodic look at a large monorepo cheap.
enum SourceWarehouse {
    /// `gitURL`: the source's ``SourceSpec/gitURL``, worked out once for all of the image's objects. `excluding`:
    /// files inside the watched paths whose changes are not the image's (see ``DeploymentFiles``).
    static func make(
        _ image: ImageSpec, source: SourceSpec, gitURL: String, defaults: ImageDefaults, project: String, excluding: [String] = []
    ) -> Kargo.Warehouse {
        Kargo.Warehouse(
            ObjectNames.sourceWarehouse(of: image.name), namespace: project, labels: FactoryLabels.labels(.source, image: image.name),
            interval: image.interval ?? defaults.interval ?? ImageDefaults.kargoInterval
        ) {
            Kargo.WarehouseSubscription.git(Kargo.GitSubscription(
                repoURL: gitURL, branch: source.branch, includePaths: watchedPaths(source), excludePaths: excluding, blobless: true))
        }
    }

    /// The build context, and the Dockerfile when it lives outside the context; nothing (the whole repository)
    /// when the context is the repository root.
    static func watchedPaths(_ source: SourceSpec) -> [String] {
        let context = source.effectiveContext
        guard context != "." else { return [] }
        let inside = source.dockerfile.hasPrefix(context + "/")
        return inside ? [context] : [context, source.dockerfile]
    }
}
