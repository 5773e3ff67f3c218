import PropertyBased
import Testing
@testable import ImageFactory

/// The ASCII shortcuts in parsing and quoting give exactly the answers of the general APIs they stand for.
struct ASCIIFastPathTests {
    static let characters: [Character] = Array("a Z0-_/:.\t\n\r\r\n\u{0B}\u{0C}\u{1C}\u{7F}\u{85}\u{A0}\u{2028}\u{3000}é\u{301}\u{FEFF}ー\u{1F600}")

    @Test func whitespaceAndJoiningMatchTheStandardLibrary() async {
        let text = Gen.int(in: 0...(Self.characters.count - 1)).map { Self.characters[$0] }.array(of: 0...12)
        await propertyCheck(count: 500, input: text) { characters in
            for character in characters { #expect(character.isWhitespaceFast == character.isWhitespace, "\(character.unicodeScalars.map(\.value))") }
            #expect(characters.joinedString == String(characters))
        }
    }

    @Test func everyASCIICharacterIsItsOwnScalar() {
        for code in 0..<128 {
            #expect(Character.ascii[code] == Character(Unicode.Scalar(UInt8(code))))
        }
    }

    @Test func diagramTextNeedingNoEscapeIsUnchanged() {
        #expect(FactoryDiagram.mermaidText("docker.io/library/node:22") == "docker.io/library/node:22")
        #expect(FactoryDiagram.mermaidText("a#b") == "a#35;b")
        #expect(FactoryDiagram.mermaidText("tab\there") == "tab#9;here")
        #expect(FactoryDiagram.dotString("node:22") == "\"node:22\"")
        #expect(FactoryDiagram.dotString("a\\b") == "\"a\\\\b\"")
    }
}
