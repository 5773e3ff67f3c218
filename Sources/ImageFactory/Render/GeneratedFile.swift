/// A file synth produces, held in memory until the write phase puts it on disk.
public struct GeneratedFile: Sendable, Hashable {
    /// Relative to the output folder, with `/` separators.
    public var path: String
    /// The file's content as UTF-8, exactly as it is written.
    public var bytes: [UInt8]

    /// The file's content as text.
    public var contents: String {
        get { String(decoding: bytes, as: UTF8.self) }
        set { bytes = Array(newValue.utf8) }
    }

    public init(path: String, contents: String) {
        self.path = path
        self.bytes = Array(contents.utf8)
    }

    /// A file from its UTF-8 bytes.
    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }
}
