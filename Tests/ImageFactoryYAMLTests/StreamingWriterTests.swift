import Foundation
import Testing
@testable import ImageFactoryYAML

/// The pieces that let values write themselves straight into bytes (``YAMLOutput``): the byte buffer and stack
/// behind the writer, the words it quotes, and the comments only bytes carry.
struct StreamingWriterTests {
    @Test func byteBufferAppendsBytesAndGrows() {
        var buffer = ByteBuffer(capacity: 4)
        buffer.append(UInt8(ascii: "a"))
        Array("bcdef".utf8).withUnsafeBufferPointer { buffer.append($0) }
        [UInt8]().withUnsafeBufferPointer { buffer.append($0) }
        let long = [UInt8](repeating: UInt8(ascii: "x"), count: 10_000)
        long.withUnsafeBufferPointer { buffer.append($0) }
        buffer.append("-é")
        let expected = Array("abcdef".utf8) + long + Array("-é".utf8)
        #expect(buffer.count == expected.count)
        buffer.withUnsafeBytes { #expect(Array($0) == expected) }
    }

    /// Writes into reserved room: strings of every length up to and past two words (byte by byte, four bytes at a
    /// time, word by word with an overlapping last word) and runs of spaces, across growth of the buffer.
    @Test func byteBufferWritesIntoReservedRoom() {
        var buffer = ByteBuffer(capacity: 1)
        var expected: [UInt8] = []
        for length in 0...40 {
            let text = (0..<length).map { UInt8(ascii: "a") + UInt8($0 % 26) }
            buffer.reserve(length + 1 + length % 20)
            text.withUnsafeBufferPointer { buffer.appendReserved($0) }
            buffer.appendReserved(UInt8(ascii: "|"))
            buffer.appendSpacesReserved(length % 20)
            expected += text + [UInt8(ascii: "|")] + [UInt8](repeating: 0x20, count: length % 20)
        }
        #expect(buffer.count == expected.count)
        buffer.withUnsafeBytes { #expect(Array($0) == expected) }
    }

    /// Values pushed are popped in reverse order, across growth; an empty stack pops nil.
    @Test func valueStackPopsWhatWasPushedLastFirst() {
        var stack = ValueStack<Int>(capacity: 1)
        #expect(stack.pop() == nil)
        for value in 0..<100 { stack.push(value) }
        #expect(stack.count == 100)
        for value in (50..<100).reversed() { #expect(stack.pop() == value) }
        stack.push(-1)
        #expect(stack.pop() == -1)
        for value in (0..<50).reversed() { #expect(stack.pop() == value) }
        #expect(stack.pop() == nil)
        #expect(stack.count == 0)
    }

    /// Every word Yams' resolver or go-yaml v2 reads as a null, bool, infinity, NaN, merge key or value, and
    /// strings just like them that stay strings (the writer rules most short strings out by their first two
    /// characters before it looks a word up).
    @Test func wordsThatReadAsOtherTypesAreQuotedAndTheirNeighboursAreNot() {
        let words = [
            "", "~", "null", "Null", "NULL", "y", "Y", "n", "N", "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false",
            "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF", "<<", "=", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf",
            "-.Inf", "-.INF", ".nan", ".NaN", ".NAN",
        ]
        for word in words { #expect(ScalarResolution.readsAsNonString(word), "\(word)") }
        let strings = ["name", "nul", "nulls", "tru", "yess", "of", "offs", "oN!", "<", "<<<", ".in", "+.info", "f", "t", "Nope", "uses", "spec"]
        for string in strings { #expect(!ScalarResolution.readsAsNonString(string), "\(string)") }
    }

    @Test func commentsAreWrittenIntoBytesButNotIntoTrees() {
        func write(_ output: inout YAMLOutput) {
            output.mapping { output in
                output.set("uses", "owner/repo@abc")
                output.comment("v1.2.3")
                output.set("with", sorted: ["b": "2", "a": "1"])
            }
        }
        var bytes: [UInt8] = []
        YAMLOutput.stream(into: &bytes) { output in
            output.writer.beginDocument()
            write(&output)
            output.writer.endDocument()
        }
        #expect(String(decoding: bytes, as: UTF8.self) == "uses: owner/repo@abc # v1.2.3\nwith:\n  a: \"1\"\n  b: \"2\"\n")
        #expect(YAMLOutput.tree(write) == ["uses": "owner/repo@abc", "with": ["a": "1", "b": "2"]])
    }
}
