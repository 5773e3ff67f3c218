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
/// (each rename is atomic). Files synth wrote before (they start with ``FileRenderer/marker``) and no longer
/// produces are removed; any other file is left alone. Unchanged files are not rewritten, so their
/// modification times stay. Two synth runs on the same folder take turns through a lock on the folder.
public enum OutputWriter {
    public static func write(_ files: [GeneratedFile], to directory: String) throws(OutputError) -> WriteSummary {
        try createDirectory(directory)
        let lock = try FolderLock(directory)
        defer { lock.release() }
        let existing = try ownedFiles(in: directory)
        var summary = WriteSummary()
        var staged: [(temporary: String, target: String)] = []
        do throws(OutputError) {
            for file in files {
                try checkRelative(file.path)
                let target = directory + "/" + file.path
                let data = Data(file.contents.utf8)
                if let current = FileManager.default.contents(atPath: target), current == data {
                    summary.unchanged.append(file.path)
                    continue
                }
                try createDirectory((target as NSString).deletingLastPathComponent)
                let temporary = (target as NSString).deletingLastPathComponent + "/.\((target as NSString).lastPathComponent).image-factory-\(getpid()).tmp"
                guard FileManager.default.createFile(atPath: temporary, contents: data) else {
                    throw OutputError(path: target, reason: "cannot write (disk full or no permission?)")
                }
                staged.append((temporary, target))
                summary.written.append(file.path)
            }
        } catch {
            for item in staged { try? FileManager.default.removeItem(atPath: item.temporary) }
            throw error
        }
        for (index, item) in staged.enumerated() where rename(item.temporary, item.target) != 0 {
            let reason = String(cString: strerror(errno))
            for rest in staged[index...] { try? FileManager.default.removeItem(atPath: rest.temporary) }
            throw OutputError(path: item.target, reason: "cannot replace: \(reason)")
        }
        let produced = Set(files.map(\.path))
        for path in existing.keys.sorted() where !produced.contains(path) {
            let target = directory + "/" + path
            do {
                try FileManager.default.removeItem(atPath: target)
            } catch {
                throw OutputError(path: target, reason: "cannot remove: \(error.localizedDescription)")
            }
            summary.removed.append(path)
            removeEmptyParents(of: path, in: directory)
        }
        return summary
    }

    /// Compares without writing anything.
    public static func check(_ files: [GeneratedFile], against directory: String) throws(OutputError) -> DriftReport {
        let existing = try ownedFiles(in: directory)
        var report = DriftReport()
        var diffs: [String] = []
        let produced = Set(files.map(\.path))
        for file in files {
            let target = directory + "/" + file.path
            guard let data = FileManager.default.contents(atPath: target) else {
                report.added.append(file.path)
                diffs.append(UnifiedDiff.render(old: nil, new: file.contents, oldPath: file.path, newPath: file.path))
                continue
            }
            let current = String(decoding: data, as: UTF8.self)
            if current != file.contents {
                report.changed.append(file.path)
                diffs.append(UnifiedDiff.render(old: current, new: file.contents, oldPath: file.path, newPath: file.path))
            }
        }
        for (path, contents) in existing.sorted(by: { $0.key < $1.key }) where !produced.contains(path) {
            report.removed.append(path)
            diffs.append(UnifiedDiff.render(old: contents, new: nil, oldPath: path, newPath: path))
        }
        report.diff = diffs.joined()
        return report
    }

    /// The files under `directory` that synth wrote (their first line is the marker), by relative path.
    static func ownedFiles(in directory: String) throws(OutputError) -> [String: String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else { return [:] }
        guard isDirectory.boolValue else { throw OutputError(path: directory, reason: "is not a folder") }
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [:] }
        var owned: [String: String] = [:]
        let marker = Data(FileRenderer.marker.utf8)
        while let relative = enumerator.nextObject() as? String {
            guard relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") else { continue }
            let path = directory + "/" + relative
            guard let data = FileManager.default.contents(atPath: path), data.starts(with: marker) else { continue }
            owned[relative] = String(decoding: data, as: UTF8.self)
        }
        return owned
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
