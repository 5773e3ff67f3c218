/// Where a value writes itself as YAML, node by node (see ``YAMLRepresentable/write(to:)``): straight into the
/// bytes of a file, without building a ``YAMLValue`` tree first, or into a tree (which is how the DSL's types
/// build their ``YAMLRepresentable/yaml``).
///
/// A node is a scalar (``string(_:)``, ``int(_:)``, ``bool(_:)``), a ``mapping(_:)`` or a ``sequence(_:)``. In a
/// mapping, every node follows its ``key(_:)``; the `set` methods write a key and its value in one go, and leave
/// out unset (nil) and empty values as ``YAMLMapping``'s do.
///
/// ```swift
/// public func write(to output: inout YAMLOutput) {
///     output.mapping { output in
///         output.set("name", name)
///         output.set("tags", nonEmpty: tags)
///     }
/// }
/// ```
public struct YAMLOutput: ~Copyable {
    /// Where bytes go; unused while ``tree`` is set.
    var writer: YAMLWriter
    /// Set when building a tree instead of bytes.
    private var tree: YAMLTreeBuilder?

    /// Output that writes YAML bytes.
    private init() {
        writer = YAMLWriter()
    }

    /// Output that builds a tree (see ``tree(_:)``).
    private init(buildingTree: ()) {
        writer = YAMLWriter(capacity: 0)
        tree = YAMLTreeBuilder()
    }

    /// The tree `body` writes (an empty mapping if it writes nothing).
    package static func tree(_ body: (inout YAMLOutput) -> Void) -> YAMLValue {
        var output = YAMLOutput(buildingTree: ())
        body(&output)
        return output.tree?.root ?? .mapping(YAMLMapping())
    }

    /// Appends a YAML stream to `buffer`: the documents `body` writes with ``document(_:)``.
    package static func stream(into buffer: inout [UInt8], _ body: (inout YAMLOutput) -> Void) {
        var output = YAMLOutput()
        body(&output)
        output.writer.finish()
        output.writer.appendBytes(to: &buffer)
    }

    /// A document of the stream holding `value` (documents after the first start with a `---` line).
    package mutating func document<Value: YAMLRepresentable>(_ value: Value) {
        writer.beginDocument()
        value.write(to: &self)
        writer.endDocument()
    }

    // MARK: Nodes

    public mutating func string(_ text: String) {
        if tree == nil { writer.string(text) } else { tree?.add(.string(text)) }
    }

    public mutating func int(_ number: Int) {
        if tree == nil { writer.int(number) } else { tree?.add(.int(number)) }
    }

    public mutating func bool(_ flag: Bool) {
        if tree == nil { writer.bool(flag) } else { tree?.add(.bool(flag)) }
    }

    /// A tree, as one node.
    public mutating func value(_ value: YAMLValue) {
        if tree == nil { writer.value(value) } else { tree?.add(value) }
    }

    /// A comment after the scalar just written, on its line (` # text`); not part of a tree.
    package mutating func comment(_ text: String) {
        if tree == nil { writer.comment(text) }
    }

    /// A value, as one node.
    @inlinable public mutating func value<Value: YAMLRepresentable>(_ value: Value) {
        value.write(to: &self)
    }

    /// A mapping whose entries `body` writes (``key(_:)`` and a node for each, or the `set` methods).
    @inlinable public mutating func mapping(_ body: (inout YAMLOutput) -> Void) {
        beginMapping()
        body(&self)
        endMapping()
    }

    /// A sequence whose items `body` writes, one node each.
    @inlinable public mutating func sequence(_ body: (inout YAMLOutput) -> Void) {
        beginSequence()
        body(&self)
        endSequence()
    }

    // The ends of ``mapping(_:)`` and ``sequence(_:)``, which are inlinable so that other modules inline their
    // closures; these stay calls.

    @usableFromInline mutating func beginMapping() {
        if tree == nil { writer.beginMapping() } else { tree?.beginMapping() }
    }

    @usableFromInline mutating func endMapping() {
        if tree == nil { writer.endMapping() } else { tree?.end() }
    }

    @usableFromInline mutating func beginSequence() {
        if tree == nil { writer.beginSequence() } else { tree?.beginSequence() }
    }

    @usableFromInline mutating func endSequence() {
        if tree == nil { writer.endSequence() } else { tree?.end() }
    }

    /// A sequence of `values`.
    @inlinable public mutating func sequence<Value: YAMLRepresentable>(_ values: [Value]) {
        sequence { output in
            for value in values { value.write(to: &output) }
        }
    }

    /// The key of the next entry of the mapping being written; the next node is its value.
    public mutating func key(_ key: String) {
        if tree == nil { writer.key(key) } else { tree?.key(key) }
    }

    // MARK: Entries

    /// An entry.
    @inlinable public mutating func set<Value: YAMLRepresentable>(_ key: String, _ value: Value) {
        self.key(key)
        value.write(to: &self)
    }

    /// An entry, unless `value` is nil.
    @inlinable public mutating func set<Value: YAMLRepresentable>(_ key: String, _ value: Value?) {
        guard let value else { return }
        self.key(key)
        value.write(to: &self)
    }

    /// An entry, unless `values` is empty.
    @inlinable public mutating func set<Value: YAMLRepresentable>(_ key: String, nonEmpty values: [Value]) {
        guard !values.isEmpty else { return }
        self.key(key)
        sequence(values)
    }

    /// An entry holding a mapping of `strings` with keys sorted (deterministic whatever order they were given
    /// in), unless `strings` is empty.
    public mutating func set(_ key: String, sorted strings: [String: String]) {
        guard !strings.isEmpty else { return }
        self.key(key)
        // Sorted as structs rather than the dictionary's (key, value) tuples, which are destroyed through the
        // runtime's generic tuple witness.
        var entries = strings.map { SortedEntry(key: $0.key, value: $0.value) }
        entries.sort { $0.key < $1.key }
        mapping { output in
            for entry in entries {
                output.key(entry.key)
                output.string(entry.value)
            }
        }
    }

    /// An entry of ``set(_:sorted:)``.
    private struct SortedEntry {
        var key: String
        var value: String
    }

    /// An entry holding the mapping `body` writes.
    @inlinable public mutating func set(_ key: String, mapping body: (inout YAMLOutput) -> Void) {
        self.key(key)
        mapping(body)
    }
}
