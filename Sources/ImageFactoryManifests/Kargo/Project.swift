import ImageFactoryYAML

/// A Kargo Project (cluster-scoped; it has no spec in v1.11). Its name is also its Namespace.
public struct Project: KubernetesObject {
    public var apiVersion: String { KargoAPI.version }
    public var kind: String { "Project" }
    public var metadata: ObjectMeta
    public var body: YAMLMapping { YAMLMapping() }
    public func writeBody(to output: inout YAMLOutput) {}

    public init(_ name: String, labels: Labels = [:], annotations: Labels = [:]) {
        metadata = ObjectMeta(name: name, labels: labels, annotations: annotations)
    }
}
