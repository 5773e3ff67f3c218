import Foundation
import Testing
import TextGenerators
@testable import ImageFactory
import ImageFactoryTestSupport

/// The config loader (through planning and rendering) under ``Fuzzer``: any images.yaml ends in output or in located
/// errors, quickly. The seeds are `FuzzCorpus/*.images.yaml`.
struct FuzzTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("FuzzCorpus").path

    static func seeds(endingWith suffix: String) throws -> [(name: String, bytes: [UInt8])] {
        try Fuzzer.seeds(in: corpus, endingWith: suffix)
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

    @Test func configLoaderSurvivesMutations() throws {
        Fuzzer.fuzz(try Self.seeds(endingWith: ".images.yaml"), state: Fuzzer.seed, Self.exerciseConfig)
    }
}
