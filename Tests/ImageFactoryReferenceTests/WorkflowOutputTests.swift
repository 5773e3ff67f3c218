import Foundation
import Testing
@testable import ImageFactory
import ImageFactoryTestSupport

/// Where the workflows land: in the output folder by default, or in `project.workflowsDirectory` (GitHub's
/// `.github/workflows`), where `--check` and pruning cover them and the repository's own workflows stay
/// untouched; and the templates `init --templates` writes.
@Suite
struct WorkflowOutputTests {
    let folder: String

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("image-factory-output-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder + "/app", withIntermediateDirectories: true)
        try "FROM python:3.12-slim\n".write(toFile: folder + "/app/Dockerfile", atomically: true, encoding: .utf8)
    }

    func config(images: [String]) throws {
        var text = "project:\n  workflowsDirectory: .github/workflows\nimages:\n"
        for name in images {
            text += "  - {name: \(name), registry: ghcr.io, repository: acme/\(name), source: {repo: acme/platform, dockerfile: app/Dockerfile}}\n"
        }
        try text.write(toFile: folder + "/images.yaml", atomically: true, encoding: .utf8)
    }

    func contents(_ path: String) -> String? {
        try? String(contentsOfFile: folder + "/" + path, encoding: .utf8)
    }

    @Test func workflowsDirectoryIsWrittenCheckedAndPruned() throws {
        try config(images: ["app", "tool"])
        try FileManager.default.createDirectory(atPath: folder + "/.github/workflows", withIntermediateDirectories: true)
        let own = "name: lint\non: push\njobs: {}\n"
        try own.write(toFile: folder + "/.github/workflows/lint.yml", atomically: true, encoding: .utf8)

        let first = try CLIProcess.run(["synth"], in: folder)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains(".github/workflows: 3 written, 0 unchanged, 0 removed"), "\(first.stdout)")
        #expect(contents(".github/workflows/build-app.yml")?.hasPrefix(FileRenderer.marker) == true)
        #expect(contents(".github/workflows/image-builder.yml") != nil)
        #expect(!FileManager.default.fileExists(atPath: folder + "/dist/workflows"), "workflows also went into dist/")
        #expect(try CLIProcess.run(["synth", "--check"], in: folder).status == 0)

        try (contents(".github/workflows/build-app.yml") ?? "").appending("# edited\n")
            .write(toFile: folder + "/.github/workflows/build-app.yml", atomically: true, encoding: .utf8)
        let drift = try CLIProcess.run(["synth", "--check"], in: folder)
        #expect(drift.status == 1)
        #expect(drift.stdout.contains("would change: .github/workflows/build-app.yml"), "\(drift.stdout)")

        try config(images: ["app"])
        let pruned = try CLIProcess.run(["synth"], in: folder)
        #expect(pruned.status == 0, "\(pruned.stderr)")
        #expect(pruned.stdout.contains(".github/workflows: 1 written, 1 unchanged, 1 removed"), "\(pruned.stdout)")
        #expect(contents(".github/workflows/build-tool.yml") == nil)
        #expect(contents(".github/workflows/lint.yml") == own, "the repository's own workflow was touched")
    }

    @Test func aHandWrittenFileInTheWayIsRefused() throws {
        try config(images: ["app"])
        try FileManager.default.createDirectory(atPath: folder + "/.github/workflows", withIntermediateDirectories: true)
        try "name: mine\n".write(toFile: folder + "/.github/workflows/build-app.yml", atomically: true, encoding: .utf8)
        let result = try CLIProcess.run(["synth"], in: folder)
        #expect(result.status == 3)
        #expect(result.stderr.contains("build-app.yml"), "\(result.stderr)")
        #expect(contents(".github/workflows/build-app.yml") == "name: mine\n")
    }

    @Test func initWritesTheBuiltInTemplatesAndKeepsEditedOnes() throws {
        let first = try CLIProcess.run(["init", "--templates"], in: folder)
        #expect(first.status == 0, "\(first.stderr)")
        for template in BuiltInTemplates.all {
            #expect(contents("templates/\(template.fileName)") == template.text)
        }
        try "set -euo pipefail\necho mine\n".write(toFile: folder + "/templates/sign-image.sh.mustache", atomically: true, encoding: .utf8)
        let second = try CLIProcess.run(["init", "--templates"], in: folder)
        #expect(second.stdout.contains("kept templates/sign-image.sh.mustache (exists)"), "\(second.stdout)")
        #expect(contents("templates/sign-image.sh.mustache") == "set -euo pipefail\necho mine\n")
    }

    /// The built-in templates are the files of `Sources/ImageFactory/Templates/BuiltIn/`, compiled in byte for byte,
    /// and that folder holds nothing else.
    @Test func builtInTemplatesAreTheTemplateFiles() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/ImageFactory/Templates/BuiltIn").path
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == BuiltInTemplates.fileNames.sorted())
        for template in BuiltInTemplates.all {
            let path = folder + "/" + template.fileName
            #expect(try String(contentsOfFile: path, encoding: .utf8) == template.text, "\(path) differs from the built-in template")
        }
    }
}
