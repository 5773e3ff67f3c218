import Foundation
import Testing
@testable import ImageFactory
import ImageFactoryTestSupport

/// Conventions of the command line: quiet runs, JSON summaries, colour only for a person at a terminal.
@Suite(.serialized)
struct CLIConventionTests {
    let folder: String

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("image-factory-cli-conventions-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "FROM node:22\n".write(toFile: folder + "/Dockerfile", atomically: true, encoding: .utf8)
        try HostileInputTests.good.write(toFile: folder + "/images.yaml", atomically: true, encoding: .utf8)
    }

    @Test func quietPrintsNothingAndKeepsExitCodes() throws {
        let written = try CLIProcess.run(["synth", "--quiet"], in: folder)
        #expect(written.status == 0 && written.stdout.isEmpty && written.stderr.isEmpty)
        #expect(try CLIProcess.run(["synth", "-q", "--check"], in: folder).stdout.isEmpty)
        try "FROM node:20\n".write(toFile: folder + "/Dockerfile", atomically: true, encoding: .utf8)
        let drift = try CLIProcess.run(["synth", "-q", "--check"], in: folder)
        #expect(drift.status == 1 && drift.stdout.isEmpty)
    }

    @Test func jsonSummaryForScripts() throws {
        let result = try CLIProcess.run(["synth", "--format", "json"], in: folder)
        #expect(result.status == 0)
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(summary["files"] as? Int == 7)
        #expect((summary["objects"] as? [String: Int])?["Stage"] == 2)
        #expect((summary["written"] as? [String])?.contains("images/app.yaml") == true)
        let check = try CLIProcess.run(["synth", "--check", "--format", "json"], in: folder)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
        #expect(report["upToDate"] as? Bool == true)
        #expect(report["wouldChange"] as? [String] == [])
    }

    @Test func colourOnlyOnATerminalAndNeverWithNoColor() throws {
        try "- name: Bad\n".write(toFile: folder + "/images.yaml", atomically: true, encoding: .utf8)
        let piped = try CLIProcess.run(["synth"], in: folder)
        #expect(!piped.stderr.contains("\u{1B}["))
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { return }
        let command = "'\(CLIProcess.executable)' synth"
        let terminal = try CLIProcess.runShell("env -u NO_COLOR TERM=xterm script -qec \"\(command)\" /dev/null", in: folder)
        #expect(terminal.stdout.contains("\u{1B}[1;31merror:\u{1B}[0m"), "\(terminal.stdout.debugDescription)")
        let noColor = try CLIProcess.runShell("env TERM=xterm NO_COLOR=1 script -qec \"\(command)\" /dev/null", in: folder)
        #expect(noColor.stdout.contains("error:") && !noColor.stdout.contains("\u{1B}["))
    }

    @Test func versionAndCompletions() throws {
        #expect(try CLIProcess.run(["--version"], in: folder).stdout == "0.1.0\n")
        let completion = try CLIProcess.run(["--generate-completion-script", "bash"], in: folder)
        #expect(completion.status == 0 && completion.stdout.contains("synth") && completion.stdout.contains("explain"))
    }
}
