import ImageFactorySupport

/// Decides whether a plain YAML scalar would be read as something other than a string.
///
/// True for the empty string, nulls, YAML 1.1 and 1.2 booleans (including `y`, `n`, `on`, `off`), integers and
/// floats in every YAML 1.1 notation (`0x`, `0o`, `0b`, underscores, base 60), infinities, NaN, dates and
/// timestamps, `<<` and `=` — everything Yams' default resolver and go-yaml v2 (Kubernetes) resolve to
/// another type. Written out by hand: it runs for every string synth emits, where regular expressions cost more
/// than the emitting. A property test compares it with Yams' resolver.
package enum ScalarResolution {
    private static let words: Set<String> = [
        "", "~", "null", "Null", "NULL", "y", "Y", "n", "N", "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE",
        "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF", "<<", "=", ".inf", ".Inf", ".INF", "+.inf", "+.Inf",
        "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN",
    ]

    package static func readsAsNonString(_ string: String) -> Bool {
        string.withUTF8Bytes { readsAsNonString($0) }
    }

    /// ``readsAsNonString(_:)`` on UTF-8 bytes. The answer for most strings, longer than any word and not
    /// starting like a number, is found where this is inlined.
    @inline(__always)
    static func readsAsNonString(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first else { return true }
        let startsNumeric = isDigit(first) || first == UInt8(ascii: "+") || first == UInt8(ascii: "-") || first == UInt8(ascii: ".")
        guard startsNumeric || bytes.count <= 5 else { return false }
        return readsAsNonString(bytes, startsNumeric: startsNumeric)
    }

    @inline(never)
    private static func readsAsNonString(_ bytes: UnsafeBufferPointer<UInt8>, startsNumeric: Bool) -> Bool {
        if mayBeWord(bytes), isWord(bytes) { return true }
        guard startsNumeric else { return false }
        let bytes = Array(bytes)
        return isInteger(bytes) || isFloat(bytes) || looksLikeDate(bytes)
    }

    /// `words`, each packed into an integer (see ``pack(_:)``) and sorted for a binary search: cheaper than
    /// hashing the string.
    private static let packedWords: [UInt64] = words.map { pack(Array($0.utf8)) }.sorted()

    /// Up to seven bytes and their count in one integer, unique for each such string.
    private static func pack(_ bytes: some Collection<UInt8>) -> UInt64 {
        bytes.reduce(UInt64(bytes.count)) { $0 << 8 | UInt64($1) }
    }

    /// Whether `bytes` is one of `words`.
    private static func isWord(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count <= 7 else { return false }
        let packed = pack(bytes)
        var low = 0
        var high = packedWords.count
        while low < high {
            let middle = (low + high) / 2
            if packedWords[middle] < packed { low = middle + 1 } else { high = middle }
        }
        return low < packedWords.count && packedWords[low] == packed
    }

    @inline(__always)
    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// Whether `bytes` can be one of `words`, by its length and first two characters (a letter's case aside);
    /// spares looking most short strings up.
    private static func mayBeWord(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let first = bytes[0]
        guard bytes.count > 1 else {
            switch first {
            case UInt8(ascii: "~"), UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "="): return true
            default: return false
            }
        }
        // ASCII letters in lowercase (`.`, `+`, `-` and `<` stay as they are).
        let second = bytes[1] | 0x20
        switch (bytes.count, first | 0x20) {
        case (2, UInt8(ascii: "n")): return second == UInt8(ascii: "o")
        case (2, UInt8(ascii: "o")): return second == UInt8(ascii: "n")
        case (2, UInt8(ascii: "<")): return second == UInt8(ascii: "<")
        case (3, UInt8(ascii: "y")): return second == UInt8(ascii: "e")
        case (3, UInt8(ascii: "o")): return second == UInt8(ascii: "f")
        case (4, UInt8(ascii: "n")): return second == UInt8(ascii: "u")
        case (4, UInt8(ascii: "t")): return second == UInt8(ascii: "r")
        case (4, UInt8(ascii: ".")): return second == UInt8(ascii: "i") || second == UInt8(ascii: "n")
        case (5, UInt8(ascii: "f")): return second == UInt8(ascii: "a")
        case (5, UInt8(ascii: "+")), (5, UInt8(ascii: "-")): return second == UInt8(ascii: ".")
        default: return false
        }
    }

    private static func all(_ bytes: ArraySlice<UInt8>, _ allowed: (UInt8) -> Bool) -> Bool {
        !bytes.isEmpty && bytes.allSatisfy(allowed)
    }

    private static func dropSign(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
        guard let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") else { return bytes[...] }
        return bytes.dropFirst()
    }

    /// `[-+]?(0b[01_]+ | 0o?[0-7_]+ | 0 | [1-9][0-9_]* | 0x[0-9a-fA-F_]+ | [1-9][0-9_]*(:[0-5]?[0-9])+)`
    static func isInteger(_ bytes: [UInt8]) -> Bool {
        let body = dropSign(bytes)
        guard let first = body.first else { return false }
        let underscore = UInt8(ascii: "_")
        if first == UInt8(ascii: "0") {
            let rest = body.dropFirst()
            guard let marker = rest.first else { return true }
            switch marker {
            case UInt8(ascii: "b"): return all(rest.dropFirst()) { $0 == 0x30 || $0 == 0x31 || $0 == underscore }
            case UInt8(ascii: "x"): return all(rest.dropFirst()) { isDigit($0) || (0x61...0x66).contains($0) || (0x41...0x46).contains($0) || $0 == underscore }
            case UInt8(ascii: "o"): return all(rest.dropFirst()) { (0x30...0x37).contains($0) || $0 == underscore }
            default: return all(rest) { (0x30...0x37).contains($0) || $0 == underscore }
            }
        }
        guard isDigit(first) else { return false }
        var index = body.startIndex
        while index < body.endIndex, isDigit(body[index]) || body[index] == underscore { index += 1 }
        if index == body.endIndex { return true }
        return sexagesimalTail(body, from: index) == body.endIndex
    }

    /// Consumes `(:[0-5]?[0-9])+` from `index`; returns where it stopped, or nil when there was none.
    private static func sexagesimalTail(_ bytes: ArraySlice<UInt8>, from start: Int) -> Int? {
        var index = start
        var groups = 0
        while index < bytes.endIndex, bytes[index] == UInt8(ascii: ":") {
            var digits = 0
            var cursor = index + 1
            while cursor < bytes.endIndex, isDigit(bytes[cursor]), digits < 2 {
                digits += 1
                cursor += 1
            }
            if digits == 2, bytes[index + 1] > UInt8(ascii: "5") { digits = 1; cursor -= 1 }
            guard digits > 0 else { break }
            index = cursor
            groups += 1
        }
        return groups > 0 ? index : nil
    }

    /// `[-+]?[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?`, `\.[0-9_]+([eE][-+][0-9]+)?`,
    /// `[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*` (infinities and NaN are in `words`).
    static func isFloat(_ bytes: [UInt8]) -> Bool {
        let underscore = UInt8(ascii: "_")
        let dot = UInt8(ascii: ".")
        func digitsOrUnderscores(_ slice: ArraySlice<UInt8>, from start: Int) -> Int {
            var index = start
            while index < slice.endIndex, isDigit(slice[index]) || slice[index] == underscore { index += 1 }
            return index
        }
        func exponent(_ slice: ArraySlice<UInt8>, from start: Int, signRequired: Bool) -> Bool {
            guard start < slice.endIndex else { return true }
            guard slice[start] == UInt8(ascii: "e") || slice[start] == UInt8(ascii: "E") else { return false }
            var index = start + 1
            if index < slice.endIndex, slice[index] == UInt8(ascii: "+") || slice[index] == UInt8(ascii: "-") {
                index += 1
            } else if signRequired {
                return false
            }
            return all(slice[index...], isDigit)
        }
        if bytes.first == dot {
            let end = digitsOrUnderscores(bytes[...], from: 1)
            return end > 1 && exponent(bytes[...], from: end, signRequired: true)
        }
        let body = dropSign(bytes)
        guard let first = body.first, isDigit(first) else { return false }
        var index = digitsOrUnderscores(body, from: body.startIndex + 1)
        if let tail = sexagesimalTail(body, from: index) {
            guard tail < body.endIndex, body[tail] == dot else { return false }
            return digitsOrUnderscores(body, from: tail + 1) == body.endIndex
        }
        if index < body.endIndex, body[index] == dot { index = digitsOrUnderscores(body, from: index + 1) }
        return exponent(body, from: index, signRequired: false)
    }

    /// `YYYY-M-D…`: every date and timestamp YAML 1.1 resolves starts this way (a few more strings are quoted
    /// than strictly needed, never fewer).
    package static func looksLikeDate(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 8 && bytes[0..<4].allSatisfy(isDigit) && bytes[4] == UInt8(ascii: "-") && isDigit(bytes[5])
    }
}
