/// Collects the elements of a DSL block: `if`, `if/else`, `for` and optional elements all work. Its methods are
/// inlinable, so a block in another module is specialized for its element type rather than built generically.
///
/// The block's elements are appended one by one to a single array (``buildPartialBlock(first:)``,
/// ``buildPartialBlock(accumulated:next:)``): a lone element is not wrapped in an array of its own first.
@resultBuilder
public enum ListBuilder<Element> {
    /// What one statement of a block contributes: an element, none, or several.
    public enum Part {
        case one(Element)
        case many([Element])
    }

    @inlinable public static func buildExpression(_ element: Element) -> Part { .one(element) }
    @inlinable public static func buildExpression(_ element: Element?) -> Part { element.map(Part.one) ?? .many([]) }
    @inlinable public static func buildExpression(_ elements: [Element]) -> Part { .many(elements) }

    @inlinable public static func buildPartialBlock(first: Part) -> [Element] {
        switch first {
        case .one(let element): [element]
        case .many(let elements): elements
        }
    }

    @inlinable public static func buildPartialBlock(accumulated: consuming [Element], next: Part) -> [Element] {
        var elements = accumulated
        switch next {
        case .one(let element): elements.append(element)
        case .many(let more): elements.append(contentsOf: more)
        }
        return elements
    }

    /// An empty block.
    @inlinable public static func buildBlock() -> [Element] { [] }
    @inlinable public static func buildOptional(_ part: [Element]?) -> Part { .many(part ?? []) }
    @inlinable public static func buildEither(first part: [Element]) -> Part { .many(part) }
    @inlinable public static func buildEither(second part: [Element]) -> Part { .many(part) }
    @inlinable public static func buildArray(_ parts: [[Element]]) -> Part { .many(parts.flatMap { $0 }) }
    @inlinable public static func buildLimitedAvailability(_ part: [Element]) -> Part { .many(part) }
}
