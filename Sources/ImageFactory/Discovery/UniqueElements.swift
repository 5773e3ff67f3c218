/// Distinct elements in the order they were first inserted.
///
/// While there are few, a new element is looked for among them, which is cheaper than hashing it; past
/// `linearLimit` a set takes over, so thousands of elements (a hostile Dockerfile's stages) stay linear.
struct UniqueElements<Element: Hashable> {
    private static var linearLimit: Int { 8 }

    private(set) var elements: [Element] = []
    private var seen: Set<Element> = []

    /// Whether `element` was inserted.
    func contains(_ element: Element) -> Bool {
        seen.isEmpty ? elements.contains(element) : seen.contains(element)
    }

    /// Appends `element` unless it is already there; returns whether it was appended.
    @discardableResult
    mutating func insert(_ element: Element) -> Bool {
        if elements.count < Self.linearLimit {
            if elements.contains(element) { return false }
        } else {
            if seen.isEmpty { seen = Set(elements) }
            if !seen.insert(element).inserted { return false }
        }
        elements.append(element)
        return true
    }
}
