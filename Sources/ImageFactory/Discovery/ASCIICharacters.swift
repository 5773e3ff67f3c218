/// Fast paths for the ASCII text that Dockerfiles and image references almost always are: the parser works on
/// `Character`s (so columns and non-ASCII text come out right), and these spare it the Unicode property lookups
/// and grapheme breaking that cost far more than the parsing itself. Each gives exactly the answer of the
/// general API it stands for.
extension Character {
    /// The 128 ASCII characters, by code: made once, so splitting ASCII text into characters costs a lookup.
    static let ascii: [Character] = (0..<128).map { Character(Unicode.Scalar(UInt8($0))) }

    /// `isWhitespace`, answered without a Unicode property lookup for ASCII characters (tab, line feed, vertical
    /// tab, form feed, carriage return, space, and CR LF); other characters ask `isWhitespace`.
    @inline(__always)
    var isWhitespaceFast: Bool {
        if let ascii = asciiValue { return ascii == 0x20 || (ascii >= 0x09 && ascii <= 0x0D) }
        return isWhitespace
    }
}

extension Collection where Element == Character {
    /// `String(self)`, built from bytes when every character is ASCII instead of appending characters one by one.
    var joinedString: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        for character in self {
            // `asciiValue` is 0x0A for CR LF as well, which is two bytes.
            guard let ascii = character.asciiValue, ascii != 0x0A || character == "\n" else { return String(self) }
            bytes.append(ascii)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
