import Foundation

extension StringProtocol {
    /// Whether `other` occurs in this text, exactly as Foundation's `contains(_:)` answers. ASCII text (nearly
    /// every value in images.yaml) is searched byte by byte, where both searches agree, without Foundation's
    /// cost; other text is left to Foundation.
    func containsText(_ other: String) -> Bool {
        let found = utf8.withContiguousStorageIfAvailable { text in
            other.utf8.withContiguousStorageIfAvailable { needle in ASCIISearch.contains(needle, in: text) } ?? nil
        }
        return (found ?? nil) ?? contains(other)
    }
}

extension StringProtocol {
    /// The first of `needles` that occurs in this text, as ``containsText(_:)`` answers, looking at the text's
    /// bytes once for all of them.
    func firstContainedText(_ needles: [String]) -> String? {
        let found: String?? = withUTF8Bytes { text in
            guard ASCIISearch.isASCII(text) else { return nil }
            return .some(needles.first { needle in
                let found = needle.utf8.withContiguousStorageIfAvailable { ASCIISearch.contains($0, in: text) }
                return (found ?? nil) ?? contains(needle)
            })
        }
        return found ?? needles.first { contains($0) }
    }
}

/// Byte searches in ASCII text.
enum ASCIISearch {
    /// Whether `needle` occurs in `text`; nil when either is empty or not ASCII.
    static func contains(_ needle: UnsafeBufferPointer<UInt8>, in text: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard let first = needle.first, isASCII(text), isASCII(needle) else { return nil }
        guard text.count >= needle.count else { return false }
        for start in 0...(text.count - needle.count) where text[start] == first {
            if text[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }

    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for byte in bytes where byte >= 0x80 { return false }
        return true
    }
}
