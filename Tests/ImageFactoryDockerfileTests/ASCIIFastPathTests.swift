import PropertyBased
import Testing
@testable import ImageFactoryDockerfile

/// The ASCII shortcuts in parsing and quoting give exactly the answers of the general APIs they stand for.
struct ASCIIFastPathTests {
    static let characters: [Character] = Array("a Z0-_/:.\t\n\r\r\n\u{0B}\u{0C}\u{1C}\u{7F}\u{85}\u{A0}\u{2028}\u{3000}é\u{301}\u{FEFF}ー\u{1F600}")

    @Test func charactersJoinAsTheirString() async {
        let text = Gen.int(in: 0...(Self.characters.count - 1)).map { Self.characters[$0] }.array(of: 0...12)
        await propertyCheck(count: 500, input: text) { characters in
            #expect(Character.string(characters) == String(characters))
        }
    }

    @Test func asciiBytesAnswerAsTheirCharacters() {
        for code in UInt8(0)..<128 {
            let byte = ASCIIByte(code)
            let character = Character(Unicode.Scalar(code))
            #expect(byte.isWhitespace == character.isWhitespace, "\(code)")
            #expect(byte.isLetter == character.isLetter, "\(code)")
            #expect(byte.isDecimalDigit == character.isDecimalDigit, "\(code)")
            #expect(byte.isASCIIDigit == character.isASCIIDigit, "\(code)")
            #expect(byte.isASCIIAlphanumeric == character.isASCIIAlphanumeric, "\(code)")
            #expect(byte.asciiCode == character.asciiCode, "\(code)")
            #expect(byte.isLineBreak == character.isLineBreak, "\(code)")
            #expect(ASCIIByte.string([byte]) == String(character), "\(code)")
        }
        // CR LF is one character of two scalars: a line break without an ASCII code of its own.
        #expect(Character("\r\n").isLineBreak && Character("\r\n").asciiCode == nil)
    }

    @Test func textIsReadAsBytesOnlyWhenItIsASCII() {
        #expect(ASCIIByte.characters(of: "FROM node\r\n")?.map(\.value) == Array("FROM node\r\n".utf8))
        #expect(ASCIIByte.characters(of: "FROM nöde") == nil)
    }
}
