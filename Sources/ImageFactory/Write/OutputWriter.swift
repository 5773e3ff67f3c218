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
public struct DriftReport: Sendable, Hashable {
    public var added: [String] = []
    public var changed: [String] = []
    public var removed: [String] = []
    /// A unified diff of every difference, `a/` being the folder and `b/` what synth would write.
    public var diff: String = ""

    public var isClean: Bool { added.isEmpty && changed.isEmpty && removed.isEmpty }

    public init(added: [String] = [], changed: [String] = [], removed: [String] = [], diff: String = "") {
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

/// Stage 5: puts files into the output folder, or compares them with it.
///
/// Writing is all or nothing as far as the file system allows: every changed file is first written to a
/// temporary file beside its target, and only when all of them are written are they renamed into place
/// (each rename is atomic). Files synth wrote before (they start with ``FileRenderer/marker``, or a Markdown
/// comment holding it) and no longer produces are removed; any other file is left alone. Unchanged files are
/// not rewritten, so their modification times stay. Two synth runs on the same folder take turns through a
/// lock on the folder.
public enum OutputWriter {
    public static func write(_ files: [GeneratedFile], to directory: String) throws(OutputError) -> WriteSummary {
        let folderExisted = FileManager.default.fileExists(atPath: directory)
        try createDirectory(directory)
        let lock = try FolderLock(directory)
        defer { lock.release() }
        removeLeftoverTemporaryFiles(in: directory)
        let existing = try ownedFiles(in: directory)
        for file in files {
            try checkRelative(file.path)
            try refuseForeignFile(file.path, in: directory, owned: existing)
        }
        var summary = WriteSummary()
        var staged: [(temporary: String, target: String)] = []
        var createdFolders: [String] = []
        var knownFolders: Set<String> = [directory]
        do throws(OutputError) {
            for file in files {
                let target = directory + "/" + file.path
                let data = Data(file.contents.utf8)
                if existing[file.path] == data {
                    summary.unchanged.append(file.path)
                    continue
                }
                let folder = (target as NSString).deletingLastPathComponent
                if knownFolders.insert(folder).inserted, !FileManager.default.fileExists(atPath: folder) {
                    try createDirectory(folder)
                    createdFolders.append(folder)
                }
                let temporary = folder + "/.\((target as NSString).lastPathComponent)\(temporarySuffix)\(getpid()).tmp"
                staged.append((temporary, target))
                try writeFile(temporary, data)
                summary.written.append(file.path)
            }
        } catch {
            for item in staged { unlink(item.temporary) }
            for folder in createdFolders.reversed() { rmdir(folder) }
            if !folderExisted { rmdir(directory) }
            throw error
        }
        for (index, item) in staged.enumerated() where rename(item.temporary, item.target) != 0 {
            let reason = String(cString: strerror(errno))
            for rest in staged[index...] { unlink(rest.temporary) }
            throw OutputError(path: item.target, reason: "cannot replace: \(reason)")
        }
        let produced = Set(files.map(\.path))
        for path in existing.keys.sorted() where !produced.contains(path) {
            let target = directory + "/" + path
            guard unlink(target) == 0 else {
                throw OutputError(path: target, reason: "cannot remove: \(String(cString: strerror(errno)))")
            }
            summary.removed.append(path)
            removeEmptyParents(of: path, in: directory)
        }
        return summary
    }

    /// Compares without writing anything. A file at a generated path that synth did not write is an error, as
    /// it is for ``write(_:to:)``.
    public static func check(_ files: [GeneratedFile], against directory: String) throws(OutputError) -> DriftReport {
        let existing = try ownedFiles(in: directory)
        var report = DriftReport()
        var diffs: [String] = []
        let produced = Set(files.map(\.path))
        for file in files {
            try refuseForeignFile(file.path, in: directory, owned: existing)
            guard let data = existing[file.path] else {
                report.added.append(file.path)
                diffs.append(UnifiedDiff.render(old: nil, new: file.contents, oldPath: file.path, newPath: file.path))
                continue
            }
            if data != Data(file.contents.utf8) {
                report.changed.append(file.path)
                diffs.append(UnifiedDiff.render(old: String(decoding: data, as: UTF8.self), new: file.contents, oldPath: file.path, newPath: file.path))
            }
        }
        for (path, data) in existing.sorted(by: { $0.key < $1.key }) where !produced.contains(path) {
            report.removed.append(path)
            diffs.append(UnifiedDiff.render(old: String(decoding: data, as: UTF8.self), new: nil, oldPath: path, newPath: path))
        }
        report.diff = diffs.joined()
        return report
    }

    /// The files under `directory` that synth wrote, by relative path: `.yaml`/`.yml` files that start with the
    /// marker, and `.md` files whose first line is the marker inside an HTML comment.
    static func ownedFiles(in directory: String) throws(OutputError) -> [String: Data] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else { return [:] }
        guard isDirectory.boolValue else { throw OutputError(path: directory, reason: "is not a folder") }
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [:] }
        var owned: [String: Data] = [:]
        let marker = Data(FileRenderer.marker.utf8)
        let markdownMarker = Data((FileRenderer.markdownCommentOpen + FileRenderer.marker).utf8)
        let markdownClose = Data(FileRenderer.markdownCommentClose.utf8)
        while let relative = enumerator.nextObject() as? String {
            let isYAML = relative.hasSuffix(".yaml") || relative.hasSuffix(".yml")
            guard isYAML || relative.hasSuffix(".md") else { continue }
            guard let data = FileManager.default.contents(atPath: directory + "/" + relative) else { continue }
            if isYAML {
                guard data.starts(with: marker) else { continue }
            } else {
                let firstLine = data.prefix { $0 != UInt8(ascii: "\n") }
                guard firstLine.starts(with: markdownMarker), firstLine.suffix(markdownClose.count).elementsEqual(markdownClose) else { continue }
            }
            owned[relative] = data
        }
        return owned
    }

    /// Temporary files are named `.<name><suffix><pid>.tmp` beside their target.
    static let temporarySuffix = ".image-factory-"

    private static func refuseForeignFile(_ path: String, in directory: String, owned: [String: Data]) throws(OutputError) {
        let target = directory + "/" + path
        if owned[path] == nil, FileManager.default.fileExists(atPath: target) {
            throw OutputError(path: target, reason: "exists but was not written by image-factory (no header line); move it away")
        }
    }

    /// Temporary files of a synth run that was killed before it renamed them (the lock is held, so no other
    /// run is using them).
    private static func removeLeftoverTemporaryFiles(in directory: String) {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return }
        while let relative = enumerator.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix("."), name.hasSuffix(".tmp"), name.contains(temporarySuffix) { unlink(directory + "/" + relative) }
        }
    }

    /// Writes `data` to a new file (no fsync: the rename that follows is what makes the change visible).
    static func writeFile(_ path: String, _ data: Data) throws(OutputError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw OutputError(path: path, reason: "cannot create: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var failure: Int32 = 0
        data.withUnsafeBytes { buffer in
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
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard !path.isEmpty, !path.hasPrefix("/"), !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else {
            throw OutputError(path: path, reason: "refusing to write outside the output folder")
        }
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
