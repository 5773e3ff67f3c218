import ImageFactoryManifests

/// The Warehouse of an upstream base image tag: `Digest` strategy on the tag, so a republished tag (same name,
/// new digest) produces Freight. One per repository and tag, because Kargo rejects two subscriptions to the same
/// repository in one Warehouse.
enum BaseImageWarehouse {
    static func make(_ base: UpstreamBase, project: String) -> Kargo.Warehouse {
        Kargo.Warehouse(base.warehouseName, namespace: project, labels: FactoryLabels.labels(.baseImage), interval: base.interval ?? ImageDefaults.kargoInterval) {
            Kargo.WarehouseSubscription.image(.digest(of: base.reference.repositoryURL, tag: base.reference.tag ?? "latest", platform: base.platform))
        }
    }
}
