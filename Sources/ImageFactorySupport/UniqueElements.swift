/// Distinct elements in the order they were first inserted.
///
/// While there are few, a new element is looked for among them, which is cheaper than hashing it; past
/// `linearLimit` a set takes over, so thousands of elements (a hostile Dockerfile's stages) stay linear.
@usableFromInline
package struct UniqueElements<Element: Hashable> {
    @usableFromInline static var linearLimit: Int { 8 }

    /// The elements, in the order they were first inserted.
    package var elements: [Element] { storage }
    @usableFromInline var storage: [Element] = []
    @usableFromInline var seen: Set<Element> = []

    package init() {}

    /// Whether `element` was inserted.
    @inlinable
    package func contains(_ element: Element) -> Bool {
        seen.isEmpty ? storage.contains(element) : seen.contains(element)
    }

    /// Appends `element` unless it is already there; returns whether it was appended.
    @inlinable @discardableResult
    package mutating func insert(_ element: Element) -> Bool {
        if storage.count < Self.linearLimit {
            if storage.contains(element) { return false }
        } else {
            if seen.isEmpty { seen = Set(storage) }
            if !seen.insert(element).inserted { return false }
        }
        storage.append(element)
        return true
    }
}
