import PropertyBased
import Testing
import TextGenerators
@testable import ImageFactoryYAML

/// The byte-level alias-key scan finds what the character-level scan it replaced (``ReferenceAliasKeyGuard``) found.
struct AliasKeyGuardTests {
    @Test func aliasKeysAreFoundWhereTheCharacterScanFoundThem() async {
        let pieces = ["*a", "*", "&a", "a", ":", ": ", "?", "? ", "#", " #", "'", "\"", "-", "- ", "[", "]", "{", "}", ",", "*\u{301}", "x"] + TrickyText.tricky
        await propertyCheck(count: 3000, input: TrickyText.text(pieces, count: 0...16)) { text in
            let expected = ReferenceAliasKeyGuard.firstAliasKey(in: text)
            let found = AliasKeyGuard.firstAliasKey(in: text)
            #expect(found?.line == expected?.line && found?.column == expected?.column, "\(text.debugDescription)")
        }
    }
}

// The scan as it was before it was rewritten over UTF-8 bytes (issue 7): the specification the test compares with.

/// Finds YAML aliases used as mapping keys (`? *a` or `*a : value`) before Yams parses the text.
///
/// Yams checks every mapping for duplicate keys by hashing them; an alias key that expands to a nested
/// "billion laughs" structure makes that hash take exponential time before synth sees anything. images.yaml
/// never needs a non-scalar or aliased key, so such keys are refused up front. Aliases as values stay allowed:
/// the decoder only walks what its schema expects, so they cannot blow up.
enum ReferenceAliasKeyGuard {
    /// The 1-based line and column of the first alias used as a key, if any.
    static func firstAliasKey(in text: String) -> (line: Int, column: Int)? {
        var line = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            line += 1
            let characters = Array(rawLine)
            var index = 0
            var quote: Character?
            var previous: Character = " "
            while index < characters.count {
                let character = characters[index]
                if let open = quote {
                    if character == open { quote = nil }
                    previous = character
                    index += 1
                    continue
                }
                if character == "#", previous == " " || previous == "\t" || index == 0 { break }
                if (character == "\"" || character == "'") && isTokenStart(previous) {
                    quote = character
                } else if character == "*", isTokenStart(previous) {
                    var end = index + 1
                    while end < characters.count, !" \t,[]{}".contains(characters[end]) { end += 1 }
                    var after = end
                    while after < characters.count, characters[after] == " " || characters[after] == "\t" { after += 1 }
                    let isKey = after < characters.count && characters[after] == ":"
                        && (after + 1 == characters.count || " \t".contains(characters[after + 1]))
                    if isKey || previousNonBlank(characters, before: index) == "?" { return (line, index + 1) }
                    index = end
                    previous = "x"
                    continue
                }
                previous = character
                index += 1
            }
        }
        return nil
    }

    private static func isTokenStart(_ previous: Character) -> Bool {
        " \t[{,:-?".contains(previous)
    }

    private static func previousNonBlank(_ characters: [Character], before index: Int) -> Character? {
        var cursor = index - 1
        while cursor >= 0, characters[cursor] == " " || characters[cursor] == "\t" { cursor -= 1 }
        guard cursor >= 0, characters[cursor] == "?" else { return nil }
        return cursor == 0 || " \t[{,".contains(characters[cursor - 1]) ? "?" : nil
    }
}
