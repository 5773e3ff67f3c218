import Yams

/// Builds Yams nodes with one shared tag per kind: a `Tag` made with Yams' default arguments builds a whole
/// `Constructor` each time, which cost more than emitting. Used by ``YAMLEmitter/emitWithYams(documents:)``.
struct YamsNodeBuilder {
    let string: Tag
    let int: Tag
    let bool: Tag
    let sequence: Tag
    let mapping: Tag

    init() {
        let constructor = Constructor.default
        let resolver = Resolver.basic
        string = Tag(.str, resolver, constructor)
        int = Tag(.int, resolver, constructor)
        bool = Tag(.bool, resolver, constructor)
        sequence = Tag(.seq, resolver, constructor)
        mapping = Tag(.map, resolver, constructor)
    }

    func node(_ value: YAMLValue) -> Node {
        switch value {
        case .string(let text):
            return .scalar(.init(text, string, YAMLEmitter.style(for: text)))
        case .int(let number):
            return .scalar(.init(String(number), int, .plain))
        case .bool(let flag):
            return .scalar(.init(flag ? "true" : "false", bool, .plain))
        case .sequence(let items):
            return .sequence(.init(items.map(node), sequence, .block))
        case .mapping(let entries):
            return .mapping(.init(entries.entries.map { (.scalar(.init($0.key, string, YAMLEmitter.style(for: $0.key))), node($0.value)) }, mapping, .block))
        }
    }
}
