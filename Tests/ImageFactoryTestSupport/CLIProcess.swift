import Foundation

/// The `image-factory` executable, run as a user runs it: arguments, a working folder, captured output and status.
package enum CLIProcess {
    package struct Result {
        package var status: Int32
        package var stdout: String
        package var stderr: String
    }

    /// The `image-factory` executable SwiftPM built next to this test bundle.
    package static var executable: String {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = testBinary.deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("image-factory").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return Fixture.repository + "/.build/debug/image-factory"
    }

    /// Runs `image-factory` in `folder` and waits for it.
    package static func run(_ arguments: [String], in folder: String) throws -> Result {
        try wait(for: executable, arguments, in: folder)
    }

    /// Runs a `/bin/sh -c` command line in `folder` and waits for it.
    package static func runShell(_ command: String, in folder: String) throws -> Result {
        try wait(for: "/bin/sh", ["-c", command], in: folder)
    }

    private static func wait(for program: String, _ arguments: [String], in folder: String) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Starts `image-factory` in `folder` without waiting; its output is discarded.
    package static func start(_ arguments: [String], in folder: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }
}
