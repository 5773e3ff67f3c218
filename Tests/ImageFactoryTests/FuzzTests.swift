import Foundation
import Testing
@testable import ImageFactory

/// A bounded random-mutation fuzzer over the config loader (through planning and rendering) and the Dockerfile
/// parser. Any input must end in output or in a located error, quickly; a crash ends the test process.
/// `IMAGE_FACTORY_FUZZ_ITERATIONS` sets the budget per seed (CI runs a larger one), `IMAGE_FACTORY_FUZZ_SEED`
/// the seed.
struct FuzzTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("FuzzCorpus").path
    static let iterations = Int(ProcessInfo.processInfo.environment["IMAGE_FACTORY_FUZZ_ITERATIONS"] ?? "") ?? 300
    static let seed = UInt64(ProcessInfo.processInfo.environment["IMAGE_FACTORY_FUZZ_SEED"] ?? "") ?? 0x1F2E3D4C

    /// Fragments that make parsers take unusual paths.
    static let dictionary = [
        ": ", "- ", "[", "]", "{", "}", ",", "*a", "&a ", "? ", "!!binary ", "!!int ", "<<: ", "---\n", "...\n", "\t", "\"", "'",
        "#", "|\n", ">-\n", "\n  ", "\u{FEFF}", "\u{2028}", "\0", "~", "null", "true", "0x1F", "7d", "ghp_", "${", "$X", "\\\n",
        "FROM ", "ARG X=", "AS ", "--platform=", "<<EOF\n", "@sha256:", ":latest", "scratch", "# escape=`\n", "ONBUILD ", "${X:-",
        "COPY --from=", "RUN --mount=", ",from=", "\"from=", "ONBUILD COPY --from=", "${TARGETARCH}", "$BUILDPLATFORM", "--from=0 ",
    ]

    /// Files of `DockerfileCorpus/` that are seeds too: the ones with the most stages, links and platform ARGs.
    static let dockerfileCorpusSeeds = [
        "08-docker-buildx-main.Dockerfile", "10-docker-compose-main.Dockerfile", "16-akuity-kargo-main.Dockerfile",
        "18-astral-sh-uv-main.Dockerfile", "58-RealImage-bifrost-containerfile.Dockerfile", "59-rhasspy-piper-multiarch-2023.Dockerfile",
    ]

    struct Mutator: RandomNumberGenerator {
        var state: UInt64

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        mutating func mutate(_ input: [UInt8]) -> [UInt8] {
            var bytes = input
            for _ in 0..<Int.random(in: 1...4, using: &self) {
                let position = bytes.isEmpty ? 0 : Int.random(in: 0...bytes.count, using: &self)
                switch Int.random(in: 0..<6, using: &self) {
                case 0 where !bytes.isEmpty:
                    let index = min(position, bytes.count - 1)
                    bytes[index] ^= UInt8(1 << Int.random(in: 0..<8, using: &self))
                case 1:
                    let piece = FuzzTests.dictionary[Int.random(in: 0..<FuzzTests.dictionary.count, using: &self)]
                    bytes.insert(contentsOf: Array(piece.utf8), at: position)
                case 2 where !bytes.isEmpty:
                    let end = min(bytes.count, position + Int.random(in: 1...16, using: &self))
                    bytes.removeSubrange(min(position, end)..<end)
                case 3 where !bytes.isEmpty:
                    let start = Int.random(in: 0..<bytes.count, using: &self)
                    let end = min(bytes.count, start + Int.random(in: 1...64, using: &self))
                    bytes.insert(contentsOf: bytes[start..<end], at: position)
                case 4:
                    bytes = Array(bytes.prefix(position))
                default:
                    bytes.insert(UInt8.random(in: 0...255, using: &self), at: position)
                }
            }
            return bytes
        }
    }

    static func seeds(endingWith suffix: String) throws -> [(name: String, bytes: [UInt8])] {
        var seeds = try FileManager.default.contentsOfDirectory(atPath: corpus).sorted().filter { $0.hasSuffix(suffix) }.map { name in
            (name, Array(try Data(contentsOf: URL(fileURLWithPath: corpus + "/" + name))))
        }
        if suffix == ".Dockerfile" {
            let folder = DockerfileCorpusTests.folder.appendingPathComponent("files")
            seeds += try dockerfileCorpusSeeds.map { name in (name, Array(try Data(contentsOf: folder.appendingPathComponent(name)))) }
        }
        return seeds
    }

    /// The loader's own path for text: bytes that are not UTF-8 are refused before decoding.
    static func exerciseConfig(_ bytes: [UInt8]) {
        guard let text = String(validating: bytes, as: UTF8.self) else { return }
        let dockerfiles = ["apps/backstage/Dockerfile": "FROM node:22\n", "apps/uv/Dockerfile": "FROM python:3.12-slim\n"]
        do {
            let plan = try Fixture.plan(text, dockerfiles: dockerfiles)
            _ = try FileRenderer.render(plan)
        } catch let error as InvalidInput {
            #expect(!error.diagnostics.isEmpty)
        } catch {
            Issue.record("unexpected error \(error) for input \(text.debugDescription)")
        }
    }

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

    @Test func configLoaderSurvivesMutations() throws {
        try Self.fuzz(seedsEndingWith: ".images.yaml", state: Self.seed, Self.exerciseConfig)
    }

    @Test func dockerfileParserSurvivesMutations() throws {
        try Self.fuzz(seedsEndingWith: ".Dockerfile", state: Self.seed ^ 0xD0C, Self.exerciseDockerfile)
    }

    /// Runs each seed, then `iterations` mutations of it, through `exercise`; each input must finish in 2 s.
    static func fuzz(seedsEndingWith suffix: String, state: UInt64, _ exercise: ([UInt8]) -> Void) throws {
        var mutator = Mutator(state: state)
        let clock = ContinuousClock()
        for seed in try seeds(endingWith: suffix) {
            exercise(seed.bytes)
            for _ in 0..<iterations {
                let input = mutator.mutate(seed.bytes)
                let start = clock.now
                exercise(input)
                #expect(clock.now - start < .seconds(2), "slow input: \(String(decoding: input, as: UTF8.self).debugDescription)")
            }
        }
    }
}
