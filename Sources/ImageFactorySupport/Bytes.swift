// UTF-8 byte access and searches for every target: the load checks, the Dockerfile parser, the YAML writer and the
// planner look at bytes rather than characters where both give the same answer, because walking characters (or
// asking Foundation) cost more than the work around it. Each function here answers exactly as the character-aware
// search it stands for; the tests compare the two.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

extension StringProtocol {
    /// Calls `body` with the text's UTF-8 bytes: in place when they are stored contiguously (native strings),
    /// else from a copy. Checks that look at every byte run several times faster on the buffer than on `utf8`.
    @inlinable @inline(__always)
    package func withUTF8Bytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
        return try Array(utf8).withUnsafeBufferPointer(body)
    }
}

extension String {
    /// ``StringProtocol/withUTF8Bytes(_:)`` for a `String`, the writer's hot path: concrete and non-throwing, so it
    /// compiles to the buffer access alone (the generic one cost the writer 3% more retains and releases).
    @inlinable @inline(__always)
    package func withUTF8Bytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = self
        return copy.withUTF8(body)
    }
}

// MARK: Searching text

extension StringProtocol {
    /// Whether `other` occurs in this text, exactly as Foundation's `contains(_:)` answers. ASCII text (nearly
    /// every value in images.yaml) is searched byte by byte, where both searches agree, without Foundation's
    /// cost; other text is left to Foundation.
    @inlinable
    package func containsText(_ other: String) -> Bool {
        let found = utf8.withContiguousStorageIfAvailable { text in
            other.utf8.withContiguousStorageIfAvailable { needle in ASCIISearch.contains(needle, in: text) } ?? nil
        }
        return (found ?? nil) ?? contains(other)
    }

    /// The first of `needles` that occurs in this text, as ``containsText(_:)`` answers, looking at the text's
    /// bytes once for all of them.
    @inlinable
    package func firstContainedText(_ needles: [String]) -> String? {
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
@usableFromInline
package enum ASCIISearch {
    /// Whether `needle` occurs in `text`; nil when either is empty or not ASCII.
    @inlinable
    package static func contains(_ needle: UnsafeBufferPointer<UInt8>, in text: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard let first = needle.first, isASCII(text), isASCII(needle) else { return nil }
        guard text.count >= needle.count else { return false }
        for start in 0...(text.count - needle.count) where text[start] == first {
            if text[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }

    @inlinable
    package static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for byte in bytes where byte >= 0x80 { return false }
        return true
    }
}

// MARK: Markers

/// Byte searches in strings, for the ASCII markers the planner looks for (`+`, `${`, `{{`): Foundation's
/// `contains` and `range(of:)`, or walking a string's characters, cost more than building the value it checks.
/// They serve as a first look: where the bytes of a marker are missing, no search by characters finds it either,
/// so only texts that have them need the character-aware search.
extension StringProtocol {
    /// Whether the UTF-8 encoding contains `byte`.
    @inlinable
    package func containsUTF8(_ byte: UInt8) -> Bool {
        utf8.withContiguousStorageIfAvailable { $0.contains(byte) } ?? utf8.contains(byte)
    }

    /// Whether the UTF-8 encoding contains the bytes of `marker` in a row.
    @inlinable
    package func containsUTF8(_ marker: String) -> Bool {
        func search<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
            guard let first = marker.utf8.first else { return true }
            var start = bytes.startIndex
            while let found = bytes[start...].firstIndex(of: first) {
                if bytes[found...].starts(with: marker.utf8) { return true }
                start = bytes.index(after: found)
            }
            return false
        }
        return utf8.withContiguousStorageIfAvailable(search) ?? search(utf8)
    }
}

/// Finds bytes in UTF-8 text with the C library's `memchr`, which looks at many bytes at a time: how the lines
/// of long scripts are found when templates are split into lines and when the YAML writer writes them.
@usableFromInline
package enum ByteScan {
    /// The index of the first `byte` in `bytes` at or after `start`, or `bytes.count` when there is none.
    @inlinable
    package static func firstIndex(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard start < bytes.count, let base = bytes.baseAddress else { return bytes.count }
        guard let found = memchr(base + start, Int32(byte), bytes.count - start) else { return bytes.count }
        return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
    }
}

// MARK: Building strings

extension String {
    /// The parts one after another, written into a string of the right size at once. Interpolating or appending
    /// part by part regrows the string and copies it as it goes, which for the URLs and names made for every
    /// image cost more than all else about them.
    @inlinable
    package init(concatenating parts: String...) {
        self.init(unsafeUninitializedCapacity: parts.reduce(0) { $0 + $1.utf8.count }) { buffer in
            var count = 0
            for part in parts {
                // Fills exactly `part.utf8.count` bytes: the capacity is the sum of them.
                count = UnsafeMutableBufferPointer(rebasing: buffer[count...]).initialize(from: part.utf8).1 + count
            }
            return count
        }
    }
}
