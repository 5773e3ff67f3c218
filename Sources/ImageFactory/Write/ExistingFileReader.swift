#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads files already in the output folder into one reused buffer, so comparing thousands of them with what
/// synth would write allocates nothing per file and never decodes them as text.
struct ExistingFileReader {
    private var buffer: [UInt8] = []
    private var length = 0
    /// The path of the file to read as a NUL-terminated C string, put together in place.
    private var path: [UInt8] = []

    /// The bytes of the file read last.
    var contents: ArraySlice<UInt8> { buffer[0..<length] }

    /// The file read last as text (for a diff).
    var text: String { String(decoding: contents, as: UTF8.self) }

    /// Reads the regular file (or the file a symbolic link names) at `directory/relative`, without making a
    /// `String` of its path; false when it cannot be read.
    mutating func read(_ relative: String, in directory: String) -> Bool {
        path.removeAll(keepingCapacity: true)
        path.append(contentsOf: directory.utf8)
        path.append(UInt8(ascii: "/"))
        path.append(contentsOf: relative.utf8)
        return readPath()
    }

    /// Reads the file at ``path``.
    private mutating func readPath() -> Bool {
        length = 0
        path.append(0)
        let descriptor = path.withUnsafeBufferPointer { path in
            path.withMemoryRebound(to: CChar.self) { path in path.baseAddress.map { open($0, O_RDONLY | O_CLOEXEC | O_NONBLOCK) } ?? -1 }
        }
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return false }
        // One byte more than the size, so a file that grew since is noticed and read to its end.
        grow(to: Int(status.st_size) + 1)
        while true {
            if length == buffer.count { grow(to: buffer.count * 2) }
            let count = buffer.withUnsafeMutableBytes { [length] bytes in
                systemRead(descriptor, bytes.baseAddress.map { $0 + length }, bytes.count - length)
            }
            if count < 0 {
                if errno == EINTR { continue }
                return false
            }
            if count == 0 { return true }
            let requested = buffer.count - length
            length += count
            // A regular file gives fewer bytes than asked for only at its end: no need to read again to see it.
            if count < requested { return true }
        }
    }

    /// Whether the file read last holds exactly `bytes`.
    func matches(_ bytes: [UInt8]) -> Bool {
        guard bytes.count == length else { return false }
        return buffer.withUnsafeBytes { existing in
            bytes.withUnsafeBytes { expected in
                guard let left = existing.baseAddress, let right = expected.baseAddress else { return length == 0 }
                return memcmp(left, right, length) == 0
            }
        }
    }

    private mutating func grow(to size: Int) {
        guard buffer.count < size else { return }
        buffer.append(contentsOf: repeatElement(0, count: max(size, 4096) - buffer.count))
    }
}

/// `read(2)`, named apart from ``ExistingFileReader/read(_:in:)``.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.read(descriptor, buffer, count)
    #else
    Darwin.read(descriptor, buffer, count)
    #endif
}
