/// Renders workflows to YAML text: the header line, then the workflow with each pinned action's release as a
/// comment after its commit (`uses: owner/repo@<sha> # vX.Y.Z`, the form Dependabot, Renovate and zizmor's
/// `ref-version-mismatch` read).
public enum WorkflowRenderer {
    public static func render(_ file: WorkflowFile, configFile: String) throws -> GeneratedFile {
        GeneratedFile(path: file.path, contents: FileRenderer.header(configFile: configFile) + commentingVersions(try YAMLEmitter.emit(file.workflow.yaml)))
    }

    private static let versions: [String: String] = Dictionary(
        PinnedAction.all.map { ($0.reference, $0.version) }, uniquingKeysWith: { first, _ in first })

    /// Appends `# <version>` to every `uses:` line naming a pinned action. Scripts cannot hold such a line
    /// (``ScriptRenderer`` refuses it), so only keys match.
    static func commentingVersions(_ yaml: String) -> String {
        var lines = yaml.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for index in lines.indices {
            let content = lines[index].drop { $0 == " " || $0 == "-" }
            guard content.hasPrefix("uses: "), let version = versions[String(content.dropFirst(6))] else { continue }
            lines[index] += " # \(version)"
        }
        return lines.joined(separator: "\n")
    }
}
