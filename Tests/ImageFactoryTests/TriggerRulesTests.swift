import Testing
@testable import ImageFactory
import ImageFactoryTestSupport

/// What triggers a rebuild, and what does not: the rules found wanting in review, pinned.
struct TriggerRulesTests {
    func stageNames(_ yaml: String, _ dockerfiles: [String: String], image: String) throws -> [String] {
        let files = try Fixture.files(yaml, dockerfiles: dockerfiles)
        let text = try #require(files["images/\(image).yaml"])
        return text.split(separator: "\n").filter { $0.hasPrefix("  name: ") }.map { String($0.dropFirst(8)) }
    }

    @Test func severalReferencesToOneWarehouseMakeOneTrigger() throws {
        let dockerfile = """
            FROM node:22@sha256:\(String(repeating: "a", count: 64)) AS build
            FROM node:22 AS test
            FROM docker.io/library/node:22@sha256:\(String(repeating: "b", count: 64))
            """
        let names = try stageNames(Fixture.backstage, ["apps/backstage/Dockerfile": dockerfile], image: "backstage")
        #expect(names == ["backstage", "backstage-source", "analyze-backstage", "rebuild-backstage-on-node-22"])
    }

    @Test func twoVersionsOfAManagedBaseMakeOneTrigger() throws {
        let yaml = """
            - {name: base, registry: ghcr.io, repository: acme/base, source: {repo: acme/x, dockerfile: base/Dockerfile, workflow: base.yml}}
            - {name: app, registry: ghcr.io, repository: acme/app, source: {repo: acme/x, dockerfile: app/Dockerfile, workflow: app.yml}}
            """
        let dockerfiles = ["base/Dockerfile": "FROM alpine:3.20\n", "app/Dockerfile": "FROM ghcr.io/acme/base:1.0.0 AS a\nFROM ghcr.io/acme/base:1.1.0\n"]
        #expect(try stageNames(yaml, dockerfiles, image: "app") == ["app", "app-source", "analyze-app", "rebuild-app-on-base"])
    }

    @Test func commitsReachTheAnalysisButNotTheImageWarehouseDownstreamTriggersUse() throws {
        let files = try Fixture.files(Fixture.backstage, dockerfiles: Fixture.nodeDockerfile)
        let text = try #require(files["images/backstage.yaml"])
        let documents = text.components(separatedBy: "\n---\n")
        #expect(documents[0].contains("name: backstage\n") && documents[0].contains("- image:") && !documents[0].contains("- git:"))
        #expect(documents[1].contains("name: backstage-source\n") && documents[1].contains("- git:") && !documents[1].contains("- image:"))
        #expect(documents[2].contains("      name: backstage\n") && documents[2].contains("      name: backstage-source\n"))
    }

    @Test func explicitBaseImagesAreRecordedButNotVerified() throws {
        let yaml = """
            - name: app
              registry: ghcr.io
              repository: acme/app
              baseImages: [node:22]
              source: {repo: acme/x, dockerfile: app/Dockerfile, workflow: app.yml}
            """
        let text = try #require(try Fixture.files(yaml)["images/app.yaml"])
        #expect(text.contains("name: analyze-app"))
        #expect(!text.contains("verification:"))
        #expect(text.contains("name: rebuild-app-on-node-22"))
    }

    @Test func externalImageSelectedOnlyByConstraintDoesNotCaptureOtherTags() throws {
        let yaml = """
            - {name: postgres, registry: docker.io, repository: library/postgres, constraint: ">=16.0.0 <17.0.0"}
            - {name: app, registry: ghcr.io, repository: acme/app, source: {repo: acme/x, dockerfile: Dockerfile, workflow: app.yml}}
            """
        let names = try stageNames(yaml, ["Dockerfile": "FROM postgres:15.2\n"], image: "app")
        #expect(names.last == "rebuild-app-on-postgres-15-2")
        #expect(try Fixture.files(yaml, dockerfiles: ["Dockerfile": "FROM postgres:15.2\n"])["bases/base-postgres-15-2.yaml"] != nil)
    }

    @Test func aSourceWarehouseNameCannotBeTakenByAnImage() {
        let yaml = """
            - {name: api, registry: ghcr.io, repository: acme/api, baseImages: [node:22], source: {repo: acme/x, dockerfile: Dockerfile, workflow: a.yml}}
            - {name: api-source, registry: ghcr.io, repository: acme/api-source, tag: "1"}
            """
        #expect(Fixture.problems(yaml) == ["1:10: image name 'api-source' is already the name of image 'api''s source Warehouse; rename one of them"])
    }
}
