import ImageFactorySupport

/// A character of Dockerfile text, as ``DockerfileParser`` and the shell-word expander read it.
///
/// They are generic over it so that ASCII text, which Dockerfiles almost always are, is read byte by byte
/// (``ASCIIByte``) without grapheme breaking or Unicode property lookups, while any other text is read as
/// `Character`s (so columns and non-ASCII text come out right) by the very same code. Each requirement is
/// answered exactly as `Character` answers it.
protocol DockerfileCharacter: Hashable, ExpressibleByUnicodeScalarLiteral {
    /// `Character.isWhitespace`.
    var isWhitespace: Bool { get }
    /// `Character.isLetter`.
    var isLetter: Bool { get }
    /// A single scalar of general category Nd: what BuildKit's shell lexer takes for a digit.
    var isDecimalDigit: Bool { get }
    /// An ASCII digit, `0`-`9`.
    var isASCIIDigit: Bool { get }
    /// An ASCII letter or digit.
    var isASCIIAlphanumeric: Bool { get }
    /// The code of an ASCII character of one scalar (CR LF, one `Character` of two scalars, has none).
    var asciiCode: UInt8? { get }
    /// Ends a line: a line feed, or (as one `Character`) CR LF.
    var isLineBreak: Bool { get }
    /// Appends the character's UTF-8 encoding.
    func appendUTF8(to bytes: inout [UInt8])
    /// The characters as a string.
    static func string<Characters: Collection<Self>>(_ characters: Characters) -> String
    /// The characters of `text`, which was made of such characters (``string(_:)`` undone).
    static func characters(spelling text: String) -> [Self]
}

extension DockerfileCharacter {
    static func string<Characters: Collection<Self>>(_ characters: Characters) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(characters.count)
        for character in characters { character.appendUTF8(to: &bytes) }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// An ASCII character as a byte. In text without other characters (and so without CR LF, which `Character` sees
/// as one character of two bytes: the parser splits lines before it reads characters) every byte is a
/// character of its own.
struct ASCIIByte: DockerfileCharacter {
    var value: UInt8

    init(_ value: UInt8) { self.value = value }

    /// Only ASCII literals are written in the parser.
    init(unicodeScalarLiteral scalar: Unicode.Scalar) { value = UInt8(truncatingIfNeeded: scalar.value) }

    var isWhitespace: Bool { value == 0x20 || (0x09...0x0D).contains(value) }
    var isLetter: Bool { (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value) }
    var isDecimalDigit: Bool { isASCIIDigit }
    var isASCIIDigit: Bool { (0x30...0x39).contains(value) }
    var isASCIIAlphanumeric: Bool { isLetter || isASCIIDigit }
    var asciiCode: UInt8? { value }
    var isLineBreak: Bool { value == 0x0A }
    func appendUTF8(to bytes: inout [UInt8]) { bytes.append(value) }
    static func string<Characters: Collection<Self>>(_ characters: Characters) -> String {
        String(decoding: characters.map(\.value), as: UTF8.self)
    }

    static func characters(spelling text: String) -> [ASCIIByte] { text.utf8.map(ASCIIByte.init) }

    /// `text` as bytes when every character of it is ASCII; nil otherwise.
    static func characters(of text: Substring) -> [ASCIIByte]? {
        // Through a buffer: iterating a substring's UTF-8 view byte by byte costs many times more.
        text.withUTF8Bytes { bytes in
            guard ASCIISearch.isASCII(bytes) else { return nil }
            // Filled in one loop, not appended one by one as `map` does.
            return [ASCIIByte](unsafeUninitializedCapacity: bytes.count) { characters, count in
                for index in bytes.indices { characters[index] = ASCIIByte(bytes[index]) }
                count = bytes.count
            }
        }
    }
}

extension Character: DockerfileCharacter {
    // `isWhitespace` and `isLetter` are Character's own.

    var isDecimalDigit: Bool {
        unicodeScalars.count == 1 && unicodeScalars.first?.properties.generalCategory == .decimalNumber
    }

    var isASCIIDigit: Bool { isASCII && isNumber }
    var isASCIIAlphanumeric: Bool { isASCII && (isLetter || isNumber) }
    var asciiCode: UInt8? { unicodeScalars.count == 1 ? asciiValue : nil }
    var isLineBreak: Bool { self == "\n" || self == "\r\n" }
    func appendUTF8(to bytes: inout [UInt8]) { bytes.append(contentsOf: utf8) }
    static func characters(spelling text: String) -> [Character] { Array(text) }
}
