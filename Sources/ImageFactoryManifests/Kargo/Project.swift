import ImageFactoryYAML

extension Kargo {
    /// A Kargo Project (cluster-scoped; it has no spec in v1.11). Its name is also its Namespace.
    public struct Project: KubernetesObject {
        public var apiVersion: String { API.version }
        public var kind: String { "Project" }
        public var metadata: Kubernetes.ObjectMeta
        public var body: YAMLMapping { YAMLMapping() }
        public func writeBody(to output: inout YAMLOutput) {}

        public init(_ name: String, labels: Kubernetes.Labels = [:], annotations: Kubernetes.Labels = [:]) {
            metadata = Kubernetes.ObjectMeta(name: name, labels: labels, annotations: annotations)
        }
    }
}
