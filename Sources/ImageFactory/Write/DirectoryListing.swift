#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ImageFactorySupport

/// Lists a folder tree with `opendir`/`readdir`, as `FileManager.enumerator(atPath:)` does (hidden entries
/// included, symbolic links listed but never followed, unreadable folders skipped), without its per-entry
/// path normalization, which cost more than the rest of a synth run's checks of unchanged files.
enum DirectoryListing {
    /// The path of every entry under `directory` (files, folders, links), relative to it with `/` separators.
    static func relativePaths(under directory: String) -> [String] {
        var paths: [String] = []
        var pending: [String] = [""]
        while let relative = pending.popLast() {
            guard let stream = opendir(relative.isEmpty ? directory : directory + "/" + relative) else { continue }
            defer { closedir(stream) }
            while let entry = readdir(stream) {
                let name = withUnsafePointer(to: &entry.pointee.d_name) { pointer in
                    pointer.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: entry.pointee.d_name)) { String(cString: $0) }
                }
                if name == "." || name == ".." { continue }
                let path = relative.isEmpty ? name : String(concatenating: relative, "/", name)
                paths.append(path)
                if isDirectory(entry.pointee.d_type, at: { "\(directory)/\(path)" }) { pending.append(path) }
            }
        }
        return paths
    }

    /// Whether a `readdir` entry is a folder (not a link to one); file systems that give no type are asked.
    private static func isDirectory(_ type: UInt8, at path: () -> String) -> Bool {
        if type == UInt8(DT_DIR) { return true }
        guard type == UInt8(DT_UNKNOWN) else { return false }
        var status = stat()
        return lstat(path(), &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
    }
}
