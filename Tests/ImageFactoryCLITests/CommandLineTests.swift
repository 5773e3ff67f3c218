import Foundation
import Testing
@testable import ImageFactory
import ImageFactoryTestSupport

/// The CLI contract other checks rely on: outputs and exit codes 0 (ok), 1 (drift), 2 (invalid input).
@Suite(.serialized)
struct CommandLineTests {
    let folder: String

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("image-factory-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder + "/src", withIntermediateDirectories: true)
        try "FROM node:22-bookworm-slim\n".write(toFile: folder + "/src/Dockerfile", atomically: true, encoding: .utf8)
        try """
            project: {sourceRoot: src}
            images:
            - name: backstage
              registry: ghcr.io
              repository: acme/backstage
              source: {repo: acme/platform, dockerfile: Dockerfile, workflow: backstage.yml}
            """.write(toFile: folder + "/images.yaml", atomically: true, encoding: .utf8)
    }

    func run(_ arguments: String...) throws -> CLIProcess.Result {
        try CLIProcess.run(arguments, in: folder)
    }

    func snapshotOfOutput() throws -> [String: Data] {
        var files: [String: Data] = [:]
        for path in try FileManager.default.subpathsOfDirectory(atPath: folder + "/dist") {
            files[path] = FileManager.default.contents(atPath: folder + "/dist/" + path)
        }
        return files
    }

    @Test func synthWritesThenCheckPassesThenDriftFails() throws {
        let first = try run("synth")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout == """
            10 objects (1 AnalysisTemplate, 1 Namespace, 1 Project, 1 ProjectConfig, 1 PromotionTask, 2 Stage, 3 Warehouse)
            dist: 7 written, 0 unchanged, 0 removed

            """)
        let again = try run("synth")
        #expect(again.stdout.hasSuffix("dist: 0 written, 7 unchanged, 0 removed\n"))

        let clean = try run("synth", "--check")
        #expect(clean.status == 0)
        #expect(clean.stdout.hasPrefix("dist is up to date: 7 files, 10 objects"))

        let path = folder + "/dist/images/backstage.yaml"
        let original = try String(contentsOfFile: path, encoding: .utf8)
        try original.replacingOccurrences(of: "interval", with: "intervall").write(toFile: path, atomically: true, encoding: .utf8)
        try (FileRenderer.marker + " long ago\n").write(toFile: folder + "/dist/stale.yaml", atomically: true, encoding: .utf8)
        try original.replacingOccurrences(of: "backstage.yml", with: "build.yml").write(toFile: path, atomically: true, encoding: .utf8)
        let drift = try run("synth", "--check")
        #expect(drift.status == 1)
        #expect(drift.stdout.contains("--- a/images/backstage.yaml\n+++ b/images/backstage.yaml\n"))
        #expect(drift.stdout.contains("-          value: build.yml\n+          value: backstage.yml\n"))
        #expect(drift.stdout.contains("would change: dist/images/backstage.yaml\n"))
        #expect(drift.stdout.contains("would remove: dist/stale.yaml\n"))
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("build.yml"), "--check must not write")
    }

    @Test func invalidInputExitsTwoAndLeavesTheOutputUntouched() throws {
        #expect(try run("synth").status == 0)
        let before = try snapshotOfOutput()
        try "- name: backstage\n  registry: ghcr.io\n  repository: acme/backstage\n  tag: [1\n".write(toFile: folder + "/images.yaml", atomically: true, encoding: .utf8)
        let broken = try run("synth")
        #expect(broken.status == 2)
        #expect(broken.stderr.hasPrefix("images.yaml:5:1: error: invalid YAML:"))
        #expect(broken.stderr.contains("nothing was written"))
        #expect(try snapshotOfOutput() == before)

        try "- name: backstage\n  registry: ghcr.io\n  repository: acme/backstage\n  tags: latest\n".write(toFile: folder + "/images.yaml", atomically: true, encoding: .utf8)
        let typo = try run("synth")
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("images.yaml:4:3: error: unknown key 'tags' in an image entry; did you mean 'tag'?"))
        #expect(try snapshotOfOutput() == before)
    }

    @Test func stdoutPrintsOneStreamAndWritesNothing() throws {
        let result = try run("synth", "--stdout")
        #expect(result.status == 0)
        #expect(result.stdout.components(separatedBy: "\n---\n").count == 10)
        #expect(result.stdout.contains("kind: Namespace"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/dist"))
    }

    @Test func usageErrorsExitTwo() throws {
        #expect(try run("synth", "--no-such-flag").status == 2)
        #expect(try run("synth", "--check", "--stdout").status == 2)
        let help = try run("synth", "--help")
        #expect(help.status == 0)
        #expect(help.stdout.contains("--check"))
        #expect(help.stdout.contains("--source-root"))
    }

    @Test func analyzeComparesTheDockerfileWithWhatWasGenerated() throws {
        let same = try run("analyze", "--dockerfile", "src/Dockerfile", "--expect", "docker.io/library/node:22-bookworm-slim")
        #expect(same.status == 0)
        #expect(same.stdout == "ok: the Dockerfile builds on docker.io/library/node:22-bookworm-slim, as generated\n")
        let changed = try run("analyze", "--dockerfile", "src/Dockerfile", "--expect", "docker.io/library/node:20-bookworm-slim")
        #expect(changed.status == 1)
        #expect(changed.stdout == """
            new base image docker.io/library/node:22-bookworm-slim: the generated pipeline does not watch it
            base image docker.io/library/node:20-bookworm-slim is no longer used, but the generated pipeline still watches it
            run `image-factory synth` on the current images.yaml and commit dist/ so rebuild triggers match the Dockerfile

            """)
        try "FROM ${NOPE}\n".write(toFile: folder + "/src/Bad", atomically: true, encoding: .utf8)
        let bad = try run("analyze", "--dockerfile", "src/Bad", "--expect", "scratch")
        #expect(bad.status == 2)
        #expect(bad.stderr.hasPrefix("src/Bad:1:"))
    }

    /// `analyze` reads the Dockerfile as the analysis Stage says synth did: for each platform (the union of their
    /// bases), the target stage, the build args.
    @Test func analyzeReadsForThePlatformsTargetAndBuildArgsGiven() throws {
        try """
            ARG VARIANT=full
            FROM ghcr.io/acme/base:1-${TARGETARCH}-${VARIANT} AS runtime
            COPY --from=ghcr.io/astral-sh/uv:0.5 /uv /bin/
            FROM alpine
            """.write(toFile: folder + "/src/Multi", atomically: true, encoding: .utf8)
        let expected = "ghcr.io/acme/base:1-amd64-slim,ghcr.io/acme/base:1-arm64-slim,ghcr.io/astral-sh/uv:0.5"
        let same = try run(
            "analyze", "--dockerfile", "src/Multi", "--expect", expected, "--platform", "linux/amd64,linux/arm64",
            "--target", "runtime", "--build-args", "VARIANT=slim\nOTHER=1")
        #expect(same.status == 0, "\(same.stdout)\(same.stderr)")
        let repeated = try run(
            "analyze", "--dockerfile", "src/Multi", "--expect", expected, "--platform", "linux/amd64", "--platform", "linux/arm64",
            "--target", "runtime", "--build-arg", "VARIANT=slim")
        #expect(repeated.status == 0, "\(repeated.stdout)\(repeated.stderr)")
        let defaults = try run("analyze", "--dockerfile", "src/Multi", "--expect", "docker.io/library/alpine:latest", "--target", "", "--build-args", "")
        #expect(defaults.status == 0, "\(defaults.stdout)\(defaults.stderr)")
        let oneArch = try run("analyze", "--dockerfile", "src/Multi", "--expect", expected, "--target", "runtime", "--build-args", "VARIANT=slim")
        #expect(oneArch.status == 1)
        #expect(oneArch.stdout.hasPrefix("base image ghcr.io/acme/base:1-arm64-slim is no longer used"))
        let badPlatform = try run("analyze", "--dockerfile", "src/Multi", "--expect", "scratch", "--platform", "linux/*")
        #expect(badPlatform.status != 0 && badPlatform.status != 1)
        #expect(badPlatform.stderr.contains("--platform takes os/arch[/variant], got 'linux/*'"))
        let badTarget = try run("analyze", "--dockerfile", "src/Multi", "--expect", "scratch", "--target", "nope")
        #expect(badTarget.status == 2)
        #expect(badTarget.stderr == "src/Multi:1:1: target stage \"nope\" could not be found: the stages are named runtime\n")
    }
}
