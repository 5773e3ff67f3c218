import ImageFactoryYAML

extension Kubernetes {
    /// A `v1` Namespace.
    public struct Namespace: KubernetesObject {
        public var apiVersion: String { "v1" }
        public var kind: String { "Namespace" }
        public var metadata: ObjectMeta
        public var body: YAMLMapping { YAMLMapping() }
        public func writeBody(to output: inout YAMLOutput) {}

        public init(_ name: String, labels: Labels = [:], annotations: Labels = [:]) {
            metadata = ObjectMeta(name: name, labels: labels, annotations: annotations)
        }
    }
}
