/// Where each field of an image entry was written, by field path (`name`, `source.dockerfile`, …; `""` for the
/// entry itself). Used like a `[String: InputLocation]`, but kept as a short list: an entry has a dozen fields,
/// and a list is cheaper to build for thousands of images than a hash table that is asked a few times.
package struct FieldLocations: Sendable, Hashable, ExpressibleByDictionaryLiteral {
    private struct Entry: Sendable, Hashable {
        var path: String
        var location: InputLocation
    }

    private var entries: [Entry] = []

    package init() {}

    /// Room for `capacity` fields.
    init(capacity: Int) {
        entries.reserveCapacity(capacity)
    }

    mutating func reserveCapacity(_ capacity: Int) {
        entries.reserveCapacity(capacity)
    }

    package init(_ locations: [String: InputLocation]) {
        entries = locations.map { Entry(path: $0.key, location: $0.value) }
    }

    package init(dictionaryLiteral elements: (String, InputLocation)...) {
        for (path, location) in elements { self[path] = location }
    }

    /// The location of the field at `path`; setting nil removes it.
    package subscript(path: String) -> InputLocation? {
        get {
            for entry in entries where entry.path == path { return entry.location }
            return nil
        }
        set {
            if let index = entries.firstIndex(where: { $0.path == path }) {
                if let newValue { entries[index].location = newValue } else { entries.remove(at: index) }
            } else if let newValue {
                entries.append(Entry(path: path, location: newValue))
            }
        }
    }

    /// Adds the location of a field whose path is not yet listed (nil adds nothing).
    mutating func add(_ path: String, _ location: InputLocation?) {
        guard let location else { return }
        entries.append(Entry(path: path, location: location))
    }

    package var count: Int { entries.count }

    /// Every path and its location, as a dictionary.
    package var dictionary: [String: InputLocation] {
        Dictionary(entries.map { ($0.path, $0.location) }, uniquingKeysWith: { _, last in last })
    }

    /// The same paths at the same locations, in any order.
    package static func == (lhs: FieldLocations, rhs: FieldLocations) -> Bool {
        lhs.count == rhs.count && lhs.entries.allSatisfy { rhs[$0.path] == $0.location }
    }

    package func hash(into hasher: inout Hasher) {
        // Independent of the order, as `==` is.
        hasher.combine(entries.reduce(0) { $0 &+ $1.hashValue })
    }
}
