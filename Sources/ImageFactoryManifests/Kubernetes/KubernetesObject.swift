import ImageFactoryYAML

/// A Kubernetes object the factory can render: `apiVersion`, `kind`, `metadata`, then its own fields.
public protocol KubernetesObject: YAMLRepresentable {
    var apiVersion: String { get }
    var kind: String { get }
    var metadata: Kubernetes.ObjectMeta { get set }
    /// The fields after `metadata`, in the order they are emitted (usually just `spec`).
    var body: YAMLMapping { get }
    /// Writes the fields after `metadata` as entries of the object's mapping. By default, the entries of
    /// ``body``.
    func writeBody(to output: inout YAMLOutput)
}

extension KubernetesObject {
    public func writeBody(to output: inout YAMLOutput) {
        for entry in body.entries { output.set(entry.key, entry.value) }
    }

    public func write(to output: inout YAMLOutput) {
        output.mapping { output in
            output.set("apiVersion", apiVersion)
            output.set("kind", kind)
            output.set("metadata", metadata)
            writeBody(to: &output)
        }
    }

    public var yaml: YAMLValue { YAMLValue(writing: self) }

    /// `Kind/namespace/name`, unique within one output.
    public var objectID: String { "\(kind)/\(metadata.namespace ?? "")/\(metadata.name)" }
}

/// `objects` as YAML documents separated by `---` lines (for `kubectl apply -f -`): each object writes itself
/// straight into the text, without building a tree.
public func yamlDocuments(_ objects: [any KubernetesObject]) -> String {
    var bytes: [UInt8] = []
    writeYAMLDocuments(objects, into: &bytes)
    return String(decoding: bytes, as: UTF8.self)
}

/// Appends ``yamlDocuments(_:)`` as UTF-8 to `buffer`.
package func writeYAMLDocuments(_ objects: [any KubernetesObject], into buffer: inout [UInt8]) {
    YAMLOutput.stream(into: &buffer) { output in
        for object in objects { output.document(object) }
    }
}

extension Kubernetes {
    /// A Kubernetes object given as a plain YAML tree, for kinds the DSL has no type for.
    public struct GenericObject: KubernetesObject {
        public var apiVersion: String
        public var kind: String
        public var metadata: ObjectMeta
        public var body: YAMLMapping

        public init(apiVersion: String, kind: String, metadata: ObjectMeta, body: YAMLMapping = YAMLMapping()) {
            self.apiVersion = apiVersion
            self.kind = kind
            self.metadata = metadata
            self.body = body
        }
    }
}
