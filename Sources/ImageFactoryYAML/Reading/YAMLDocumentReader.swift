// libyaml as Yams bundles it (the `CYaml` module of the Yams package). Yams' public API only composes `Node`s,
// whose per-node tags, anchors and duplicate-key hashing cost three times libyaml's parsing; this is the one
// file that imports it.
import CYaml
import ImageFactorySupport

/// Composes images.yaml into ``YAMLNode``s straight from libyaml's parsing events, as Yams' `Parser.nextRoot()`
/// (Yams 6, basic resolver) composes `Node`s from the same events:
/// - a scalar's text is libyaml's UTF-8 value read as Foundation's `String(bytes:encoding: .utf8)` reads it
///   (which drops a leading byte order mark); its style is libyaml's;
/// - a node's mark is the line and column of its start event plus one (for lists and mappings, their start);
/// - an anchor names the node once it is complete (so a node cannot hold an alias of itself), a later anchor of
///   the same name shadows it (names compare as Swift strings), and an alias is the named node, shared;
/// - the document is the stream's first one.
///
/// Yams refuses a mapping with two equal keys, comparing keys with their resolved tags, and whole lists and
/// mappings used as keys. Here a mapping only tells whether it may have such keys (two scalar keys with the same
/// text, or a key that is not a scalar): the caller then lets Yams compose the text again to give its verdict and
/// message. Likewise for text Yams refuses for any other reason — a libyaml error, an undefined alias, no document
/// or a second one — for which this reader composes nothing. libyaml bounds nesting (1,000 levels), and the
/// composition is not recursive.
package enum YAMLDocumentReader {
    package enum Composition {
        /// The document's root. `keysNeedYamsCheck`: a mapping has keys that Yams may refuse as duplicates.
        case document(YAMLNode, keysNeedYamsCheck: Bool)
        /// Not one document that Yams composes: Yams refuses the text, and says why.
        case unreadable
    }

    package static func compose(_ text: String) -> Composition {
        text.withUTF8Bytes(compose(bytes:))
    }

    private static func compose(bytes: UnsafeBufferPointer<UInt8>) -> Composition {
        // The empty file is left to Yams (which finds no document).
        guard let start = bytes.baseAddress, !bytes.isEmpty else { return .unreadable }
        // libyaml's parser points into itself, so it must not move: it lives in memory of its own.
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) == 1 else { return .unreadable }
        defer { yaml_parser_delete(parser) }
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(parser, start, bytes.count)

        var composer = Composer()
        var event = yaml_event_t()
        while yaml_parser_parse(parser, &event) == 1 {
            defer { yaml_event_delete(&event) }
            switch event.type {
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                let node = YAMLNode.scalar(YAMLNode.Scalar(
                    string: text(scalar.value, count: scalar.length),
                    style: YAMLNode.ScalarStyle(rawValue: UInt8(truncatingIfNeeded: scalar.style.rawValue)) ?? .any,
                    mark: mark(event.start_mark)))
                composer.add(node, anchor: scalar.anchor.map { String(cString: $0) })
            case YAML_SEQUENCE_START_EVENT:
                composer.open(isMapping: false, mark: mark(event.start_mark), anchor: event.data.sequence_start.anchor.map { String(cString: $0) })
            case YAML_MAPPING_START_EVENT:
                composer.open(isMapping: true, mark: mark(event.start_mark), anchor: event.data.mapping_start.anchor.map { String(cString: $0) })
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard composer.close() else { return .unreadable }
            case YAML_ALIAS_EVENT:
                guard let anchor = event.data.alias.anchor, let node = composer.anchors[String(cString: anchor)] else { return .unreadable }
                composer.add(node, anchor: nil)
            case YAML_DOCUMENT_START_EVENT:
                if composer.root != nil { return .unreadable }
            case YAML_STREAM_END_EVENT:
                guard let root = composer.root else { return .unreadable }
                return .document(root, keysNeedYamsCheck: composer.keysNeedYamsCheck)
            default:
                continue
            }
        }
        return .unreadable
    }

    /// Yams' `Mark` of a libyaml mark.
    private static func mark(_ mark: yaml_mark_t) -> YAMLNode.Mark {
        YAMLNode.Mark(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    /// A scalar's UTF-8 value (which may hold NUL) as text, without a leading byte order mark.
    static func text(_ value: UnsafePointer<UInt8>?, count: Int) -> String {
        guard let value, count > 0 else { return "" }
        let bytes = UnsafeBufferPointer(start: value, count: count)
        let hasByteOrderMark = count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        return String(decoding: hasByteOrderMark ? UnsafeBufferPointer(rebasing: bytes.dropFirst(3)) : bytes, as: UTF8.self)
    }

    /// The lists and mappings being composed, innermost last, and the nodes they have so far.
    private struct Composer {
        struct OpenNode {
            var isMapping: Bool
            var mark: YAMLNode.Mark
            var anchor: String?
            /// Where its nodes start in ``Composer/children``.
            var firstChild: Int
        }

        var openNodes: [OpenNode] = []
        /// The nodes of the open lists and mappings (a mapping's keys and values alternate).
        var children: [YAMLNode] = []
        var anchors: [String: YAMLNode] = [:]
        var root: YAMLNode?
        var keysNeedYamsCheck = false
        /// The keys of the mapping being checked (kept to reuse its storage).
        private var keyTexts: [String] = []

        mutating func open(isMapping: Bool, mark: YAMLNode.Mark, anchor: String?) {
            openNodes.append(OpenNode(isMapping: isMapping, mark: mark, anchor: anchor, firstChild: children.count))
        }

        /// Completes the innermost open node; false when none is open.
        mutating func close() -> Bool {
            guard let open = openNodes.popLast() else { return false }
            let node: YAMLNode
            if open.isMapping {
                var pairs: [YAMLNode.Mapping.Pair] = []
                pairs.reserveCapacity((children.count - open.firstChild) / 2)
                var index = open.firstChild
                while index + 1 < children.count {
                    pairs.append(YAMLNode.Mapping.Pair(key: children[index], value: children[index + 1]))
                    index += 2
                }
                if !keysNeedYamsCheck { keysNeedYamsCheck = mayRepeatKeys(pairs) }
                node = .mapping(YAMLNode.Mapping(pairs: pairs, mark: open.mark))
            } else {
                node = .sequence(YAMLNode.Sequence(nodes: Array(children[open.firstChild...]), mark: open.mark))
            }
            children.removeLast(children.count - open.firstChild)
            add(node, anchor: open.anchor)
            return true
        }

        mutating func add(_ node: YAMLNode, anchor: String?) {
            if let anchor { anchors[anchor] = node }
            if openNodes.isEmpty { root = node } else { children.append(node) }
        }

        /// Whether Yams may find two equal keys: keys that are not scalars, or two scalars with the same text.
        mutating func mayRepeatKeys(_ pairs: [YAMLNode.Mapping.Pair]) -> Bool {
            keyTexts.removeAll(keepingCapacity: true)
            for pair in pairs {
                guard case .scalar(let key) = pair.key else { return true }
                keyTexts.append(key.string)
            }
            // Few keys are compared pair by pair; many through a set (String equality and hashing agree).
            guard keyTexts.count > 12 else {
                for index in keyTexts.indices.dropFirst() where keyTexts[..<index].contains(keyTexts[index]) { return true }
                return false
            }
            return Set(keyTexts).count != keyTexts.count
        }
    }
}
