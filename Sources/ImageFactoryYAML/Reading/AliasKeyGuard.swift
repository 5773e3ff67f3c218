import ImageFactorySupport

/// Finds YAML aliases used as mapping keys (`? *a` or `*a : value`) before the text is composed.
///
/// Yams (which composes the text again when its keys may repeat, see ``YAMLDocumentReader``) checks every mapping
/// for duplicate keys by hashing them; an alias key that expands to a nested "billion laughs" structure makes that
/// hash take exponential time before synth sees anything. images.yaml never needs a non-scalar or aliased key, so
/// such keys are refused up front. Aliases as values stay allowed: they are shared, not copied, and the decoder
/// only walks what its schema expects, so they cannot blow up.
///
/// The scan reads characters (a column counts characters), but it only ever looks for ASCII punctuation, so a
/// line is read as one code unit per character: its bytes when it is plain ASCII, otherwise each character's
/// single ASCII byte or ``otherCharacter``.
package enum AliasKeyGuard {
    /// Stands for any character that is not a single ASCII scalar (`é`, `*` with a combining mark, CR LF).
    static let otherCharacter: UInt8 = 0xFF

    /// The 1-based line and column of the first alias used as a key, if any.
    package static func firstAliasKey(in text: String) -> (line: Int, column: Int)? {
        // An alias starts with `*`; most files have none.
        guard text.containsUTF8(UInt8(ascii: "*")) else { return nil }
        let bytes = Array(text.utf8)
        var line = 0
        var lineStart = 0
        var isPlain = true
        var hasStar = false
        var index = 0
        while index <= bytes.count {
            // A line ends at LF, except after CR: CR LF is one character, as when splitting the text's characters at "\n".
            guard index == bytes.count || (bytes[index] == 0x0A && (index == 0 || bytes[index - 1] != 0x0D)) else {
                switch bytes[index] {
                case UInt8(ascii: "*"): hasStar = true
                case 0x0D, 0x80...: isPlain = false
                default: break
                }
                index += 1
                continue
            }
            line += 1
            if hasStar {
                let column = isPlain
                    ? firstAliasKeyColumn(in: bytes[lineStart..<index])
                    : firstAliasKeyColumn(in: String(decoding: bytes[lineStart..<index], as: UTF8.self).map(codeUnit))
                if let column { return (line, column) }
            }
            index += 1
            lineStart = index
            isPlain = true
            hasStar = false
        }
        return nil
    }

    /// A character as the scan sees it.
    static func codeUnit(_ character: Character) -> UInt8 {
        character.utf8.count == 1 ? character.utf8.first ?? otherCharacter : otherCharacter
    }

    /// The 1-based column (in code units from the start of `line`) of the first alias key on one line.
    package static func firstAliasKeyColumn<Line: RandomAccessCollection<UInt8>>(in line: Line) -> Int? where Line.Index == Int {
        let start = line.startIndex
        var index = start
        var quote: UInt8?
        var previous = UInt8(ascii: " ")
        while index < line.endIndex {
            let character = line[index]
            if let open = quote {
                if character == open { quote = nil }
                previous = character
                index += 1
                continue
            }
            if character == UInt8(ascii: "#"), previous == UInt8(ascii: " ") || previous == UInt8(ascii: "\t") || index == start { break }
            if (character == UInt8(ascii: "\"") || character == UInt8(ascii: "'")) && isTokenStart(previous) {
                quote = character
            } else if character == UInt8(ascii: "*"), isTokenStart(previous) {
                var end = index + 1
                while end < line.endIndex, !isAliasEnd(line[end]) { end += 1 }
                var after = end
                while after < line.endIndex, isBlank(line[after]) { after += 1 }
                let isKey = after < line.endIndex && line[after] == UInt8(ascii: ":")
                    && (after + 1 == line.endIndex || isBlank(line[after + 1]))
                if isKey || isAfterQuestionMark(line, before: index) { return index - start + 1 }
                index = end
                previous = UInt8(ascii: "x")
                continue
            }
            previous = character
            index += 1
        }
        return nil
    }

    private static func isBlank(_ character: UInt8) -> Bool {
        character == UInt8(ascii: " ") || character == UInt8(ascii: "\t")
    }

    private static func isTokenStart(_ previous: UInt8) -> Bool {
        switch previous {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: ","), UInt8(ascii: ":"),
             UInt8(ascii: "-"), UInt8(ascii: "?"): true
        default: false
        }
    }

    private static func isAliasEnd(_ character: UInt8) -> Bool {
        switch character {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"),
             UInt8(ascii: "}"): true
        default: false
        }
    }

    /// Whether the last non-blank character before `index` is a `?` that starts a token (an explicit key).
    private static func isAfterQuestionMark<Line: RandomAccessCollection<UInt8>>(_ line: Line, before index: Int) -> Bool where Line.Index == Int {
        var cursor = index - 1
        while cursor >= line.startIndex, isBlank(line[cursor]) { cursor -= 1 }
        guard cursor >= line.startIndex, line[cursor] == UInt8(ascii: "?") else { return false }
        guard cursor > line.startIndex else { return true }
        switch line[cursor - 1] {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: ","): return true
        default: return false
        }
    }
}
