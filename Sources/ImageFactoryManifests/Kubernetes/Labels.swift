import ImageFactoryYAML

extension Kubernetes {
    /// Kubernetes labels or annotations: string keys and values, kept sorted by key, which is the order they are
    /// written in (deterministic whatever order they were given in).
    ///
    /// Used like a `[String: String]` (a dictionary literal, `labels[key]`, `labels[key] = value`, iteration in key
    /// order), but held as one small sorted array: an object's handful of labels costs no hashing when it is built or
    /// looked up, no sorting when it is written, and less memory than a dictionary's table.
    public struct Labels: Sendable, Hashable, RandomAccessCollection, ExpressibleByDictionaryLiteral, YAMLRepresentable {
        /// One label.
        package struct Entry: Sendable, Hashable {
            package var key: String
            package var value: String

            package init(key: String, value: String) {
                self.key = key
                self.value = value
            }
        }

        /// Sorted by key (String's `<`), each key once (String's `==`).
        package private(set) var entries: [Entry]

        /// No labels.
        public init() { entries = [] }

        /// The labels of `dictionary`.
        public init(_ dictionary: [String: String]) {
            entries = dictionary.map { Entry(key: $0.key, value: $0.value) }
            entries.sort { $0.key < $1.key }
        }

        /// A later value for a key given twice wins, as a dictionary's subscript would have it.
        public init(dictionaryLiteral elements: (String, String)...) {
            entries = []
            // `[:]`, the default of every object's annotations, needs nothing more.
            guard !elements.isEmpty else { return }
            entries.reserveCapacity(elements.count)
            for (key, value) in elements { self[key] = value }
        }

        /// Labels from entries already sorted by key without duplicates (checked in debug builds).
        package init(sorted entries: [Entry]) {
            assert(zip(entries, entries.dropFirst()).allSatisfy { $0.key < $1.key }, "labels not sorted")
            self.entries = entries
        }

        /// The value of `key`, or nil; setting nil removes the label.
        public subscript(key: String) -> String? {
            get {
                // A handful of entries: a scan is cheaper than a search (and keys are mostly the same literals, which
                // compare equal at once).
                for entry in entries where entry.key == key { return entry.value }
                return nil
            }
            set {
                var index = entries.startIndex
                while index < entries.endIndex && entries[index].key < key { index += 1 }
                let found = index < entries.endIndex && entries[index].key == key
                switch (newValue, found) {
                case (let value?, true): entries[index].value = value
                case (let value?, false): entries.insert(Entry(key: key, value: value), at: index)
                case (nil, true): entries.remove(at: index)
                case (nil, false): break
                }
            }
        }

        /// The labels as a dictionary.
        public var dictionary: [String: String] {
            Dictionary(entries.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
        }

        // MARK: Collection

        public var startIndex: Int { entries.startIndex }
        public var endIndex: Int { entries.endIndex }
        public subscript(position: Int) -> (key: String, value: String) { (entries[position].key, entries[position].value) }

        // MARK: YAML

        public var yaml: YAMLValue { YAMLValue(writing: self) }

        /// A mapping of the labels in key order.
        public func write(to output: inout YAMLOutput) {
            output.mapping { output in
                for entry in entries {
                    output.key(entry.key)
                    output.string(entry.value)
                }
            }
        }
    }
}

extension YAMLOutput {
    /// An entry holding `labels` in key order, unless there are none.
    public mutating func set(_ key: String, nonEmpty labels: Kubernetes.Labels) {
        guard !labels.isEmpty else { return }
        self.key(key)
        labels.write(to: &self)
    }
}
