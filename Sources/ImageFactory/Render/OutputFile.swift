/// A file for the output folder: its path, and its bytes when the writer asks for them. ``GeneratedFile`` holds
/// its bytes; ``PendingFile`` renders them on demand, so a synth run holds one rendered file at a time.
public protocol OutputFile {
    /// Relative to the output folder, with `/` separators.
    var path: String { get }
    /// Replaces the contents of `buffer` with the file's bytes (the buffer is reused from file to file).
    func render(into buffer: inout [UInt8])
}

extension GeneratedFile: OutputFile {
    /// Copies the file's bytes into `buffer`.
    public func render(into buffer: inout [UInt8]) {
        buffer.removeAll(keepingCapacity: true)
        buffer.append(contentsOf: bytes)
    }
}
