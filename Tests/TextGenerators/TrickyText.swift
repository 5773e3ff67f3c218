import PropertyBased

/// Text for the property tests that compare a byte-level fast path with the character-level answer it stands for.
public enum TrickyText {
    /// Strings joined from `pieces`: the characters a check looks for, plus ones that are not what they seem
    /// (combining marks, CR LF, the Kelvin sign that Foundation reads as `K`, a prepended Arabic sign).
    public static func text(_ pieces: [String], count: ClosedRange<Int> = 0...12) -> Generator<String, AnySequence<(index: Int, value: Any)>> {
        Gen.oneOf(Gen.int(in: 0...(pieces.count - 1)).array(of: count).map { $0.map { pieces[$0] }.joined() })
    }

    public static let tricky = ["é", "e\u{301}", "\u{301}", "\r\n", "\r", "\n", "\t", " ", "\u{212A}", "\u{600}", "\u{FEFF}", "ー"]

    public static let awkwardCharacters = Array("abcXYZ019 :#-?{}[],&*!|>'\"%@`$()\\\n\t~=<.+_/\u{2028}\u{FEFF}éーＡ\u{0430}")
    public static let awkwardWords = ["true", "no", "~", "null", "0x10", "1_0", "2024-01-01", "${{ x }}", "---", "...", "!!str", "&a", "*a", "<<", "- x", "a: b", " #c"]

    /// Strings built from YAML's and shells' special characters, look-alikes and plain text.
    public static func awkward() -> Generator<String, AnySequence<(index: Int, value: Any)>> {
        Gen.oneOf(
            Gen.int(in: 0...(awkwardCharacters.count - 1)).map { awkwardCharacters[$0] }.string(of: 0...24),
            Gen.int(in: 0...(awkwardWords.count - 1)).map { awkwardWords[$0] }
        )
    }
}
