import Foundation
import Testing
@testable import ImageFactoryDockerfile

/// Real public Dockerfiles (`DockerfileCorpus/`, see its README) against what BuildKit v0.32.2 itself pulls for
/// them (`expected.json`, computed with BuildKit's `dockerfile2llb.Dockerfile2LLB`): for every file, build-arg
/// case and target platform, the images synth finds must be exactly the ones BuildKit pulls for the default
/// target, and synth must refuse exactly the files BuildKit refuses.
struct DockerfileCorpusTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("DockerfileCorpus")

    struct Expected: Decodable {
        struct Result: Decodable {
            var reachable: [String]
            var error: String?
        }

        struct BuildArgsCase: Decodable {
            var name: String
            var buildArgs: [String: String]
            var platforms: [String: Result]
        }

        struct Entry: Decodable {
            var file: String
            var platforms: [String: Result]
            var buildArgsCases: [BuildArgsCase]?
        }

        var oracle: [String: String]
        var buildPlatform: String
        var targetPlatforms: [String]
        var entries: [Entry]
    }

    /// One comparison: a file, its build args and a platform.
    struct Case: CustomTestStringConvertible {
        var file: String
        var name: String
        var buildArgs: [String: String]
        var platform: String
        var expected: Expected.Result

        var testDescription: String { "\(file) [\(name)] \(platform)" }
    }

    /// Where synth differs from BuildKit on purpose, by file, with why. Nothing else may differ.
    static let exceptions: [String: String] = [
        "07-moby-buildkit-parser-escapes.Dockerfile":
            "BuildKit fails while building the stage, on the unterminated quote in ADD's source path, after it pulled "
            + "ubuntu:14.04; synth reads what names images (FROM, ARG, COPY --from, RUN --mount) and leaves the other "
            + "instructions' arguments to the build, so it finds ubuntu:14.04 and does not refuse the file",
    ]

    static func expected() throws -> Expected {
        try JSONDecoder().decode(Expected.self, from: Data(contentsOf: folder.appendingPathComponent("expected.json")))
    }

    static func cases() throws -> [Case] {
        var cases: [Case] = []
        for entry in try expected().entries {
            let file = String(entry.file.dropFirst("files/".count))
            for (platform, result) in entry.platforms {
                cases.append(Case(file: file, name: "default", buildArgs: [:], platform: platform, expected: result))
            }
            for buildArgsCase in entry.buildArgsCases ?? [] {
                for (platform, result) in buildArgsCase.platforms {
                    cases.append(Case(file: file, name: buildArgsCase.name, buildArgs: buildArgsCase.buildArgs, platform: platform, expected: result))
                }
            }
        }
        return cases.sorted { ($0.file, $0.name, $0.platform) < ($1.file, $1.name, $1.platform) }
    }

    static func text(of file: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent("files").appendingPathComponent(file), encoding: .utf8)
    }

    @Test func theOracleIsTheOneDescribed() throws {
        let expected = try Self.expected()
        #expect(expected.oracle["buildkit"] == "v0.32.2")
        #expect(expected.buildPlatform == BuildPlatform.linuxAMD64.description)
        #expect(expected.targetPlatforms == ["linux/amd64", "linux/arm64"])
        let cases = try Self.cases()
        // 59 files and 9 build-arg cases, on 2 platforms each.
        #expect(cases.count == 136)
        #expect(Set(cases.map(\.file)).count == 59)
    }

    @Test(arguments: try cases())
    func findsWhatBuildKitPulls(_ corpusCase: Case) throws {
        let text = try Self.text(of: corpusCase.file)
        let platform = try #require(BuildPlatform(corpusCase.platform))
        let result = Result { () throws(DockerfileError) in
            try DockerfileParser.parse(text, buildArgs: corpusCase.buildArgs, platforms: [platform])
        }
        if let reason = Self.exceptions[corpusCase.file] {
            // The exception must still be one: synth differs from BuildKit there, as the reason says.
            let found = (try? result.get().baseImages.map(\.description).sorted()) ?? []
            #expect(corpusCase.expected.error != nil || found != corpusCase.expected.reachable, "\(reason)")
            return
        }
        switch (result, corpusCase.expected.error) {
        case (.success(let dockerfile), nil):
            #expect(dockerfile.baseImages.map(\.description).sorted() == corpusCase.expected.reachable)
        case (.success(let dockerfile), let error?):
            Issue.record("BuildKit refuses it (\(error)); synth found \(dockerfile.baseImages.map(\.description))")
        case (.failure(let error), nil):
            Issue.record("BuildKit pulls \(corpusCase.expected.reachable); synth refuses it: \(error)")
        case (.failure, _?):
            break
        }
    }

    /// Every platform at once, as synth reads an image with several: each build as BuildKit's for that platform,
    /// and the bases the union of them.
    @Test func evaluatesEveryPlatformOfOneParse() throws {
        let platforms = try ["linux/amd64", "linux/arm64"].map { try #require(BuildPlatform($0)) }
        for entry in try Self.expected().entries where Self.exceptions[String(entry.file.dropFirst("files/".count))] == nil {
            let text = try Self.text(of: String(entry.file.dropFirst("files/".count)))
            guard entry.platforms.values.allSatisfy({ $0.error == nil }) else {
                #expect(throws: DockerfileError.self, "\(entry.file)") { try DockerfileParser.parse(text, platforms: platforms) }
                continue
            }
            let dockerfile = try DockerfileParser.parse(text, platforms: platforms)
            #expect(dockerfile.builds.map(\.platform) == ["linux/amd64", "linux/arm64"])
            for build in dockerfile.builds {
                #expect(build.baseImages.map(\.description).sorted() == entry.platforms[build.platform]?.reachable, "\(entry.file) \(build.platform)")
            }
            let union = Set(entry.platforms.values.flatMap(\.reachable))
            #expect(Set(dockerfile.baseImages.map(\.description)) == union, "\(entry.file)")
            #expect(dockerfile.baseImages.count == union.count, "\(entry.file)")
        }
    }
}
