import ImageFactoryManifests

/// Labels on every generated object: who manages it, its role, the image it belongs to, and whether Kargo
/// promotes into it automatically (selected by the ProjectConfig's policy).
package enum FactoryLabels {
    package static let domain = "image-factory.io"
    package static let managedBy = "app.kubernetes.io/managed-by"
    package static let role = "\(domain)/role"
    package static let image = "\(domain)/image"
    package static let autoPromote = "\(domain)/auto-promote"
    /// On a rebuild gate: the Warehouse whose image it holds back.
    package static let gatedWarehouse = "\(domain)/gated-warehouse"
    /// Argo CD applies lower waves first: the Namespace and Project go before what lives in them.
    package static let syncWave = "argocd.argoproj.io/sync-wave"

    /// What an object is for.
    package enum Role: String, Sendable, CaseIterable {
        case project, baseImage = "base-image", image, source, analysis, rebuildTrigger = "rebuild-trigger", rebuildGate = "rebuild-gate"
        case environment, downstreamDispatch = "downstream-dispatch"
    }

    /// The labels of an object with `role` (and `image`, and whether Kargo promotes into it automatically).
    /// `extraCapacity`: room for labels the caller adds, so they are added without growing the storage.
    package static func labels(_ role: Role, image: String? = nil, autoPromote: Bool? = nil, extraCapacity: Int = 0) -> Kubernetes.Labels {
        // Built in key order: managed-by, auto-promote, image, role.
        var entries: [Kubernetes.Labels.Entry] = []
        // Exactly the room needed: these are kept for every object of the plan.
        entries.reserveCapacity(2 + (image == nil ? 0 : 1) + (autoPromote == nil ? 0 : 1) + extraCapacity)
        entries.append(Kubernetes.Labels.Entry(key: managedBy, value: "image-factory"))
        if let autoPromote { entries.append(Kubernetes.Labels.Entry(key: self.autoPromote, value: autoPromote ? "true" : "false")) }
        if let image { entries.append(Kubernetes.Labels.Entry(key: self.image, value: image)) }
        entries.append(Kubernetes.Labels.Entry(key: self.role, value: role.rawValue))
        return Kubernetes.Labels(sorted: entries)
    }
}
