/// Renders workflows to YAML text: the header line, then the workflow with each pinned action's release as a
/// comment after its commit (`uses: owner/repo@<sha> # vX.Y.Z`, the form Dependabot, Renovate and zizmor's
/// `ref-version-mismatch` read).
public enum WorkflowRenderer {
    public static func render(_ file: WorkflowFile, configFile: String) throws -> GeneratedFile {
        var bytes: [UInt8] = []
        render(file, configFile: configFile, into: &bytes)
        return GeneratedFile(path: file.path, bytes: bytes)
    }

    /// Appends the rendered workflow to `buffer`.
    static func render(_ file: WorkflowFile, configFile: String, into buffer: inout [UInt8]) {
        render(file, header: Array(FileRenderer.header(configFile: configFile).utf8), into: &buffer)
    }

    /// Appends the rendered workflow to `buffer` behind `header`, the UTF-8 of ``FileRenderer/header(configFile:)``.
    static func render(_ file: WorkflowFile, header: [UInt8], into buffer: inout [UInt8]) {
        buffer.append(contentsOf: header)
        let yamlStart = buffer.count
        YAMLOutput.stream(into: &buffer) { $0.document(file.workflow) }
        buffer = commentingVersions(buffer, from: yamlStart)
    }

    private static let versions: [String: String] = Dictionary(
        PinnedAction.all.map { ($0.reference, $0.version) }, uniquingKeysWith: { first, _ in first })

    /// Appends `# <version>` to every `uses:` line naming a pinned action. Scripts cannot hold such a line
    /// (``ScriptRenderer`` refuses it), so only keys match.
    static func commentingVersions(_ yaml: String) -> String {
        String(decoding: commentingVersions(Array(yaml.utf8), from: 0), as: UTF8.self)
    }

    private static let uses = Array("uses: ".utf8)

    /// ``commentingVersions(_:)`` on the lines of `bytes` from `start` on: a line whose text after its leading
    /// spaces and `-`s is `uses: <reference>` of a pinned action gets ` # <version>`. Such lines are found by
    /// looking for `uses: ` (a `u` at a time), not by reading every line.
    static func commentingVersions(_ bytes: [UInt8], from start: Int) -> [UInt8] {
        var insertions: [(at: Int, comment: String)] = []
        bytes.withUnsafeBufferPointer { text in
            var index = start
            while true {
                let found = ByteScan.firstIndex(of: UInt8(ascii: "u"), in: text, from: index)
                guard found + uses.count < text.count else { break }
                guard uses.indices.allSatisfy({ text[found + $0] == uses[$0] }) else {
                    index = found + 1
                    continue
                }
                // Only spaces and `-`s may come before it on its line.
                var lineStart = found
                while lineStart > start && (text[lineStart - 1] == 0x20 || text[lineStart - 1] == UInt8(ascii: "-")) { lineStart -= 1 }
                let lineEnd = ByteScan.firstIndex(of: 0x0A, in: text, from: found)
                if lineStart == start || text[lineStart - 1] == 0x0A, lineEnd - found > uses.count {
                    let reference = String(decoding: UnsafeBufferPointer(rebasing: text[(found + uses.count)..<lineEnd]), as: UTF8.self)
                    if let version = versions[reference] { insertions.append((lineEnd, " # \(version)")) }
                }
                index = lineEnd
            }
        }
        guard !insertions.isEmpty else { return bytes }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + insertions.count * 12)
        var copied = 0
        for insertion in insertions {
            result.append(contentsOf: bytes[copied..<insertion.at])
            result.append(contentsOf: insertion.comment.utf8)
            copied = insertion.at
        }
        result.append(contentsOf: bytes[copied...])
        return result
    }
}
