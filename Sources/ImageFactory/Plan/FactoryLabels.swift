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

    /// `extraCapacity`: room for labels the caller adds, so the dictionary is not grown (and copied) for them.
    public static func labels(_ role: Role, image: String? = nil, autoPromote: Bool? = nil, extraCapacity: Int = 0) -> [String: String] {
        let capacity = 2 + (image == nil ? 0 : 1) + (autoPromote == nil ? 0 : 1) + extraCapacity
        var labels = commonLabels(role, autoPromote: autoPromote, capacity: capacity)
        if let image { labels[self.image] = image }
        return labels
    }

    /// The labels besides the image, in a dictionary with room for `capacity` labels.
    private static func makeCommonLabels(_ role: Role, autoPromote: Bool?, capacity: Int) -> [String: String] {
        var labels: [String: String] = Dictionary(minimumCapacity: capacity)
        labels[managedBy] = "image-factory"
        labels[self.role] = role.rawValue
        if let autoPromote { labels[self.autoPromote] = autoPromote ? "true" : "false" }
        return labels
    }

    /// ``makeCommonLabels(_:autoPromote:capacity:)``, as a copy of one made once: a dictionary's copy keeps its
    /// layout, so only the image's label is hashed again, not all of them for every object.
    private static func commonLabels(_ role: Role, autoPromote: Bool?, capacity: Int) -> [String: String] {
        guard commonCapacities.contains(capacity), let roleIndex = Role.allCases.firstIndex(of: role) else {
            return makeCommonLabels(role, autoPromote: autoPromote, capacity: capacity)
        }
        let autoPromoteIndex = autoPromote.map { $0 ? 2 : 1 } ?? 0
        return madeCommonLabels[(roleIndex * 3 + autoPromoteIndex) * commonCapacities.count + capacity - commonCapacities.lowerBound]
    }

    private static let commonCapacities = 2...5
    /// By role, then `autoPromote` (nil, false, true), then capacity.
    private static let madeCommonLabels: [[String: String]] = Role.allCases.flatMap { role in
        [nil, false, true].flatMap { autoPromote in
            commonCapacities.map { makeCommonLabels(role, autoPromote: autoPromote, capacity: $0) }
        }
    }
}
