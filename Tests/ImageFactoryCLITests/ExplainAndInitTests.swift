import Foundation
import Testing
@testable import ImageFactory
import ImageFactoryTestSupport

/// `image-factory explain` and `image-factory init`, through the CLI.
@Suite(.serialized)
struct ExplainAndInitTests {
    let folder: String

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("image-factory-explain-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    @Test func explainsTheExampleChain() throws {
        let result = try CLIProcess.run(["explain", "report-worker", "--config", Fixture.example + "/images.yaml"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == """
            report-worker: ghcr.io/acme/report-worker
              built from acme/platform@main: apps/report-worker/Dockerfile (context apps/report-worker), workflow build-report-worker.yml (written by synth)

            Rebuilt when:
              - image 'data-api' has a new version that passed its analysis
                base ghcr.io/acme/data-api:2.1.0 → Warehouse data-api → Stage rebuild-report-worker-on-data-api (waits for a manual promotion)

            Analysed when:
              a new version reaches Stage analyze-report-worker, which reads the Dockerfile at the commit the version was built from

            When a rebuild trigger fails for good, it is:
              posted to the webhook in key 'url' of Secret 'slack-webhook'
              Kargo does not try that Freight again by itself; a newer base version does, or promoting it again:
                kargo promote --project=image-factory --warehouse=data-api --stage=rebuild-report-worker-on-data-api

            Built on it:
              no image of images.yaml

            Objects:
              Warehouse report-worker  (dist/images/report-worker.yaml)
              Stage analyze-report-worker  (dist/images/report-worker.yaml)
              Stage rebuild-report-worker-on-data-api  (dist/images/report-worker.yaml)
            Shared objects it relies on:
              AnalysisTemplate dockerfile-analysis  (dist/analysis-template.yaml)
              PromotionTask github-workflow-dispatch-notify-slack-webhook  (dist/promotion-tasks.yaml)
              Warehouse data-api  (dist/images/data-api.yaml)

            Settings (after defaults):
              interval: 10m
              autoRebuild: false
              versionBump: patch
              rebuildDelay: none
              rebuildWindow: 01:00-05:00 UTC mon-fri
              rebuildRetry: re-sent every 1m for up to 15m; network errors retried until then
              notify: Secret slack-webhook, key url, on triggered, failed
              bases from: the Dockerfile: what BuildKit pulls to build the last stage for linux/amd64
              allowTags (effective): ^v?[0-9]+\\.[0-9]+\\.[0-9]+$

            """)
    }

    @Test func explainsAnExternalImageAndItsDependents() throws {
        let result = try CLIProcess.run(["explain", "postgres", "--config", Fixture.example + "/images.yaml"], in: folder)
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("postgres: docker.io/library/postgres\n  external: not built here, only watched\n"))
        #expect(result.stdout.contains("Built on it:\n  pg-backup\n"))
    }

    /// An image whose platforms build from different images: explain lists each platform's bases, and what synth
    /// assumed (platforms, target); a `COPY --from` name that is no stage is a note from synth.
    @Test func explainsBasesThatDifferByPlatform() throws {
        let yaml = """
            - name: tool
              registry: ghcr.io
              repository: acme/tool
              source: {repo: acme/platform, dockerfile: tool/Dockerfile}
              build: {platforms: [linux/amd64, linux/arm64], target: runtime}
            """
        let dockerfile = """
            FROM ghcr.io/acme/base:1.0-${TARGETARCH} AS runtime
            COPY --from=ghcr.io/astral-sh/uv:0.5 /uv /bin/
            COPY --from=biulder /app /app
            """
        let loaded = try Fixture.loaded(yaml, dockerfiles: ["tool/Dockerfile": dockerfile])
        let graph = try DependencyResolver.resolve(loaded)
        let plan = FactoryPlanner.plan(graph)
        let text = try #require(ImageExplanation.make("tool", graph: graph, plan: plan)).text()
        #expect(text.contains("""
            Bases by platform (the builds differ; each base above rebuilds all of them):
              linux/amd64: ghcr.io/acme/base:1.0-amd64, ghcr.io/astral-sh/uv:0.5, docker.io/library/biulder:latest
              linux/arm64: ghcr.io/acme/base:1.0-arm64, ghcr.io/astral-sh/uv:0.5, docker.io/library/biulder:latest

            """), "\(text)")
        #expect(text.contains("  bases from: the Dockerfile: what BuildKit pulls to build stage runtime for linux/amd64, linux/arm64\n"), "\(text)")
        #expect(plan.notes.map(\.description) == [
            "tool/Dockerfile:3:6: note: image 'tool': COPY --from=biulder: no stage is named \"biulder\" (its stages are runtime), so BuildKit pulls the image docker.io/library/biulder:latest and synth watches it; if a stage was meant, correct the name",
        ])
    }

    @Test func unknownImageGetsASuggestion() throws {
        let result = try CLIProcess.run(["explain", "backstag", "--config", Fixture.example + "/images.yaml"], in: folder)
        #expect(result.status == 2)
        #expect(result.stderr.hasSuffix("no image named 'backstag' in \(Fixture.example)/images.yaml; did you mean 'backstage'?\n"))
    }

    @Test func initWritesAStarterThatSynthesizesAndNeverOverwrites() throws {
        let written = try CLIProcess.run(["init"], in: folder)
        #expect(written.status == 0)
        let starter = try String(contentsOfFile: folder + "/images.yaml", encoding: .utf8)
        #expect(starter == StarterConfig.text)
        let synth = try CLIProcess.run(["synth"], in: folder)
        #expect(synth.status == 0, "\(synth.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder + "/dist/images/my-app.yaml"))
        #expect(try CLIProcess.run(["synth", "--check"], in: folder).status == 0)

        try "# mine\n".write(toFile: folder + "/images.yaml", atomically: true, encoding: .utf8)
        let again = try CLIProcess.run(["init"], in: folder)
        #expect(again.status == 2)
        #expect(again.stderr == "image-factory init: images.yaml already exists; not overwriting it\n")
        #expect(try String(contentsOfFile: folder + "/images.yaml", encoding: .utf8) == "# mine\n")
    }
}
