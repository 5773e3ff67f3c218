/// A folder synth writes and the files that go into it, by path relative to it.
public struct OutputFolder: Sendable {
    /// The folder, as the pipeline was given it (relative to the working directory, or absolute).
    public var path: String
    /// Sorted by path; each is rendered when its bytes are asked for.
    public var files: [PendingFile]

    public init(path: String, files: [PendingFile]) {
        self.path = path
        self.files = files
    }
}
