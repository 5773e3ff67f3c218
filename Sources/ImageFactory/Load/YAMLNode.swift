/// A node of images.yaml as ``YAMLDocumentReader`` composes it: what the decoder reads of Yams' `Node` — scalar
/// text and style, lists, mappings in file order, and where each node starts — without Yams' per-node tags and
/// anchors. An alias is the node its anchor names, shared (its lists and mappings are not copied).
enum YAMLNode: Sendable {
    case scalar(Scalar)
    case sequence(Sequence)
    case mapping(Mapping)

    /// Where a node starts, 1-based, as Yams' `Mark` reports it: libyaml's mark plus one, the column counting
    /// Unicode scalars.
    struct Mark: Hashable, Sendable {
        var line: Int
        var column: Int
    }

    /// How a scalar was written; the raw values are libyaml's `yaml_scalar_style_t`, as in Yams' `Node.Scalar.Style`.
    enum ScalarStyle: UInt8, Sendable {
        case any, plain, singleQuoted, doubleQuoted, literal, folded
    }

    struct Scalar: Sendable {
        var string: String
        var style: ScalarStyle
        var mark: Mark
    }

    struct Sequence: RandomAccessCollection, Sendable {
        var nodes: [YAMLNode]
        var mark: Mark

        var startIndex: Int { nodes.startIndex }
        var endIndex: Int { nodes.endIndex }
        subscript(position: Int) -> YAMLNode { nodes[position] }
    }

    struct Mapping: RandomAccessCollection, Sendable {
        struct Pair: Sendable {
            var key: YAMLNode
            var value: YAMLNode
        }

        /// In file order.
        var pairs: [Pair]
        var mark: Mark

        var startIndex: Int { pairs.startIndex }
        var endIndex: Int { pairs.endIndex }
        subscript(position: Int) -> Pair { pairs[position] }
    }

    var mark: Mark {
        switch self {
        case .scalar(let scalar): scalar.mark
        case .sequence(let sequence): sequence.mark
        case .mapping(let mapping): mapping.mark
        }
    }
}
