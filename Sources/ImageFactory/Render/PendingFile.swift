/// A file of the output whose bytes are rendered only when the writer asks for them (see ``OutputFile``).
public struct PendingFile: OutputFile, Sendable {
    /// Relative to the output folder, with `/` separators.
    public var path: String
    private let renderer: @Sendable (inout [UInt8]) -> Void

    /// A file at `path` whose bytes `render` appends to the (empty) buffer it is given.
    public init(path: String, render: @escaping @Sendable (inout [UInt8]) -> Void) {
        self.path = path
        self.renderer = render
    }

    /// Renders the file into `buffer`, replacing what it held.
    public func render(into buffer: inout [UInt8]) {
        buffer.removeAll(keepingCapacity: true)
        renderer(&buffer)
    }

    /// The file rendered into memory.
    public var generated: GeneratedFile {
        var bytes: [UInt8] = []
        render(into: &bytes)
        return GeneratedFile(path: path, bytes: bytes)
    }
}
