import Foundation
import ImageFactorySupport
import PropertyBased
import Testing
import TextGenerators

/// The byte-level helpers answer as the character-level code they stand for.
struct BytesTests {
    @Test func textSearchAnswersAsFoundation() async {
        let pieces = ["a", ".", "..", "${{", "@", "/", ":", "(?=", "\\p", "K"] + TrickyText.tricky
        let needles = ["..", "${{", "@", "/", ":", "(?=", "\\p", "K", "a", "e"]
        await propertyCheck(count: 2000, input: TrickyText.text(pieces, count: 0...10)) { text in
            for needle in needles {
                #expect(text.containsText(needle) == text.contains(needle), "\(text.debugDescription) \(needle)")
            }
            #expect(text.firstContainedText(needles) == needles.first { text.contains($0) }, "\(text.debugDescription)")
        }
    }

    @Test func byteScanFindsTheFirstByteFromAnIndex() {
        Array("uses: a\nuses: b".utf8).withUnsafeBufferPointer { bytes in
            #expect(ByteScan.firstIndex(of: 0x0A, in: bytes, from: 0) == 7)
            #expect(ByteScan.firstIndex(of: 0x0A, in: bytes, from: 7) == 7)
            #expect(ByteScan.firstIndex(of: 0x0A, in: bytes, from: 8) == bytes.count)
            #expect(ByteScan.firstIndex(of: UInt8(ascii: "u"), in: bytes, from: 1) == 8)
            #expect(ByteScan.firstIndex(of: UInt8(ascii: "u"), in: bytes, from: bytes.count) == bytes.count)
        }
        [UInt8]().withUnsafeBufferPointer { #expect(ByteScan.firstIndex(of: 0, in: $0, from: 0) == 0) }
    }

    @Test func concatenatesAnyParts() {
        #expect(String(concatenating: "https://", "example.com", "/", "a") == "https://example.com/a")
        #expect(String(concatenating: "", "") == "")
        #expect(String(concatenating: "é", "e\u{301}", "😀", String(repeating: "x", count: 40)) == "é" + "e\u{301}" + "😀" + String(repeating: "x", count: 40))
        #expect(String(concatenating: "short") == "short")
    }
}
