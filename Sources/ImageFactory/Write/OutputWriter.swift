import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a write did.
public struct WriteSummary: Sendable, Hashable {
    public var written: [String] = []
    public var unchanged: [String] = []
    public var removed: [String] = []
}

/// How the output folder differs from what synth would write.
package struct DriftReport: Sendable, Hashable {
    package var added: [String] = []
    package var changed: [String] = []
    package var removed: [String] = []
    /// A unified diff of every difference, `a/` being the folder and `b/` what synth would write.
    package var diff: String = ""

    package var isClean: Bool { added.isEmpty && changed.isEmpty && removed.isEmpty }

    package init(added: [String] = [], changed: [String] = [], removed: [String] = [], diff: String = "") {
        self.added = added
        self.changed = changed
        self.removed = removed
        self.diff = diff
    }
}

/// A failure to read or write the output folder.
public struct OutputError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public var description: String { "\(path): \(reason)" }
}

/// Phase 5, write: puts files into the output folder, or compares them with it.
///
/// Writing is all or nothing as far as the file system allows: every changed file is first written to a
/// temporary file beside its target, and only when all of them are written are they renamed into place
/// (each rename is atomic). Files synth wrote before (they start with ``FileRenderer/marker``, or a Markdown
/// comment holding it) and no longer produces are removed; any other file is left alone. Unchanged files are
/// not rewritten, so their modification times stay. Two synth runs on the same folder take turns through a
/// lock on the folder.
public enum OutputWriter {
    /// Writes every folder of ``Pipeline/render(_:)``, one after another, each as ``write(_:to:)`` does.
    public static func write(_ folders: [OutputFolder]) throws(OutputError) -> [WriteSummary] {
        var summaries: [WriteSummary] = []
        for folder in folders { summaries.append(try write(folder.files, to: folder.path)) }
        return summaries
    }

    /// Writes `files` into `directory` (see the type's documentation). Each file is rendered, compared with the
    /// file it replaces and, when different, written to its temporary file in turn, so only one is held in
    /// memory; every existing file is read once into a reused buffer and compared byte for byte.
    ///
    /// Errors keep their order of precedence: a path outside the folder or a file synth did not write, the
    /// first in `files` order, is reported before any failure to write, and nothing stays behind either way.
    public static func write<File: OutputFile>(_ files: [File], to directory: String) throws(OutputError) -> WriteSummary {
        let folderExisted = FileManager.default.fileExists(atPath: directory)
        try createDirectory(directory)
        let lock = try FolderLock(directory)
        defer { lock.release() }
        var listed = try candidates(in: directory, removingLeftovers: true)
        var reader = ExistingFileReader()
        var buffer: [UInt8] = []
        var summary = WriteSummary()
        var staged: [(temporary: String, target: String)] = []
        var createdFolders: [String] = []
        var knownFolders: Set<String> = [directory]
        // The first failure to write: the remaining files are still checked, and a problem with one of them is
        // what is reported.
        var writeFailure: OutputError?
        let processID = getpid()

        func undo() {
            for item in staged { unlink(item.temporary) }
            for folder in createdFolders.reversed() { rmdir(folder) }
        }

        for file in files {
            let existing: Bool
            do throws(OutputError) {
                try checkRelative(file.path)
                if markProduced(file.path, in: &listed), reader.read(file.path, in: directory), isOwned(file.path, reader.contents) {
                    existing = true
                } else if folderExisted, FileManager.default.fileExists(atPath: directory + "/" + file.path) {
                    // (In a folder this run created, nothing can be in the way.)
                    throw foreignFile(directory + "/" + file.path)
                } else {
                    existing = false
                }
            } catch {
                undo()
                throw error
            }
            guard writeFailure == nil else { continue }
            file.render(into: &buffer)
            if existing && reader.matches(buffer) {
                summary.unchanged.append(file.path)
                continue
            }
            do throws(OutputError) {
                let target = directory + "/" + file.path
                let folder = (target as NSString).deletingLastPathComponent
                if knownFolders.insert(folder).inserted, !FileManager.default.fileExists(atPath: folder) {
                    try createDirectory(folder)
                    createdFolders.append(folder)
                }
                let temporary = folder + "/.\((target as NSString).lastPathComponent)\(temporarySuffix)\(processID).tmp"
                staged.append((temporary, target))
                try writeFile(temporary, buffer)
                summary.written.append(file.path)
            } catch {
                writeFailure = error
            }
        }
        if let writeFailure {
            undo()
            if !folderExisted { rmdir(directory) }
            throw writeFailure
        }
        for (index, item) in staged.enumerated() where rename(item.temporary, item.target) != 0 {
            let reason = String(cString: strerror(errno))
            for rest in staged[index...] { unlink(rest.temporary) }
            throw OutputError(path: item.target, reason: "cannot replace: \(reason)")
        }
        for path in notProduced(listed) {
            let target = directory + "/" + path
            guard reader.read(path, in: directory), isOwned(path, reader.contents) else { continue }
            guard unlink(target) == 0 else {
                throw OutputError(path: target, reason: "cannot remove: \(String(cString: strerror(errno)))")
            }
            summary.removed.append(path)
            removeEmptyParents(of: path, in: directory)
        }
        return summary
    }

    /// Compares without writing anything. A file at a generated path that synth did not write is an error, as
    /// it is for ``write(_:to:)``. Files are rendered and compared one at a time.
    package static func check<File: OutputFile>(_ files: [File], against directory: String) throws(OutputError) -> DriftReport {
        var listed = try candidates(in: directory, removingLeftovers: false)
        var reader = ExistingFileReader()
        var buffer: [UInt8] = []
        var report = DriftReport()
        var diffs: [String] = []
        for file in files {
            if markProduced(file.path, in: &listed), reader.read(file.path, in: directory), isOwned(file.path, reader.contents) {
                file.render(into: &buffer)
                if !reader.matches(buffer) {
                    report.changed.append(file.path)
                    diffs.append(UnifiedDiff.render(old: reader.text, new: String(decoding: buffer, as: UTF8.self), oldPath: file.path, newPath: file.path))
                }
            } else if FileManager.default.fileExists(atPath: directory + "/" + file.path) {
                throw foreignFile(directory + "/" + file.path)
            } else {
                file.render(into: &buffer)
                report.added.append(file.path)
                diffs.append(UnifiedDiff.render(old: nil, new: String(decoding: buffer, as: UTF8.self), oldPath: file.path, newPath: file.path))
            }
        }
        for path in notProduced(listed) {
            guard reader.read(path, in: directory), isOwned(path, reader.contents) else { continue }
            report.removed.append(path)
            diffs.append(UnifiedDiff.render(old: reader.text, new: nil, oldPath: path, newPath: path))
        }
        report.diff = diffs.joined()
        return report
    }

    /// The files under `directory` that synth wrote, by relative path: `.yaml`/`.yml` files that start with the
    /// marker, and `.md` files whose first line is the marker inside an HTML comment.
    static func ownedFiles(in directory: String) throws(OutputError) -> [String: Data] {
        var owned: [String: Data] = [:]
        var reader = ExistingFileReader()
        for path in try candidates(in: directory, removingLeftovers: false).keys {
            guard reader.read(path, in: directory), isOwned(path, reader.contents) else { continue }
            owned[path] = Data(reader.contents)
        }
        return owned
    }

    /// The relative paths of the `.yaml`, `.yml` and `.md` files under `directory` (those synth may own), each
    /// with whether a file of this run has its path (false here; see ``markProduced(_:in:)``); with
    /// `removingLeftovers`, temporary files of a synth run that was killed before it renamed them are removed
    /// on the way (the lock is held, so no other run is using them).
    private static func candidates(in directory: String, removingLeftovers: Bool) throws(OutputError) -> [String: Bool] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else { return [:] }
        guard isDirectory.boolValue else { throw OutputError(path: directory, reason: "is not a folder") }
        let listing = DirectoryListing.relativePaths(under: directory)
        var paths: [String: Bool] = [:]
        paths.reserveCapacity(listing.count)
        for relative in listing {
            if relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") || relative.hasSuffix(".md") {
                paths[relative] = false
            } else if removingLeftovers, relative.hasSuffix(".tmp") {
                let name = (relative as NSString).lastPathComponent
                if name.hasPrefix("."), name.contains(temporarySuffix) { unlink(directory + "/" + relative) }
            }
        }
        return paths
    }

    /// Whether `path` is one of the `listed` candidates; if so, marks it as a path this run produces (one lookup
    /// per file, where a set of produced paths cost two more).
    private static func markProduced(_ path: String, in listed: inout [String: Bool]) -> Bool {
        guard let index = listed.index(forKey: path) else { return false }
        listed.values[index] = true
        return true
    }

    /// The listed candidates no file of this run has the path of, sorted.
    private static func notProduced(_ listed: [String: Bool]) -> [String] {
        listed.compactMap { $0.value ? nil : $0.key }.sorted()
    }

    private static let marker = Array(FileRenderer.marker.utf8)
    private static let markdownMarker = Array((FileRenderer.markdownCommentOpen + FileRenderer.marker).utf8)
    private static let markdownClose = Array(FileRenderer.markdownCommentClose.utf8)

    /// Whether `contents`, the file at `path`, is one synth wrote: a YAML file that starts with the marker, or a
    /// Markdown file whose first line is the marker inside an HTML comment.
    private static func isOwned(_ path: String, _ contents: ArraySlice<UInt8>) -> Bool {
        if path.utf8.last == UInt8(ascii: "d"), path.hasSuffix(".md") {
            let firstLine = contents.prefix { $0 != UInt8(ascii: "\n") }
            return firstLine.starts(with: markdownMarker) && firstLine.suffix(markdownClose.count).elementsEqual(markdownClose)
        }
        // The marker's bytes compared at once (the generic `starts(with:)` goes element by element).
        guard contents.count >= marker.count else { return false }
        return contents.withUnsafeBytes { contents in
            marker.withUnsafeBytes { marker in
                guard let left = contents.baseAddress, let right = marker.baseAddress else { return marker.isEmpty }
                return memcmp(left, right, marker.count) == 0
            }
        }
    }

    /// Temporary files are named `.<name><suffix><pid>.tmp` beside their target.
    static let temporarySuffix = ".image-factory-"

    private static func foreignFile(_ target: String) -> OutputError {
        OutputError(path: target, reason: "exists but was not written by image-factory (no header line); move it away")
    }

    /// Writes `bytes` to a new file (no fsync: the rename that follows is what makes the change visible).
    static func writeFile(_ path: String, _ bytes: [UInt8]) throws(OutputError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw OutputError(path: path, reason: "cannot create: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var failure: Int32 = 0
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count, let base = buffer.baseAddress {
                let written = Foundation.write(descriptor, base + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        if failure != 0 { throw OutputError(path: path, reason: "cannot write: \(String(cString: strerror(failure)))") }
    }

    static func checkRelative(_ path: String) throws(OutputError) {
        guard isRelative(path) else { throw OutputError(path: path, reason: "refusing to write outside the output folder") }
    }

    /// Not empty, not absolute, and no component empty, `.` or `..`. ASCII paths (all of synth's own) are checked
    /// byte by byte; others by character, where a combining mark after `/` is part of that character.
    private static func isRelative(_ path: String) -> Bool {
        if let ascii = path.utf8.withContiguousStorageIfAvailable(isRelativeASCII), let ascii { return ascii }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        return !path.isEmpty && !path.hasPrefix("/") && !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." })
    }

    /// ``isRelative(_:)`` for an ASCII path, by its bytes; nil when the path is not ASCII.
    private static func isRelativeASCII(_ path: UnsafeBufferPointer<UInt8>) -> Bool? {
        var componentLength = 0
        var dots = 0
        for byte in path {
            if byte >= 0x80 { return nil }
            if byte == UInt8(ascii: "/") {
                if componentLength == 0 || componentLength == dots && dots <= 2 { return false }
                componentLength = 0
                dots = 0
            } else {
                componentLength += 1
                if byte == UInt8(ascii: ".") { dots += 1 }
            }
        }
        return !(componentLength == 0 || componentLength == dots && dots <= 2)
    }

    static func createDirectory(_ path: String) throws(OutputError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw OutputError(path: path, reason: "cannot create folder: \(error.localizedDescription)")
        }
    }

    private static func removeEmptyParents(of path: String, in directory: String) {
        var parent = (path as NSString).deletingLastPathComponent
        while !parent.isEmpty {
            let full = directory + "/" + parent
            guard let contents = try? FileManager.default.contentsOfDirectory(atPath: full), contents.isEmpty else { return }
            try? FileManager.default.removeItem(atPath: full)
            parent = (parent as NSString).deletingLastPathComponent
        }
    }
}

/// An exclusive `flock` on the output folder itself, so no lock file appears in it.
struct FolderLock {
    private let descriptor: Int32

    init(_ directory: String) throws(OutputError) {
        descriptor = open(directory, O_RDONLY)
        guard descriptor >= 0 else { throw OutputError(path: directory, reason: "cannot open folder: \(String(cString: strerror(errno)))") }
        guard flock(descriptor, LOCK_EX) == 0 else {
            close(descriptor)
            throw OutputError(path: directory, reason: "cannot lock folder: \(String(cString: strerror(errno)))")
        }
    }

    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
