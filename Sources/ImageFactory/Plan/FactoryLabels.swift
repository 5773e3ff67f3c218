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
    public enum Role: String, Sendable {
        case project, baseImage = "base-image", image, source, analysis, rebuildTrigger = "rebuild-trigger", rebuildGate = "rebuild-gate"
        case environment, downstreamDispatch = "downstream-dispatch"
    }

    /// `extraCapacity`: room for labels the caller adds, so the dictionary is not grown (and copied) for them.
    public static func labels(_ role: Role, image: String? = nil, autoPromote: Bool? = nil, extraCapacity: Int = 0) -> [String: String] {
        var labels: [String: String] = Dictionary(minimumCapacity: 2 + (image == nil ? 0 : 1) + (autoPromote == nil ? 0 : 1) + extraCapacity)
        labels[managedBy] = "image-factory"
        labels[self.role] = role.rawValue
        if let image { labels[self.image] = image }
        if let autoPromote { labels[self.autoPromote] = autoPromote ? "true" : "false" }
        return labels
    }
}
