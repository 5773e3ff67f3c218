/// A YAML document tree: what every DSL value turns into before Yams emits it.
///
/// Mappings keep their keys in the order they were added, which is how the DSL puts `apiVersion`, `kind`,
/// `metadata` and `spec` first.
public enum YAMLValue: Sendable, Hashable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case sequence([YAMLValue])
    case mapping(YAMLMapping)
}

/// An ordered YAML mapping with string keys.
public struct YAMLMapping: Sendable, Hashable, ExpressibleByDictionaryLiteral {
    public struct Entry: Sendable, Hashable {
        public var key: String
        public var value: YAMLValue
    }

    public private(set) var entries: [Entry] = []

    public init() {}

    public init(dictionaryLiteral elements: (String, YAMLValue)...) {
        entries = elements.map { Entry(key: $0.0, value: $0.1) }
    }

    package init(entries: [Entry]) {
        self.entries = entries
    }

    public var isEmpty: Bool { entries.isEmpty }

    /// The value of `key`, or nil.
    public subscript(key: String) -> YAMLValue? {
        entries.first { $0.key == key }?.value
    }

    /// Appends `key` unless `value` is nil: unset fields are not emitted.
    public mutating func set(_ key: String, _ value: (any YAMLRepresentable)?) {
        guard let value else { return }
        entries.append(Entry(key: key, value: value.yaml))
    }

    /// Appends `key` unless `value` is nil; for a value of a known type, without boxing it in an existential
    /// (these trees are built for every object of every run).
    public mutating func set<Value: YAMLRepresentable>(_ key: String, _ value: Value?) {
        guard let value else { return }
        entries.append(Entry(key: key, value: value.yaml))
    }

    /// Appends `key` unless `values` is nil or empty.
    public mutating func set(_ key: String, nonEmpty values: [any YAMLRepresentable]?) {
        guard let values, !values.isEmpty else { return }
        entries.append(Entry(key: key, value: .sequence(values.map { $0.yaml })))
    }

    /// Appends `key` unless `values` is nil or empty; for values of one known type, without casting the array to
    /// existentials.
    public mutating func set<Value: YAMLRepresentable>(_ key: String, nonEmpty values: [Value]?) {
        guard let values, !values.isEmpty else { return }
        entries.append(Entry(key: key, value: .sequence(values.map { $0.yaml })))
    }

    /// Appends `key` unless `mapping` is nil or empty.
    public mutating func set(_ key: String, nonEmpty mapping: YAMLMapping?) {
        guard let mapping, !mapping.isEmpty else { return }
        entries.append(Entry(key: key, value: .mapping(mapping)))
    }
}

/// A value that has a YAML form. Every DSL type conforms.
///
/// A conforming type gives its ``yaml`` tree; it may also write itself into a ``YAMLOutput`` node by node
/// (``write(to:)``), which is how the DSL's own types are written into files without building trees (their
/// ``yaml`` is what they write).
public protocol YAMLRepresentable: Sendable {
    var yaml: YAMLValue { get }
    /// Writes the value as one node. By default, its ``yaml`` tree.
    func write(to output: inout YAMLOutput)
}

extension YAMLRepresentable {
    public func write(to output: inout YAMLOutput) {
        output.value(yaml)
    }
}

extension YAMLValue {
    /// The tree `value` writes into a ``YAMLOutput`` (for a type whose ``YAMLRepresentable/yaml`` is what its
    /// ``YAMLRepresentable/write(to:)`` writes).
    package init(writing value: some YAMLRepresentable) {
        self = YAMLOutput.tree { value.write(to: &$0) }
    }
}

extension YAMLMapping {
    /// The mapping whose entries `body` writes.
    package init(writingEntries body: (inout YAMLOutput) -> Void) {
        guard case .mapping(let mapping) = YAMLOutput.tree({ $0.mapping(body) }) else {
            self.init()
            return
        }
        self = mapping
    }
}

extension YAMLValue: YAMLRepresentable {
    public var yaml: YAMLValue { self }
    public func write(to output: inout YAMLOutput) { output.value(self) }
}

extension YAMLMapping: YAMLRepresentable {
    public var yaml: YAMLValue { .mapping(self) }
    public func write(to output: inout YAMLOutput) { output.value(.mapping(self)) }
}

extension String: YAMLRepresentable {
    @inlinable public var yaml: YAMLValue { .string(self) }
    @inlinable public func write(to output: inout YAMLOutput) { output.string(self) }
}

extension Int: YAMLRepresentable {
    @inlinable public var yaml: YAMLValue { .int(self) }
    @inlinable public func write(to output: inout YAMLOutput) { output.int(self) }
}

extension Bool: YAMLRepresentable {
    @inlinable public var yaml: YAMLValue { .bool(self) }
    @inlinable public func write(to output: inout YAMLOutput) { output.bool(self) }
}

extension Array: YAMLRepresentable where Element: YAMLRepresentable {
    public var yaml: YAMLValue { .sequence(map { $0.yaml }) }
    @inlinable public func write(to output: inout YAMLOutput) { output.sequence(self) }
}

extension YAMLValue: ExpressibleByStringLiteral, ExpressibleByStringInterpolation, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(stringInterpolation: DefaultStringInterpolation) { self = .string(String(stringInterpolation: stringInterpolation)) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: YAMLValue...) { self = .sequence(elements) }
    public init(dictionaryLiteral elements: (String, YAMLValue)...) {
        self = .mapping(YAMLMapping(entries: elements.map { YAMLMapping.Entry(key: $0.0, value: $0.1) }))
    }
}

extension YAMLValue {
    /// A mapping of string values with keys sorted, e.g. labels: deterministic whatever order they were given in.
    public static func sortedStrings(_ dictionary: [String: String]) -> YAMLValue {
        .mapping(YAMLMapping(entries: dictionary.sorted { $0.key < $1.key }.map { YAMLMapping.Entry(key: $0.key, value: .string($0.value)) }))
    }
}
