/// A node of images.yaml as ``YAMLDocumentReader`` composes it: what the decoder reads of Yams' `Node` — scalar
/// text and style, lists, mappings in file order, and where each node starts — without Yams' per-node tags and
/// anchors. An alias is the node its anchor names, shared (its lists and mappings are not copied).
package enum YAMLNode: Sendable {
    case scalar(Scalar)
    case sequence(Sequence)
    case mapping(Mapping)

    /// Where a node starts, 1-based, as Yams' `Mark` reports it: libyaml's mark plus one, the column counting
    /// Unicode scalars.
    package struct Mark: Hashable, Sendable {
        package var line: Int
        package var column: Int
    }

    /// How a scalar was written; the raw values are libyaml's `yaml_scalar_style_t`, as in Yams' `Node.Scalar.Style`.
    package enum ScalarStyle: UInt8, Sendable {
        case any, plain, singleQuoted, doubleQuoted, literal, folded
    }

    package struct Scalar: Sendable {
        package var string: String
        package var style: ScalarStyle
        package var mark: Mark
    }

    package struct Sequence: RandomAccessCollection, Sendable {
        package var nodes: [YAMLNode]
        package var mark: Mark

        package var startIndex: Int { nodes.startIndex }
        package var endIndex: Int { nodes.endIndex }
        package subscript(position: Int) -> YAMLNode { nodes[position] }
    }

    package struct Mapping: RandomAccessCollection, Sendable {
        package struct Pair: Sendable {
            package var key: YAMLNode
            package var value: YAMLNode
        }

        /// In file order.
        package var pairs: [Pair]
        package var mark: Mark

        package var startIndex: Int { pairs.startIndex }
        package var endIndex: Int { pairs.endIndex }
        package subscript(position: Int) -> Pair { pairs[position] }
    }

    package var mark: Mark {
        switch self {
        case .scalar(let scalar): scalar.mark
        case .sequence(let sequence): sequence.mark
        case .mapping(let mapping): mapping.mark
        }
    }
}
