/// The regular expressions of ``ConfigSchema`` and ``FieldRules``, matched by hand over UTF-8 bytes: `Regex` cost
/// more than the rest of reading an image entry. Each pattern admits only ASCII characters, and ASCII text has one
/// character per byte, so matching bytes gives the answer of `Regex.wholeMatch`; `FieldPatternTests` checks that
/// against the regular expressions.
enum FieldPatterns {
    static func isLowerAlnum(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x30 && byte <= 0x39)
    }

    static func isAlnum(_ byte: UInt8) -> Bool {
        isLowerAlnum(byte) || (byte >= 0x41 && byte <= 0x5a)
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= 0x30 && byte <= 0x39
    }

    /// Whether `byte` is one of the ASCII `characters`.
    static func isByte(_ byte: UInt8, in characters: StaticString) -> Bool {
        characters.withUTF8Buffer { $0.contains(byte) }
    }

    /// `^[first][rest]*$` with a length (in characters) in `length`.
    static func matches(_ value: some StringProtocol, length: ClosedRange<Int>, first: (UInt8) -> Bool, rest: (UInt8) -> Bool) -> Bool {
        var count = 0
        for byte in value.utf8 {
            guard count == 0 ? first(byte) : rest(byte) else { return false }
            count += 1
        }
        return length.contains(count)
    }

    /// `^[A-Za-z_][A-Za-z0-9_]*$` (``ConfigSchema/secretVariablePattern``, build arg keys).
    static func isIdentifier(_ value: some StringProtocol) -> Bool {
        matches(value, length: 1...Int.max, first: { isAlnum($0) && !isDigit($0) || $0 == UInt8(ascii: "_") }, rest: { isAlnum($0) || $0 == UInt8(ascii: "_") })
    }

    /// ``ConfigSchema/registryHostPattern``: `^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]+)?$`.
    static func isRegistryHost(_ value: Substring) -> Bool {
        let utf8 = value.utf8
        let colon = utf8.firstIndex(of: UInt8(ascii: ":"))
        if let colon {
            let port = utf8[utf8.index(after: colon)...]
            guard !port.isEmpty, port.allSatisfy(isDigit) else { return false }
        }
        return isHostName(utf8[..<(colon ?? utf8.endIndex)])
    }

    /// `[a-z0-9]([a-z0-9.-]*[a-z0-9])?`
    private static func isHostName(_ bytes: Substring.UTF8View) -> Bool {
        guard let first = bytes.first, let last = bytes.last, isLowerAlnum(first), isLowerAlnum(last) else { return false }
        return bytes.allSatisfy { isLowerAlnum($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
    }

    /// ``ConfigSchema/repositoryPattern``: a registry host, then one or more `/`-separated path components
    /// `[a-z0-9]+([._-]+[a-z0-9]+)*`.
    static func isRepository(_ value: String) -> Bool {
        let utf8 = Substring(value).utf8
        guard let slash = utf8.firstIndex(of: UInt8(ascii: "/")), isRegistryHost(Substring(utf8[..<slash])) else { return false }
        return utf8[utf8.index(after: slash)...].split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).allSatisfy { component in
            guard let first = component.first, let last = component.last, isLowerAlnum(first), isLowerAlnum(last) else { return false }
            return component.allSatisfy { isLowerAlnum($0) || isByte($0, in: "._-") }
        }
    }

    /// ``ConfigSchema/cronPattern``: five fields of `[0-9A-Za-z*/,-]+`, one space apart.
    static func isCron(_ value: String) -> Bool {
        let fields = value.utf8.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        return fields.count == 5 && fields.allSatisfy { field in
            !field.isEmpty && field.allSatisfy { isAlnum($0) || isByte($0, in: "*/,-") }
        }
    }

    /// ``ConfigSchema/yamlKeyPattern``: `.`-separated parts of `[A-Za-z0-9_/-]` and `\.` (a literal dot), none empty.
    static func isYAMLKey(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        var index = 0
        var partIsEmpty = true
        while index < bytes.count {
            let byte = bytes[index]
            if isAlnum(byte) || isByte(byte, in: "_/-") {
                partIsEmpty = false
                index += 1
            } else if byte == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: ".") {
                partIsEmpty = false
                index += 2
            } else if byte == UInt8(ascii: "."), !partIsEmpty {
                partIsEmpty = true
                index += 1
            } else {
                return false
            }
        }
        return !partIsEmpty
    }
}
