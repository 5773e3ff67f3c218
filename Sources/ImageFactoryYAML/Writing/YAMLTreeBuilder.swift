/// Builds a ``YAMLValue`` tree from the nodes a value writes into a ``YAMLOutput``: how a DSL value that
/// writes itself gets its ``YAMLRepresentable/yaml`` tree.
struct YAMLTreeBuilder {
    /// A mapping or sequence being built.
    private struct Collection {
        var isMapping: Bool
        var entries: [YAMLMapping.Entry] = []
        var items: [YAMLValue] = []
        /// The key of a mapping's next entry.
        var key: String?
    }

    /// The collections being built, innermost last.
    private var open: [Collection] = []
    /// The first node written outside every collection.
    private(set) var root: YAMLValue?

    mutating func beginMapping() {
        open.append(Collection(isMapping: true))
    }

    mutating func beginSequence() {
        open.append(Collection(isMapping: false))
    }

    /// Ends the innermost collection, which becomes a node of the one around it.
    mutating func end() {
        guard let collection = open.popLast() else { return }
        add(collection.isMapping ? .mapping(YAMLMapping(entries: collection.entries)) : .sequence(collection.items))
    }

    mutating func key(_ key: String) {
        guard !open.isEmpty else { return }
        open[open.count - 1].key = key
    }

    /// Adds a node: the next item of a sequence, the value of a mapping's pending key, or the root.
    mutating func add(_ value: YAMLValue) {
        let last = open.count - 1
        guard last >= 0 else {
            if root == nil { root = value }
            return
        }
        if !open[last].isMapping {
            open[last].items.append(value)
        } else if let key = open[last].key {
            open[last].entries.append(YAMLMapping.Entry(key: key, value: value))
            open[last].key = nil
        }
    }
}
