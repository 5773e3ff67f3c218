#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds bytes in UTF-8 text with the C library's `memchr`, which looks at many bytes at a time: how the lines
/// of long scripts are found, when ``ScriptRenderer`` splits them and when ``YAMLWriter`` writes them.
enum ByteScan {
    /// The index of the first `byte` in `bytes` at or after `start`, or `bytes.count` when there is none.
    static func firstIndex(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard start < bytes.count, let base = bytes.baseAddress else { return bytes.count }
        guard let found = memchr(base + start, Int32(byte), bytes.count - start) else { return bytes.count }
        return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
    }
}
