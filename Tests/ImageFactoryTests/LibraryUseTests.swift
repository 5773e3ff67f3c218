import Testing
import ImageFactory
import ImageFactoryManifests

/// The README's "Use it from Swift" example, so that section stays true.
struct LibraryUseTests {
    @Test func customStageJoinsThePlanAndTheKustomization() throws {
        var plan = try Fixture.plan(Fixture.backstage, dockerfiles: Fixture.nodeDockerfile)
        plan.add(
            Stage("smoke-test-backstage", namespace: "image-factory", labels: ["team": "portal"]) {
                FreightRequest(warehouse: "backstage", sources: .upstream("analyze-backstage"))
            } steps: {
                PromotionStep.http(as: "ping", HTTPStepConfig(method: .get, url: "https://portal.example.com/healthz"))
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
}
