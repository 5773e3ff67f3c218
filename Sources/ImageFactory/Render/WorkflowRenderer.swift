import ImageFactoryYAML

/// Renders workflows to YAML text: the header line, then the workflow with each pinned action's release as a
/// comment after its commit (`uses: owner/repo@<sha> # vX.Y.Z`, the form Dependabot, Renovate and zizmor's
/// `ref-version-mismatch` read).
package enum WorkflowRenderer {
    package static func render(_ file: WorkflowFile, configFile: String) throws -> GeneratedFile {
        var bytes: [UInt8] = []
        render(file, configFile: configFile, into: &bytes)
        return GeneratedFile(path: file.path, bytes: bytes)
    }

    /// Appends the rendered workflow to `buffer`.
    static func render(_ file: WorkflowFile, configFile: String, into buffer: inout [UInt8]) {
        render(file, header: Array(FileRenderer.header(configFile: configFile).utf8), into: &buffer)
    }

    /// Appends the rendered workflow to `buffer` behind `header`, the UTF-8 of ``FileRenderer/header(configFile:)``.
    /// The version comments are written by ``Step`` and ``Job`` as they write their `uses:`.
    static func render(_ file: WorkflowFile, header: [UInt8], into buffer: inout [UInt8]) {
        buffer.append(contentsOf: header)
        YAMLOutput.stream(into: &buffer) { $0.document(file.workflow) }
    }
}
