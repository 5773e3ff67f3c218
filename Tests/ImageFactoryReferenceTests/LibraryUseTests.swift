import Foundation
import ImageFactory
import ImageFactoryManifests
import Testing
import ImageFactoryTestSupport

/// The README's "Use it from Swift" example, so that section stays true.
struct LibraryUseTests {
    @Test func customStageJoinsThePlanAndTheKustomization() throws {
        var plan = try Fixture.plan(Fixture.backstage, dockerfiles: Fixture.nodeDockerfile)
        plan.add(
            Kargo.Stage("smoke-test-backstage", namespace: "image-factory", labels: ["team": "portal"]) {
                Kargo.FreightRequest(warehouse: "backstage", sources: .upstream("analyze-backstage"))
            } steps: {
                Kargo.PromotionStep.http(as: "ping", Kargo.HTTPStepConfig(method: .get, url: "https://portal.example.com/healthz"))
            },
            to: "custom/smoke-tests.yaml")
        let files = try FileRenderer.render(plan)
        let custom = try #require(files.first { $0.path == "custom/smoke-tests.yaml" })
        #expect(custom.contents.hasSuffix("""
            apiVersion: kargo.akuity.io/v1alpha1
            kind: Stage
            metadata:
              name: smoke-test-backstage
              namespace: image-factory
              labels:
                team: portal
            spec:
              requestedFreight:
              - origin:
                  kind: Warehouse
                  name: backstage
                sources:
                  stages:
                  - analyze-backstage
              promotionTemplate:
                spec:
                  steps:
                  - uses: http
                    as: ping
                    config:
                      method: GET
                      url: https://portal.example.com/healthz

            """))
        let kustomization = try #require(files.first { $0.path == "kustomization.yaml" })
        #expect(kustomization.contents.contains("- custom/smoke-tests.yaml\n"))
    }

    /// The custom-stage flow on a factory whose workflows go to a folder of their own: the pipeline renders both
    /// folders, and the writer writes both (rendering the plan's output folder alone used to drop the workflows).
    @Test func pipelineWritesTheWorkflowsFolderToo() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("library-use-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/apps/backstage", withIntermediateDirectories: true)
        try "FROM node:22-bookworm-slim\n".write(toFile: folder + "/apps/backstage/Dockerfile", atomically: true, encoding: .utf8)
        try """
            project:
              workflowsDirectory: .github/workflows
            images:
            - name: backstage
              registry: ghcr.io
              repository: acme/backstage
              source: {repo: acme/platform, dockerfile: apps/backstage/Dockerfile}

            """.write(toFile: folder + "/images.yaml", atomically: true, encoding: .utf8)

        let pipeline = Pipeline(configPath: folder + "/images.yaml", outputFolder: folder + "/dist")
        let graph = try pipeline.resolve()
        var plan = pipeline.plan(graph)
        for image in graph.images where image.isManaged {
            plan.add(
                Kargo.Stage("smoke-test-\(image.name)", namespace: graph.projectName) {
                    Kargo.FreightRequest(warehouse: image.name, sources: .upstream("analyze-\(image.name)"))
                } steps: {
                    Kargo.PromotionStep.http(as: "ping", Kargo.HTTPStepConfig(method: .get, url: "https://\(image.name).example.com/healthz"))
                },
                to: "smoke-tests/\(image.name).yaml")
        }
        let folders = pipeline.render(plan)
        #expect(folders.map(\.path) == [folder + "/dist", folder + "/.github/workflows"])
        let summaries = try OutputWriter.write(folders)
        #expect(summaries.count == 2)
        #expect(summaries[0].written.contains("smoke-tests/backstage.yaml"))
        #expect(summaries[1].written.sorted() == ["build-backstage.yml", "image-builder.yml"])
        #expect(FileManager.default.fileExists(atPath: folder + "/.github/workflows/build-backstage.yml"))
        // Written again, nothing changes.
        #expect(try OutputWriter.write(pipeline.render(plan)).allSatisfy { $0.written.isEmpty && $0.removed.isEmpty })
    }
}
