import ImageFactorySupport

/// JSON text exactly as `JSONEncoder` writes it with `[.sortedKeys, .withoutEscapingSlashes]`: no whitespace,
/// object keys in UTF-8 byte order, and only `"`, `\` and control characters escaped (`\b`, `\f`, `\n`, `\r`,
/// `\t`, else `\u00xx`). Written by hand for the receiving workflow's environment map, where the encoder cost
/// more than all the rest of the workflow; a test holds it to the encoder's output.
struct CompactJSON {
    private(set) var bytes: [UInt8] = []

    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// An object whose values `writeValue` writes, keys sorted.
    mutating func object<Value>(_ entries: [(key: String, value: Value)], writeValue: (inout CompactJSON, Value) -> Void) {
        bytes.append(UInt8(ascii: "{"))
        for (index, entry) in entries.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }).enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            string(entry.key)
            bytes.append(UInt8(ascii: ":"))
            writeValue(&self, entry.value)
        }
        bytes.append(UInt8(ascii: "}"))
    }

    /// An array whose elements `writeElement` writes.
    mutating func array<Element>(_ elements: [Element], writeElement: (inout CompactJSON, Element) -> Void) {
        bytes.append(UInt8(ascii: "["))
        for (index, element) in elements.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            writeElement(&self, element)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// A string literal.
    mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        // Most strings need no escape: their bytes are copied at once.
        let copied = value.withUTF8Bytes { text in
            guard !text.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else { return false }
            bytes.append(contentsOf: text)
            return true
        }
        if copied {
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), byte]
            case 0x08: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x0C: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0x0A: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes += Array(#"\u00"#.utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
