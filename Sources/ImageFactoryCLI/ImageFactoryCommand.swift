import ArgumentParser
import Foundation
import ImageFactory

@main
struct ImageFactoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image-factory",
        abstract: "Generates Kargo rebuild pipelines for the container images listed in images.yaml.",
        discussion: """
            Exit codes: 0 success; 1 drift (synth --check found differences) or a failed analysis; \
            2 invalid input (images.yaml, a Dockerfile, or the command line); 3 the output folder could not be \
            read or written.
            """,
        version: "0.1.0",
        subcommands: [Synth.self, Analyze.self, Explain.self, Init.self, Graph.self, Schema.self]
    )

    /// Usage errors exit with 2, like invalid input, instead of ArgumentParser's 64.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code.rawValue == 64 {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// Exit codes of the CLI.
enum ExitStatus {
    static let drift = ExitCode(1)
    static let invalidInput = ExitCode(2)
    static let outputFailure = ExitCode(3)
    /// `analyze` could not download the Dockerfile, for a reason that may pass (EX_TEMPFAIL).
    static let unavailable = ExitCode(75)
}

/// Writes a line to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Prints every problem of invalid input, then the one-line summary, to standard error.
func reportInvalidInput(_ error: InvalidInput) {
    for diagnostic in error.diagnostics { printError(Terminal.render(diagnostic)) }
    let count = error.diagnostics.count
    printError("image-factory: \(count) problem\(count == 1 ? "" : "s") found; nothing was written")
}
