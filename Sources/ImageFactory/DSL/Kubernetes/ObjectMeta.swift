/// Kubernetes object metadata. Labels and annotations are emitted with sorted keys.
public struct ObjectMeta: Sendable, Hashable, YAMLRepresentable {
    public var name: String
    public var namespace: String?
    public var labels: [String: String]
    public var annotations: [String: String]

    public init(name: String, namespace: String? = nil, labels: [String: String] = [:], annotations: [String: String] = [:]) {
        self.name = name
        self.namespace = namespace
        self.labels = labels
        self.annotations = annotations
    }

    public var yaml: YAMLValue {
        var mapping = YAMLMapping()
        mapping.set("name", name)
        mapping.set("namespace", namespace)
        if !labels.isEmpty { mapping.set("labels", YAMLValue.sortedStrings(labels)) }
        if !annotations.isEmpty { mapping.set("annotations", YAMLValue.sortedStrings(annotations)) }
        return .mapping(mapping)
    }
}
