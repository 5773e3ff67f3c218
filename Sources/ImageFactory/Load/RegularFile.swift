#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads small regular files with one `open`, one `fstat` and (usually) one `read`: synth reads thousands of
/// Dockerfiles, and Foundation's file APIs cost several system calls and copies each.
enum RegularFile {
    /// The bytes of the regular file at `path` if it has at most `limit` of them; nil when the file is missing,
    /// unreadable, not a regular file, larger than `limit` or cannot be read, so the caller can say why.
    static func bytes(atPath path: String, limit: Int) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_size >= 0, status.st_size <= limit else {
            return nil
        }
        // One byte more than the size: a file that grew between fstat and the read fills it and is left to Foundation.
        let capacity = Int(status.st_size) + 1
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            while count < capacity {
                let got = read(descriptor, buffer.baseAddress.map { $0 + count }, capacity - count)
                if got == 0 { break }
                if got < 0 {
                    if errno == EINTR { continue }
                    failed = true
                    break
                }
                count += got
                // The whole size fstat gave and no more: the end, without another read to confirm it.
                if count == capacity - 1 { break }
            }
        }
        guard !failed, bytes.count < capacity else { return nil }
        return bytes
    }
}
