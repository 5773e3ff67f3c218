import Foundation

/// Runs a program the way a workflow step runs a script: no stdin, stdout and stderr captured in full (through
/// files, so a chatty script cannot fill a pipe and hang).
package enum ScriptProcess {
    package struct Output {
        package var status: Int32
        package var stdout: String
        package var stderr: String
    }

    package static func run(_ executable: String, _ arguments: [String], in directory: URL, environment: [String: String]) throws -> Output {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("script-io-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let stdoutURL = scratch.appendingPathComponent("stdout")
        let stderrURL = scratch.appendingPathComponent("stderr")
        try Data().write(to: stdoutURL)
        try Data().write(to: stderrURL)
        let stdout = try FileHandle(forWritingTo: stdoutURL)
        let stderr = try FileHandle(forWritingTo: stderrURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = directory
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        process.waitUntilExit()
        try stdout.close()
        try stderr.close()
        return Output(
            status: process.terminationStatus,
            stdout: try String(contentsOf: stdoutURL, encoding: .utf8),
            stderr: try String(contentsOf: stderrURL, encoding: .utf8))
    }
}
