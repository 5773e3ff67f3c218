import ImageFactorySupport

/// Writes YAML straight into a UTF-8 byte buffer, node by node (``YAMLOutput`` drives it, as do ``YAMLValue``
/// trees), byte for byte what libyaml's emitter writes for the same nodes through
/// `Yams.serialize(nodes:indent: 2, width: -1, allowUnicode: true)` with the scalar styles ``YAMLEmitter`` asks
/// for (`YAMLEmitter.emitWithYams(documents:)` in the tests, which a property test compares it with).
///
/// A port of the parts of libyaml 0.2.5's emitter that such a stream reaches: block mappings and sequences
/// (`- ` items; a sequence under a mapping key is not indented further), `[]` and `{}` for empty ones, simple
/// keys and `? ` keys (multi-line keys, and keys over 128 bytes), plain, single-quoted, double-quoted and literal
/// scalars with libyaml's rules for when plain or a block is not allowed, its escapes, and its block indentation
/// and chomping indicators (`|2`, `|-`, `|+`, and the `...` that ends a stream after a kept final line break).
/// The state is libyaml's: the indent, the column (in Unicode scalars), and whether the last thing written was
/// whitespace or indentation. Lines are never folded (`width: -1`). As libyaml looks one event ahead to see
/// that a collection is empty, a collection is only started by its first entry or item.
struct YAMLWriter: ~Copyable {
    /// The output so far.
    private var buffer: ByteBuffer
    private var indent = -1
    private var column = 0
    private var whitespace = true
    private var indention = true
    private var openEnded = 0
    private var documents = 0
    /// The innermost collection being written, or the document when there is none.
    private var current = Collection(kind: .document, isMappingValue: false, savedIndent: -1)
    /// The collections around ``current``, innermost last.
    private var outer = ValueStack<Collection>()

    // Internal, not private: a private type as the stack's element broke debug builds (a compiler bug in linking its
    // descriptor across files).
    /// A mapping or sequence being written, or the document around them.
    struct Collection {
        enum Kind { case document, mapping, sequence }

        var kind: Kind
        /// Whether it is a mapping's value (a sequence there is not indented further).
        var isMappingValue: Bool
        /// Whether its first entry or item was written; one that ends without is written `{}` or `[]`.
        var started = false
        /// The indent to restore when it ends.
        var savedIndent: Int
    }

    /// The style ``YAMLEmitter`` asks for; libyaml may still choose a quoted one.
    enum Style {
        case plain, singleQuoted, doubleQuoted, literal
    }

    /// A writer of a new YAML stream; `capacity` is a first guess at its length in bytes.
    init(capacity: Int = 8192) {
        buffer = ByteBuffer(capacity: capacity)
    }

    /// Appends the stream written so far to `array`.
    func appendBytes(to array: inout [UInt8]) {
        buffer.withUnsafeBytes { array.append(contentsOf: $0) }
    }

    /// Starts a document: every document after the first starts with a `---` line. Write one node, then call
    /// ``endDocument()``.
    mutating func beginDocument() {
        if documents > 0 {
            writeIndent()
            writeIndicator(UInt8(ascii: "-"), repeated: 3, needWhitespace: true, isWhitespace: false, isIndention: false)
        }
        documents += 1
        openEnded = 0
    }

    mutating func endDocument() {
        writeIndent()
        if openEnded == 0 { openEnded = 1 }
    }

    /// Ends the stream: the `...` line libyaml writes when the last document ended in a literal block with
    /// kept final line breaks.
    mutating func finish() {
        guard openEnded == 2 else { return }
        writeIndicator(UInt8(ascii: "."), repeated: 3, needWhitespace: true, isWhitespace: false, isIndention: false)
        openEnded = 0
        writeIndent()
    }

    // MARK: Nodes

    /// Writes a tree as one node.
    mutating func value(_ value: YAMLValue) {
        switch value {
        case .string(let text):
            string(text)
        case .int(let number):
            int(number)
        case .bool(let flag):
            bool(flag)
        case .sequence(let items):
            beginSequence()
            for item in items { self.value(item) }
            endSequence()
        case .mapping(let mapping):
            beginMapping()
            for entry in mapping.entries {
                key(entry.key)
                self.value(entry.value)
            }
            endMapping()
        }
    }

    mutating func string(_ text: String) {
        beginNode()
        text.withUTF8Bytes { scalar($0, simpleKey: false) }
    }

    mutating func int(_ number: Int) {
        beginNode()
        atom(String(number))
    }

    mutating func bool(_ flag: Bool) {
        beginNode()
        atom(flag ? "true" : "false")
    }

    /// Starts a mapping: write ``key(_:)`` and a node for each entry, then call ``endMapping()``.
    mutating func beginMapping() {
        beginCollection(.mapping)
    }

    mutating func endMapping() {
        endCollection(empty: UInt8(ascii: "{"), UInt8(ascii: "}"))
    }

    /// Starts a sequence: write a node for each item, then call ``endSequence()``.
    mutating func beginSequence() {
        beginCollection(.sequence)
    }

    mutating func endSequence() {
        endCollection(empty: UInt8(ascii: "["), UInt8(ascii: "]"))
    }

    @inline(__always)
    private mutating func beginCollection(_ kind: Collection.Kind) {
        let isMappingValue = beginNode()
        outer.push(current)
        current = Collection(kind: kind, isMappingValue: isMappingValue, savedIndent: indent)
    }

    /// Ends the innermost collection: restores the indent around it, or writes it as `open` and `close` when
    /// nothing was written in it.
    @inline(__always)
    private mutating func endCollection(empty open: UInt8, _ close: UInt8) {
        guard current.kind != .document, let around = outer.pop() else { return }
        let collection = current
        current = around
        if collection.started {
            indent = collection.savedIndent
        } else {
            writeIndicator(open, needWhitespace: true, isWhitespace: true, isIndention: false)
            writeIndicator(close, needWhitespace: false, isWhitespace: false, isIndention: false)
        }
    }

    /// The key of the next entry of the innermost mapping; its value is the next node written.
    mutating func key(_ text: String) {
        guard current.kind != .document else { return }
        if !current.started {
            current.started = true
            increaseIndent(flow: false, indentless: false)
        }
        writeIndent()
        text.withUTF8Bytes { key in
            // The usual key, a short word in plain ASCII, needs no analysis beyond that.
            if key.count <= 128, YAMLScalarAnalysis.isPlainString(key) {
                writePlainKey(key)
                return
            }
            if key.count <= 128, YAMLScalarAnalysis.isOrdinary(key), !ScalarResolution.readsAsNonString(key) {
                writePlain(key, characters: key.count)
                writeIndicator(UInt8(ascii: ":"), needWhitespace: false, isWhitespace: false, isIndention: false)
                return
            }
            let analysis = YAMLScalarAnalysis(key)
            if !analysis.multiline && key.count <= 128 {
                scalar(key, analysis: analysis, simpleKey: true)
                writeIndicator(UInt8(ascii: ":"), needWhitespace: false, isWhitespace: false, isIndention: false)
            } else {
                writeIndicator(UInt8(ascii: "?"), needWhitespace: true, isWhitespace: false, isIndention: true)
                scalar(key, analysis: analysis, simpleKey: false)
                writeIndent()
                writeIndicator(UInt8(ascii: ":"), needWhitespace: true, isWhitespace: false, isIndention: true)
            }
        }
    }

    /// What comes before a node: nothing for a mapping's value or a document, the `- ` of an item in a sequence
    /// (which starts the sequence with its first item). Returns whether the node is a mapping's value.
    @discardableResult @inline(__always)
    private mutating func beginNode() -> Bool {
        switch current.kind {
        case .document: return false
        case .mapping: return true
        case .sequence: break
        }
        if !current.started {
            current.started = true
            increaseIndent(flow: false, indentless: current.isMappingValue && !indention)
        }
        writeIndent()
        writeIndicator(UInt8(ascii: "-"), needWhitespace: true, isWhitespace: false, isIndention: true)
        return false
    }

    /// ` # text` after the scalar just written, on its line (libyaml writes no comments; this is ours).
    mutating func comment(_ text: String) {
        writeIndicator(UInt8(ascii: "#"), needWhitespace: true, isWhitespace: true, isIndention: false)
        put(0x20)
        text.withUTF8Bytes { buffer.append($0) }
        column += text.unicodeScalars.count
        whitespace = false
        indention = false
    }

    /// A number or boolean: plain, with nothing in it that libyaml would quote.
    private mutating func atom(_ text: String) {
        if !whitespace { put(0x20) }
        text.withUTF8Bytes { buffer.append($0) }
        column += text.utf8.count
        whitespace = false
        indention = false
    }

    // MARK: Scalars

    /// A string node or a `? ` key.
    private mutating func scalar(_ value: UnsafeBufferPointer<UInt8>, simpleKey: Bool) {
        if YAMLScalarAnalysis.isPlainString(value) {
            writePlain(value, characters: value.count)
            return
        }
        // Printable ASCII that every style may hold (most strings) is plain unless it reads as another type.
        if YAMLScalarAnalysis.isOrdinary(value) {
            if ScalarResolution.readsAsNonString(value) {
                writeDoubleQuoted(value)
            } else {
                writePlain(value, characters: value.count)
            }
            return
        }
        scalar(value, analysis: YAMLScalarAnalysis(value), simpleKey: simpleKey)
    }

    /// `yaml_emitter_select_scalar_style`, then the writer of the style chosen, one indent step in.
    private mutating func scalar(_ value: UnsafeBufferPointer<UInt8>, analysis: YAMLScalarAnalysis, simpleKey: Bool) {
        var style: Style
        if analysis.hasLineFeed {
            style = .literal
        } else if ScalarResolution.readsAsNonString(value) {
            style = .doubleQuoted
        } else {
            style = .plain
        }
        if simpleKey && analysis.multiline { style = .doubleQuoted }
        if style == .plain {
            if !analysis.blockPlainAllowed || (value.isEmpty && simpleKey) { style = .singleQuoted }
        }
        if style == .singleQuoted && !analysis.singleQuotedAllowed { style = .doubleQuoted }
        if style == .literal && (!analysis.blockAllowed || simpleKey) { style = .doubleQuoted }

        let saved = indent
        increaseIndent(flow: true, indentless: false)
        switch style {
        case .plain: writePlain(value, characters: analysis.characters)
        case .singleQuoted: writeSingleQuoted(value)
        case .doubleQuoted: writeDoubleQuoted(value)
        case .literal: writeLiteral(value, asciiLines: analysis.isASCIILines)
        }
        indent = saved
    }

    /// Plain scalars hold no line breaks (libyaml does not allow them plain), so they are copied as they are.
    @inline(__always)
    private mutating func writePlain(_ value: UnsafeBufferPointer<UInt8>, characters: Int) {
        buffer.reserve(value.count + 1)
        if !whitespace && !value.isEmpty {
            buffer.appendReserved(0x20)
            column += 1
        }
        buffer.appendReserved(value)
        column += characters
        whitespace = false
        indention = false
    }

    /// A simple key in plain ASCII (see ``YAMLScalarAnalysis/isPlainString(_:)``) and its `:`: what
    /// ``writePlain(_:characters:)`` and the `:` indicator write, after one check for room.
    @inline(__always)
    private mutating func writePlainKey(_ key: UnsafeBufferPointer<UInt8>) {
        buffer.reserve(key.count + 2)
        if !whitespace {
            buffer.appendReserved(0x20)
            column += 1
        }
        buffer.appendReserved(key)
        buffer.appendReserved(UInt8(ascii: ":"))
        column &+= key.count &+ 1
        whitespace = false
        indention = false
    }

    private mutating func writeSingleQuoted(_ value: UnsafeBufferPointer<UInt8>) {
        writeIndicator(UInt8(ascii: "'"), needWhitespace: true, isWhitespace: false, isIndention: false)
        var breaks = false
        var index = 0
        while index < value.count {
            let byte = value[index]
            let width = YAMLScalarAnalysis.width(byte)
            if byte == 0x20 {
                put(0x20)
            } else if YAMLScalarAnalysis.isBreak(value, index) {
                if !breaks && byte == 0x0A { putBreak() }
                writeBreak(value, index, width)
                indention = true
                breaks = true
            } else {
                if breaks { writeIndent() }
                if byte == UInt8(ascii: "'") { put(byte) }
                copy(value, index, width)
                indention = false
                breaks = false
            }
            index += width
        }
        if breaks { writeIndent() }
        writeIndicator(UInt8(ascii: "'"), needWhitespace: false, isWhitespace: false, isIndention: false)
        whitespace = false
        indention = false
    }

    private static let hex: [UInt8] = Array("0123456789ABCDEF".utf8)

    private mutating func writeDoubleQuoted(_ value: UnsafeBufferPointer<UInt8>) {
        writeIndicator(UInt8(ascii: "\""), needWhitespace: true, isWhitespace: false, isIndention: false)
        var index = 0
        while index < value.count {
            let byte = value[index]
            let width = YAMLScalarAnalysis.width(byte)
            let isBOM = byte == 0xEF && index + 2 < value.count && value[index + 1] == 0xBB && value[index + 2] == 0xBF
            if !YAMLScalarAnalysis.isPrintable(value, index) || isBOM || YAMLScalarAnalysis.isBreak(value, index)
                || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
            {
                var scalar = UInt32(width == 1 ? byte & 0x7F : width == 2 ? byte & 0x1F : width == 3 ? byte & 0x0F : byte & 0x07)
                for offset in 1..<max(width, 1) where index + offset < value.count {
                    scalar = (scalar << 6) + UInt32(value[index + offset] & 0x3F)
                }
                put(UInt8(ascii: "\\"))
                switch scalar {
                case 0x00: put(UInt8(ascii: "0"))
                case 0x07: put(UInt8(ascii: "a"))
                case 0x08: put(UInt8(ascii: "b"))
                case 0x09: put(UInt8(ascii: "t"))
                case 0x0A: put(UInt8(ascii: "n"))
                case 0x0B: put(UInt8(ascii: "v"))
                case 0x0C: put(UInt8(ascii: "f"))
                case 0x0D: put(UInt8(ascii: "r"))
                case 0x1B: put(UInt8(ascii: "e"))
                case 0x22: put(UInt8(ascii: "\""))
                case 0x5C: put(UInt8(ascii: "\\"))
                case 0x85: put(UInt8(ascii: "N"))
                case 0xA0: put(UInt8(ascii: "_"))
                case 0x2028: put(UInt8(ascii: "L"))
                case 0x2029: put(UInt8(ascii: "P"))
                default:
                    let digits: Int
                    if scalar <= 0xFF {
                        put(UInt8(ascii: "x"))
                        digits = 2
                    } else if scalar <= 0xFFFF {
                        put(UInt8(ascii: "u"))
                        digits = 4
                    } else {
                        put(UInt8(ascii: "U"))
                        digits = 8
                    }
                    for shift in stride(from: (digits - 1) * 4, through: 0, by: -4) {
                        put(Self.hex[Int((scalar >> UInt32(shift)) & 0x0F)])
                    }
                }
            } else {
                copy(value, index, width)
            }
            index += width
        }
        writeIndicator(UInt8(ascii: "\""), needWhitespace: false, isWhitespace: false, isIndention: false)
        whitespace = false
        indention = false
    }

    /// A literal block; `asciiLines` when the text is printable ASCII and line feeds (see
    /// ``YAMLScalarAnalysis/isASCIILines``), whose lines are copied without looking at each character.
    private mutating func writeLiteral(_ value: UnsafeBufferPointer<UInt8>, asciiLines: Bool) {
        writeIndicator(UInt8(ascii: "|"), needWhitespace: true, isWhitespace: false, isIndention: false)
        // Block scalar hints: an indentation indicator when the text starts with a space or a break, and the
        // chomping indicator from how many line breaks end it.
        if value.first == 0x20 || YAMLScalarAnalysis.isBreak(value, 0) {
            writeIndicator(UInt8(ascii: "2"), needWhitespace: false, isWhitespace: false, isIndention: false)
        }
        openEnded = 0
        var last = value.count - 1
        while last > 0 && value[last] & 0xC0 == 0x80 { last -= 1 }
        if !YAMLScalarAnalysis.isBreak(value, last) {
            writeIndicator(UInt8(ascii: "-"), needWhitespace: false, isWhitespace: false, isIndention: false)
        } else if last == 0 {
            writeIndicator(UInt8(ascii: "+"), needWhitespace: false, isWhitespace: false, isIndention: false)
            openEnded = 2
        } else {
            var previous = last - 1
            while previous > 0 && value[previous] & 0xC0 == 0x80 { previous -= 1 }
            if YAMLScalarAnalysis.isBreak(value, previous) {
                writeIndicator(UInt8(ascii: "+"), needWhitespace: false, isWhitespace: false, isIndention: false)
                openEnded = 2
            }
        }
        putBreak()
        indention = true
        whitespace = true
        var breaks = true
        var index = 0
        if asciiLines {
            while index < value.count {
                if value[index] == 0x0A {
                    putBreak()
                    indention = true
                    breaks = true
                    index += 1
                    continue
                }
                if breaks { writeIndent() }
                let end = ByteScan.firstIndex(of: 0x0A, in: value, from: index)
                buffer.append(UnsafeBufferPointer(rebasing: value[index..<end]))
                column += end - index
                indention = false
                breaks = false
                index = end
            }
            return
        }
        while index < value.count {
            let width = YAMLScalarAnalysis.width(value[index])
            if YAMLScalarAnalysis.isBreak(value, index) {
                writeBreak(value, index, width)
                indention = true
                breaks = true
            } else {
                if breaks { writeIndent() }
                // Copy the rest of the line at once.
                var end = index + width
                var characters = 1
                while end < value.count && !YAMLScalarAnalysis.isBreak(value, end) {
                    end += YAMLScalarAnalysis.width(value[end])
                    characters += 1
                }
                buffer.append(UnsafeBufferPointer(rebasing: value[index..<min(end, value.count)]))
                column += characters
                indention = false
                breaks = false
                index = end
                continue
            }
            index += width
        }
    }

    // MARK: libyaml's writer primitives

    private mutating func increaseIndent(flow: Bool, indentless: Bool) {
        if indent < 0 {
            indent = flow ? 2 : 0
        } else if !indentless {
            indent += 2
        }
    }

    @inline(__always)
    private mutating func writeIndent() {
        let target = max(indent, 0)
        // One check for room: the line break and the indentation are written a word at a time.
        buffer.reserve(target + 1)
        if !indention || column > target || (column == target && !whitespace) {
            buffer.appendReserved(0x0A)
            column = 0
        }
        if column < target {
            buffer.appendSpacesReserved(target - column)
            column = target
        }
        whitespace = true
        indention = true
    }

    @inline(__always)
    private mutating func writeIndicator(_ byte: UInt8, repeated: Int = 1, needWhitespace: Bool, isWhitespace: Bool, isIndention: Bool) {
        if needWhitespace && !whitespace { put(0x20) }
        for _ in 0..<repeated { put(byte) }
        whitespace = isWhitespace
        indention = indention && isIndention
    }

    @inline(__always)
    private mutating func put(_ byte: UInt8) {
        buffer.append(byte)
        column += 1
    }

    @inline(__always)
    private mutating func putBreak() {
        buffer.append(0x0A)
        column = 0
    }

    /// One character of `value`.
    @inline(__always)
    private mutating func copy(_ value: UnsafeBufferPointer<UInt8>, _ index: Int, _ width: Int) {
        if width == 1 {
            buffer.append(value[index])
        } else {
            buffer.append(UnsafeBufferPointer(rebasing: value[index..<min(index + width, value.count)]))
        }
        column += 1
    }

    /// A line break of `value`: a line feed as the stream's line break, any other (CR, NEL, LS, PS) as it is.
    private mutating func writeBreak(_ value: UnsafeBufferPointer<UInt8>, _ index: Int, _ width: Int) {
        if value[index] == 0x0A {
            putBreak()
        } else {
            copy(value, index, width)
            column = 0
        }
    }
}
