/// What libyaml's emitter learns about a scalar before choosing how to write it (`yaml_emitter_analyze_scalar`),
/// read off its UTF-8 bytes: which styles may hold it, and whether it spans lines.
///
/// A port of libyaml 0.2.5 as Yams 6 bundles it, with the emitter's `unicode` flag set (printable non-ASCII
/// characters need no escape). A property test compares ``YAMLWriter``'s output with Yams'.
struct YAMLScalarAnalysis {
    /// Holds a line break (LF, CR, NEL, LS or PS): never a simple key, never plain.
    var multiline = false
    /// Holds a line feed: ``YAMLEmitter`` asks for a literal block.
    var hasLineFeed = false
    var blockPlainAllowed = true
    var singleQuotedAllowed = true
    var blockAllowed = true
    /// Unicode scalars, which is how libyaml counts columns.
    var characters = 0
    /// Printable ASCII and line feeds, with at least one line feed (a script, say): each line ends at a line
    /// feed, and a character is a byte. (Only set by the fast path that recognises such text.)
    var isASCIILines = false

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        let count = bytes.count
        guard count > 0 else {
            blockAllowed = false
            return
        }
        if Self.isOrdinary(bytes) {
            characters = count
            return
        }
        if analyzeASCIILines(bytes) { return }
        var blockIndicators = false
        var lineBreaks = false
        var specialCharacters = false
        var leadingSpace = false
        var leadingBreak = false
        var trailingSpace = false
        var trailingBreak = false
        var breakSpace = false
        var spaceBreak = false
        var previousSpace = false
        var previousBreak = false
        if count >= 3, (bytes[0] == 0x2D && bytes[1] == 0x2D && bytes[2] == 0x2D) || (bytes[0] == 0x2E && bytes[1] == 0x2E && bytes[2] == 0x2E) {
            blockIndicators = true
        }
        var precededByWhitespace = true
        var followedByWhitespace = Self.isBlankOrEnd(bytes, Self.width(bytes[0]))
        var index = 0
        while index < count {
            let byte = bytes[index]
            if index == 0 {
                switch byte {
                case UInt8(ascii: "#"), UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"),
                     UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"), UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "'"),
                     UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "`"):
                    blockIndicators = true
                case UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: "-"):
                    if followedByWhitespace { blockIndicators = true }
                default:
                    break
                }
            } else if (byte == UInt8(ascii: ":") && followedByWhitespace) || (byte == UInt8(ascii: "#") && precededByWhitespace) {
                blockIndicators = true
            }
            if !Self.isPrintable(bytes, index) { specialCharacters = true }
            let width = Self.width(byte)
            if byte == 0x20 {
                if index == 0 { leadingSpace = true }
                if index + 1 == count { trailingSpace = true }
                if previousBreak { breakSpace = true }
                previousSpace = true
                previousBreak = false
            } else if Self.isBreak(bytes, index) {
                lineBreaks = true
                if byte == 0x0A { hasLineFeed = true }
                if index == 0 { leadingBreak = true }
                if index + width == count { trailingBreak = true }
                if previousSpace { spaceBreak = true }
                previousSpace = false
                previousBreak = true
            } else {
                previousSpace = false
                previousBreak = false
            }
            precededByWhitespace = Self.isBlankOrEnd(bytes, index)
            index += width
            characters += 1
            if index < count { followedByWhitespace = Self.isBlankOrEnd(bytes, index + Self.width(bytes[index])) }
        }
        multiline = lineBreaks
        if leadingSpace || leadingBreak || trailingSpace || trailingBreak { blockPlainAllowed = false }
        if trailingSpace { blockAllowed = false }
        if breakSpace {
            blockPlainAllowed = false
            singleQuotedAllowed = false
        }
        if spaceBreak || specialCharacters {
            blockPlainAllowed = false
            singleQuotedAllowed = false
            blockAllowed = false
        }
        if lineBreaks || blockIndicators { blockPlainAllowed = false }
    }

    /// The analysis of printable ASCII text with line feeds (scripts, lists of lines), found in one pass that
    /// checks eight bytes at a time; false, having changed nothing, for any other text. Such text may be
    /// written as a literal block unless a line ends in a space or the text does, and single-quoted unless a
    /// line also starts with one; never plain.
    private mutating func analyzeASCIILines(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let count = bytes.count
        var lineFeeds = false
        var spaceBreak = false
        var breakSpace = false
        var index = 0
        while index < count {
            if index + 8 <= count, Self.isPrintableWord(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) {
                index += 8
                continue
            }
            let end = min(index + 8, count)
            while index < end {
                let byte = bytes[index]
                if byte == 0x0A {
                    lineFeeds = true
                    if index > 0 && bytes[index - 1] == 0x20 { spaceBreak = true }
                    if index + 1 < count && bytes[index + 1] == 0x20 { breakSpace = true }
                } else if byte < 0x20 || byte > 0x7E {
                    return false
                }
                index += 1
            }
        }
        guard lineFeeds else { return false }
        let trailingSpace = bytes[count - 1] == 0x20
        multiline = true
        hasLineFeed = true
        blockPlainAllowed = false
        singleQuotedAllowed = !breakSpace && !spaceBreak
        blockAllowed = !trailingSpace && !spaceBreak
        characters = count
        isASCIILines = true
        return true
    }

    /// Whether all eight bytes of `word` are printable ASCII (0x20 to 0x7E) (SWAR tests, exact as yes/no
    /// answers).
    @inline(__always)
    private static func isPrintableWord(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        guard word & highs == 0 else { return false }
        // A byte below 0x20 (every byte is below 0x80 here).
        guard (word &- ones &* 0x20) & ~word & highs == 0 else { return false }
        return !hasByte(word, 0x7F)
    }

    /// Whether one of the eight bytes of `word` (all below 0x80) is `byte` (a SWAR test, exact as a yes/no answer).
    @inline(__always)
    private static func hasByte(_ word: UInt64, _ byte: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let difference = word ^ (ones &* byte)
        return (difference &- ones) & ~difference & 0x8080_8080_8080_8080 != 0
    }

    /// The common case, decided in one pass: printable ASCII and spaces, not starting with a space, an indicator
    /// (`#,[]{}&*!|>'"%@` and the backtick; `-`, `?` or `:` followed by a space or nothing) or `---`/`...`, not
    /// ending in a space or `:`, with no `: ` and no ` #`. Such a string may be written in every style, which is
    /// what the full analysis finds for it. False for the empty string.
    @inline(__always)
    static func isOrdinary(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first else { return false }
        switch first {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "$"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: ";"),
             UInt8(ascii: "<"), UInt8(ascii: "="), UInt8(ascii: "\\"), UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "~"):
            break
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "?"), UInt8(ascii: ":"):
            guard bytes.count > 1, bytes[1] != 0x20 else { return false }
            if first != UInt8(ascii: "?") && first != UInt8(ascii: ":") && bytes.count >= 3 && bytes[1] == first && bytes[2] == first { return false }
        default:
            return false
        }
        let last = bytes.count - 1
        guard bytes[last] != 0x20, let base = bytes.baseAddress else { return false }
        var index = 1
        while index < bytes.count {
            // Eight bytes at a time where none is a control, non-ASCII, `:` or `#`: only those need a closer look.
            if index + 8 <= bytes.count, isPlainWord(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) {
                index += 8
                continue
            }
            switch bytes[index] {
            case UInt8(ascii: ":"):
                if index == last || bytes[index + 1] == 0x20 { return false }
            case UInt8(ascii: "#"):
                if bytes[index - 1] == 0x20 { return false }
            case 0x20...0x7E:
                break
            default:
                return false
            }
            index += 1
        }
        return true
    }

    /// The commonest string, decided with a few word-wide tests: it starts with a letter or another character
    /// that neither starts a number nor is an indicator (`$()/;<=\^_~`), holds only printable ASCII without `:`
    /// or `#`, does not end in a space, and (when it is short enough to be one) is not a word that reads as
    /// another type. Such a string is ``isOrdinary(_:)`` and not ``ScalarResolution/readsAsNonString(_:)``:
    /// every style may hold it, and plain is the one chosen. False sends the caller the long way round.
    @inline(__always)
    static func isPlainString(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = bytes.count
        guard count > 0, let base = bytes.baseAddress else { return false }
        switch base[0] {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "$"), UInt8(ascii: "("),
             UInt8(ascii: ")"), UInt8(ascii: "/"), UInt8(ascii: ";"), UInt8(ascii: "<"), UInt8(ascii: "="), UInt8(ascii: "\\"),
             UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "~"):
            break
        default:
            return false
        }
        guard base[count - 1] != 0x20 else { return false }
        if count >= 8 {
            // Eight bytes at a time, the last eight overlapping the ones before when the count is not a multiple.
            var index = 0
            while index + 8 < count {
                guard isPlainWord(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) else { return false }
                index += 8
            }
            return isPlainWord(UnsafeRawPointer(base + count - 8).loadUnaligned(as: UInt64.self))
        }
        let word: UInt64
        if count >= 4 {
            // Four to seven: the first four bytes and the last four (overlapping) in one word.
            let head = UnsafeRawPointer(base).loadUnaligned(as: UInt32.self)
            let tail = UnsafeRawPointer(base + count - 4).loadUnaligned(as: UInt32.self)
            word = UInt64(head) | UInt64(tail) << 32
        } else {
            // Fewer: packed into one word behind letters, which pass every test.
            var packed: UInt64 = 0x6161_6161_6161_6161
            for index in 0..<count { packed = packed << 8 | UInt64(base[index]) }
            word = packed
        }
        guard isPlainWord(word) else { return false }
        // Such a string reads as another type only when it is one of the words (`null`, `yes`, `On`, `~`, `<<` …)
        // of five bytes or fewer, which start with one of these.
        guard count <= 5 else { return true }
        switch base[0] {
        case UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: "t"), UInt8(ascii: "T"),
             UInt8(ascii: "f"), UInt8(ascii: "F"), UInt8(ascii: "o"), UInt8(ascii: "O"), UInt8(ascii: "~"), UInt8(ascii: "<"),
             UInt8(ascii: "="):
            return !ScalarResolution.readsAsNonString(bytes)
        default:
            return true
        }
    }

    /// Whether none of the eight bytes of `word` is below a space (0x20), above `~` (0x7E), `:` or `#` (SWAR
    /// tests, exact as yes/no answers).
    @inline(__always)
    private static func isPlainWord(_ word: UInt64) -> Bool {
        isPrintableWord(word) && !hasByte(word, 0x3A) && !hasByte(word, 0x23)
    }

    /// The length in bytes of the UTF-8 sequence `lead` starts (libyaml's `WIDTH`).
    @inline(__always)
    static func width(_ lead: UInt8) -> Int {
        if lead & 0x80 == 0 { return 1 }
        if lead & 0xE0 == 0xC0 { return 2 }
        if lead & 0xF0 == 0xE0 { return 3 }
        return lead & 0xF8 == 0xF0 ? 4 : 1
    }

    @inline(__always)
    private static func byte(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> UInt8 {
        index < bytes.count ? bytes[index] : 0
    }

    /// LF, CR, NEL (U+0085), LS (U+2028) or PS (U+2029) at `index`.
    @inline(__always)
    static func isBreak(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        let lead = byte(bytes, index)
        switch lead {
        case 0x0A, 0x0D: return true
        case 0xC2: return byte(bytes, index + 1) == 0x85
        case 0xE2: return byte(bytes, index + 1) == 0x80 && (byte(bytes, index + 2) == 0xA8 || byte(bytes, index + 2) == 0xA9)
        default: return false
        }
    }

    /// A space, tab, line break, NUL, or the end of the string (libyaml reads the terminating NUL).
    @inline(__always)
    static func isBlankOrEnd(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        guard index < bytes.count else { return true }
        let lead = bytes[index]
        return lead == 0x20 || lead == 0x09 || lead == 0 || isBreak(bytes, index)
    }

    /// libyaml's `IS_PRINTABLE`: LF, ASCII 0x20–0x7E, U+00A0–U+D7FF and U+E000–U+FFFD without the BOM. Tabs,
    /// other controls, C1 controls and everything beyond the Basic Multilingual Plane are not.
    @inline(__always)
    static func isPrintable(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        let lead = bytes[index]
        if lead == 0x0A || (lead >= 0x20 && lead <= 0x7E) { return true }
        switch lead {
        case 0xC2: return byte(bytes, index + 1) >= 0xA0
        case 0xC3...0xEC, 0xEE: return true
        case 0xED: return byte(bytes, index + 1) < 0xA0
        case 0xEF:
            let second = byte(bytes, index + 1), third = byte(bytes, index + 2)
            return !(second == 0xBB && third == 0xBF) && !(second == 0xBF && (third == 0xBE || third == 0xBF))
        default: return false
        }
    }
}
