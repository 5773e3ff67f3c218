import ImageFactoryManifests

/// Labels on every generated object: who manages it, its role, the image it belongs to, and whether Kargo
/// promotes into it automatically (selected by the ProjectConfig's policy).
public enum FactoryLabels {
    public static let domain = "image-factory.io"
    public static let managedBy = "app.kubernetes.io/managed-by"
    public static let role = "\(domain)/role"
    public static let image = "\(domain)/image"
    public static let autoPromote = "\(domain)/auto-promote"
    /// On a rebuild gate: the Warehouse whose image it holds back.
    public static let gatedWarehouse = "\(domain)/gated-warehouse"
    /// Argo CD applies lower waves first: the Namespace and Project go before what lives in them.
    public static let syncWave = "argocd.argoproj.io/sync-wave"

    /// What an object is for.
    public enum Role: String, Sendable, CaseIterable {
        case project, baseImage = "base-image", image, source, analysis, rebuildTrigger = "rebuild-trigger", rebuildGate = "rebuild-gate"
        case environment, downstreamDispatch = "downstream-dispatch"
    }

    /// The labels of an object with `role` (and `image`, and whether Kargo promotes into it automatically).
    /// `extraCapacity`: room for labels the caller adds, so they are added without growing the storage.
    public static func labels(_ role: Role, image: String? = nil, autoPromote: Bool? = nil, extraCapacity: Int = 0) -> Labels {
        // Built in key order: managed-by, auto-promote, image, role.
        var entries: [Labels.Entry] = []
        // Exactly the room needed: these are kept for every object of the plan.
        entries.reserveCapacity(2 + (image == nil ? 0 : 1) + (autoPromote == nil ? 0 : 1) + extraCapacity)
        entries.append(Labels.Entry(key: managedBy, value: "image-factory"))
        if let autoPromote { entries.append(Labels.Entry(key: self.autoPromote, value: autoPromote ? "true" : "false")) }
        if let image { entries.append(Labels.Entry(key: self.image, value: image)) }
        entries.append(Labels.Entry(key: self.role, value: role.rawValue))
        return Labels(sorted: entries)
    }
}
