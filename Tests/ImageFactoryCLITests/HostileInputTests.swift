import Foundation
import Testing
@testable import ImageFactory
import ImageFactoryTestSupport

/// Hostile and broken input, through the real command line: each case exits 2 with a message located at the
/// problem, and the output folder stays byte-identical to the last good run.
@Suite(.serialized)
struct HostileInputTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var config: Data
        var dockerfile: Data? = nil
        /// A line of the error output must start with this.
        var expected: String

        var testDescription: String { name }

        init(_ name: String, _ config: String, dockerfile: String? = nil, expected: String) {
            self.name = name
            self.config = Data(config.utf8)
            self.dockerfile = dockerfile.map { Data($0.utf8) }
            self.expected = expected
        }

        init(_ name: String, bytes: Data, dockerfile: Data? = nil, expected: String) {
            self.name = name
            config = bytes
            self.dockerfile = dockerfile
            self.expected = expected
        }
    }

    static let good = """
        - name: app
          registry: ghcr.io
          repository: acme/app
          source: {repo: acme/x, dockerfile: Dockerfile, workflow: app.yml}

        """

    static let cases: [Case] = [
        Case("invalid YAML", "- name: app\n  registry: [ghcr.io\n", expected: "images.yaml:3:1: error: invalid YAML"),
        Case("wrong type", good.replacingOccurrences(of: "name: app", with: "name: [app]"), expected: "images.yaml:1:9: error: name must be a string, found a list"),
        Case("misspelled key", good.replacingOccurrences(of: "registry:", with: "registy:"), expected: "images.yaml:2:3: error: unknown key 'registy' in an image entry; did you mean 'registry'?"),
        Case("duplicate key", good + "  name: other\n", expected: "images.yaml:5:3: error: duplicate key 'name' (first at 1:3)"),
        Case("duplicate image", good + good, expected: "images.yaml:5:9: error: image name 'app' is used twice (first at images.yaml:1:9)"),
        Case("name collides after normalisation", good.replacingOccurrences(of: "name: app", with: "name: My_App"), expected: "images.yaml:1:9: error: name 'My_App' must be lowercase letters, digits and '-'"),
        Case("name too long", good.replacingOccurrences(of: "name: app", with: "name: " + String(repeating: "a", count: 64)), expected: "images.yaml:1:9: error: name '\(String(repeating: "a", count: 64))' must be lowercase letters, digits and '-', start and end with a letter or digit, at most 63 characters"),
        Case("derived name taken", good + "- {name: app-source, registry: ghcr.io, repository: acme/other, tag: '1'}\n", expected: "images.yaml:1:9: error: image name 'app-source' is already the name of image 'app''s source Warehouse"),
        Case("empty file", "", expected: "images.yaml:1:1: error: the file is empty"),
        Case("empty list", "[]\n", expected: "images.yaml:1:1: error: the image list is empty"),
        Case("only a comment", "# nothing here\n", expected: "images.yaml:1:1: error: the file is empty"),
        Case("non-UTF-8 bytes", bytes: Data(good.utf8) + Data([0x2d, 0x20, 0xff, 0xfe, 0x0a]), expected: "images.yaml:5:3: error: config file is not UTF-8 text"),
        Case("50 MB file", bytes: Data(repeating: 0x20, count: 50 << 20), expected: "images.yaml:1:1: error: config file is larger than 32 MiB"),
        Case("alias bomb as a key", Fixture.billionLaughs.joined(separator: "\n") + "\nimages:\n  - ? *i\n    : x\n", expected: "images.yaml:11:7: error: an alias (*name) is used as a mapping key"),
        Case("deep nesting", "images: " + String(repeating: "[", count: 100_000), expected: "images.yaml:1:"),
        Case("credential in a field", good.replacingOccurrences(of: "workflow: app.yml", with: "workflow: ghp_\(String(repeating: "x", count: 36))"), expected: "images.yaml:4:60: error: source.workflow looks like a credential (GitHub token)"),
        Case("missing Dockerfile", good.replacingOccurrences(of: "dockerfile: Dockerfile", with: "dockerfile: nope/Dockerfile"), expected: "images.yaml:4:38: error: image 'app': Dockerfile 'nope/Dockerfile' not found"),
        Case("empty Dockerfile", good, dockerfile: "", expected: "Dockerfile:1:1: error: no FROM instruction"),
        Case("binary Dockerfile", bytes: Data(good.utf8), dockerfile: Data([0x46, 0x52, 0x4f, 0x4d, 0x00, 0x01]), expected: "Dockerfile:1:1: error: not a text file"),
        Case("FROM with an undefined ARG", good, dockerfile: "ARG BASE\nFROM ${BASE}\n", expected: "Dockerfile:2:6: error: FROM ${BASE}: ARG BASE has no default value and no build arg was given"),
        Case("cycle between images", good.replacingOccurrences(of: "  source:", with: "  baseImages: [ghcr.io/acme/app:1.0.0]\n  source:"), expected: "images.yaml:1:9: error: images are built on each other in a cycle: app → app"),
    ]

    let folder: String

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("image-factory-hostile-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    func write(_ data: Data, to name: String) throws {
        try data.write(to: URL(fileURLWithPath: folder + "/" + name))
    }

    func outputBytes() throws -> [String: Data] {
        var files: [String: Data] = [:]
        for path in try FileManager.default.subpathsOfDirectory(atPath: folder + "/dist") {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: folder + "/dist/" + path, isDirectory: &isDirectory)
            files[path] = isDirectory.boolValue ? Data() : FileManager.default.contents(atPath: folder + "/dist/" + path)
        }
        return files
    }

    @Test(arguments: cases)
    func refusedPreciselyAndOutputKept(_ hostile: Case) throws {
        try write(Data(Self.good.utf8), to: "images.yaml")
        try write(Data("FROM node:22\n".utf8), to: "Dockerfile")
        let first = try CLIProcess.run(["synth"], in: folder)
        try #require(first.status == 0, "\(first.stderr)")
        let before = try outputBytes()

        try write(hostile.config, to: "images.yaml")
        if let dockerfile = hostile.dockerfile { try write(dockerfile, to: "Dockerfile") }
        let clock = ContinuousClock()
        let start = clock.now
        let result = try CLIProcess.run(["synth"], in: folder)
        #expect(clock.now - start < .seconds(10))
        #expect(result.status == 2, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(result.stderr.split(separator: "\n").contains { $0.hasPrefix(hostile.expected) }, "stderr was:\n\(result.stderr)")
        #expect(result.stderr.hasSuffix("nothing was written\n"))
        #expect(try outputBytes() == before)
    }

    /// Two synth runs at once on one folder take turns: the folder ends up exactly as one of them wrote it.
    @Test func concurrentRunsDoNotMixTheirOutput() throws {
        let other = Self.good.replacingOccurrences(of: "app.yml", with: "build.yml")
        try write(Data("FROM node:22\nFROM python:3.12\n".utf8), to: "Dockerfile")
        try write(Data(Self.good.utf8), to: "a.yaml")
        try write(Data(other.utf8), to: "b.yaml")
        for _ in 0..<4 {
            let a = try CLIProcess.start(["synth", "--config", "a.yaml"], in: folder)
            let b = try CLIProcess.start(["synth", "--config", "b.yaml"], in: folder)
            a.waitUntilExit()
            b.waitUntilExit()
            #expect(a.terminationStatus == 0 && b.terminationStatus == 0)
            let checkA = try CLIProcess.run(["synth", "--config", "a.yaml", "--check"], in: folder).status
            let checkB = try CLIProcess.run(["synth", "--config", "b.yaml", "--check"], in: folder).status
            #expect((checkA == 0) != (checkB == 0), "exactly one run's output must be in the folder (a: \(checkA), b: \(checkB))")
        }
    }

    /// A full disk, simulated with a file-size limit: the write fails (SIGXFSZ ignored, so `write` returns
    /// EFBIG) or the process is killed mid-write (SIGXFSZ's default). Either way the previous output stays,
    /// and the next run clears what the killed one left.
    @Test(arguments: [true, false])
    func fullDiskLeavesThePreviousOutput(ignoreSignal: Bool) throws {
        try write(Data(Self.good.utf8), to: "images.yaml")
        try write(Data("FROM node:22\n".utf8), to: "Dockerfile")
        try #require(try CLIProcess.run(["synth"], in: folder).status == 0)
        let before = try outputBytes()
        try write(Data("FROM node:22\nFROM python:3.12\n".utf8), to: "Dockerfile")
        let trap = ignoreSignal ? "trap '' XFSZ; " : ""
        let limited = try CLIProcess.runShell("\(trap)ulimit -f 1; exec '\(CLIProcess.executable)' synth", in: folder)
        if ignoreSignal {
            #expect(limited.status == 3)
            #expect(limited.stderr.contains("cannot write"), "\(limited.stderr)")
            #expect(try outputBytes() == before)
        } else {
            #expect(limited.status != 0)
            #expect(try outputBytes().filter { !$0.key.hasSuffix(".tmp") } == before)
        }
        let recovered = try CLIProcess.run(["synth"], in: folder)
        #expect(recovered.status == 0)
        #expect(try outputBytes().keys.allSatisfy { !$0.hasSuffix(".tmp") })
        #expect(try CLIProcess.run(["synth", "--check"], in: folder).status == 0)
    }
}
