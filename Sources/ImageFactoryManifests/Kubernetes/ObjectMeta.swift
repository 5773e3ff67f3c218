import ImageFactoryYAML

extension Kubernetes {
    /// Kubernetes object metadata. Labels and annotations are emitted with sorted keys.
    public struct ObjectMeta: Sendable, Hashable, YAMLRepresentable {
        public var name: String
        public var namespace: String?
        public var labels: Labels
        public var annotations: Labels

        public init(name: String, namespace: String? = nil, labels: Labels = [:], annotations: Labels = [:]) {
            self.name = name
            self.namespace = namespace
            self.labels = labels
            self.annotations = annotations
        }

        public var yaml: YAMLValue { YAMLValue(writing: self) }

        public func write(to output: inout YAMLOutput) {
            output.mapping { output in
                output.set("name", name)
                output.set("namespace", namespace)
                output.set("labels", nonEmpty: labels)
                output.set("annotations", nonEmpty: annotations)
            }
        }
    }
}
