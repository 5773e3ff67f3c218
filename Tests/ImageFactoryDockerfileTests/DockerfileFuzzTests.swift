import Foundation
import Testing
import TextGenerators
@testable import ImageFactoryDockerfile

/// The Dockerfile parser and evaluator under ``Fuzzer``: any Dockerfile ends in a result or an error at a line and
/// column, quickly. The seeds are `FuzzCorpus/*.Dockerfile` and the richest files of `DockerfileCorpus/`.
struct DockerfileFuzzTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

    /// Files of `DockerfileCorpus/` that are seeds too: the ones with the most stages, links and platform ARGs.
    static let dockerfileCorpusSeeds = [
        "08-docker-buildx-main.Dockerfile", "10-docker-compose-main.Dockerfile", "16-akuity-kargo-main.Dockerfile",
        "18-astral-sh-uv-main.Dockerfile", "58-RealImage-bifrost-containerfile.Dockerfile", "59-rhasspy-piper-multiarch-2023.Dockerfile",
    ]

    /// Both target platforms and, in turn, a named target: every evaluation path.
    static let platforms = [BuildPlatform.linuxAMD64, BuildPlatform(os: "linux", architecture: "arm64")]

    static func exerciseDockerfile(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        for target in [nil, "build"] {
            do throws(DockerfileError) {
                _ = try DockerfileParser.parse(text, platforms: platforms, target: target)
            } catch {
                #expect(error.line >= 1 && error.column >= 1, "\(error) for \(text.debugDescription)")
            }
        }
    }

    @Test func dockerfileParserSurvivesMutations() throws {
        let corpus = Self.folder.appendingPathComponent("DockerfileCorpus/files")
        let seeds = try Fuzzer.seeds(in: Self.folder.appendingPathComponent("FuzzCorpus").path, endingWith: ".Dockerfile")
            + Self.dockerfileCorpusSeeds.map { name in (name, Array(try Data(contentsOf: corpus.appendingPathComponent(name)))) }
        Fuzzer.fuzz(seeds, state: Fuzzer.seed ^ 0xD0C, Self.exerciseDockerfile)
    }
}
