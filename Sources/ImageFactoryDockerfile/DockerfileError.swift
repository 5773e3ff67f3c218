/// A Dockerfile that cannot be read, with the 1-based position of the problem.
package struct DockerfileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// 1-based line.
    package var line: Int
    /// 1-based column, in characters of the original line.
    package var column: Int
    /// What is wrong.
    package var message: String

    package init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    /// `line:column: message`
    package var description: String { "\(line):\(column): \(message)" }
}
