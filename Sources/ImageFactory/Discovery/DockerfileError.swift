/// A Dockerfile that cannot be read, with the 1-based position of the problem.
public struct DockerfileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// 1-based line.
    public var line: Int
    /// 1-based column, in characters of the original line.
    public var column: Int
    /// What is wrong.
    public var message: String

    public init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    /// `line:column: message`
    public var description: String { "\(line):\(column): \(message)" }
}
