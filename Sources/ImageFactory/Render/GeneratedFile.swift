/// A file synth produces, held in memory until the Write stage puts it on disk.
public struct GeneratedFile: Sendable, Hashable {
    /// Relative to the output folder, with `/` separators.
    public var path: String
    public var contents: String

    public init(path: String, contents: String) {
        self.path = path
        self.contents = contents
    }
}
