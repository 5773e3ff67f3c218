import InlineSnapshotTesting
import Testing
@testable import ImageFactory

/// A few lines of images.yaml in, the exact YAML of one generated file out. Re-record with
/// `SNAPSHOT_TESTING_RECORD=failed swift test` (the expected text below is rewritten in place).
@Suite(.snapshots(record: .missing))
struct ResourceSnippetTests {
    @Test func upstreamBaseWarehouse() throws {
        assertInlineSnapshot(of: try Fixture.file("bases/base-node-22-bookworm-slim.yaml", Fixture.backstage, dockerfiles: Fixture.nodeDockerfile), as: .lines)
    }

    @Test func managedImageWarehouseWatchesReleaseTagsAndItsBuildContext() throws {
        assertInlineSnapshot(of: try Fixture.file("images/backstage.yaml", Fixture.backstage, dockerfiles: Fixture.nodeDockerfile), as: .lines)
    }

    @Test func externalImageWatchedForNewVersionsAndDependentRebuiltThroughIt() throws {
        let yaml = """
            - name: postgres
              registry: docker.io
              repository: library/postgres
              allowTags: ^16\\.\\d+$
            - name: pg-backup
              registry: ghcr.io
              repository: acme/pg-backup
              autoRebuild: false
              versionBump: minor
              source: {repo: acme/platform, branch: release/1.x, dockerfile: Dockerfile, workflow: build.yaml}
            """
        let files = try Fixture.files(yaml, dockerfiles: ["Dockerfile": "FROM postgres:16.4\n"])
        let postgres = try #require(files["images/postgres.yaml"])
        let pgBackup = try #require(files["images/pg-backup.yaml"])
        assertInlineSnapshot(of: postgres, as: .lines)
        assertInlineSnapshot(of: pgBackup, as: .lines)
    }

    @Test func externalImageWatchedForNewDigestsOfOneTag() throws {
        let yaml = """
            - name: redis
              registry: docker.io
              repository: bitnami/redis
              tag: "7.4"
              interval: 1d
              platform: linux/arm64
            """
        assertInlineSnapshot(of: try Fixture.file("images/redis.yaml", yaml), as: .lines)
    }

    @Test func managedOnManagedRebuildWaitsForTheBaseAnalysis() throws {
        let yaml = """
            - name: python-base
              registry: ghcr.io
              repository: acme/python-base
              source: {repo: acme/platform, dockerfile: base/Dockerfile, workflow: base.yml}
            - name: api
              registry: ghcr.io
              repository: acme/api
              source: {repo: acme/platform, dockerfile: api/Dockerfile, workflow: api.yml}
            """
        let dockerfiles = ["base/Dockerfile": "FROM python:3.12-slim\n", "api/Dockerfile": "FROM ghcr.io/acme/python-base:1.2.3\n"]
        let files = try Fixture.files(yaml, dockerfiles: dockerfiles)
        let api = try #require(files["images/api.yaml"])
        assertInlineSnapshot(of: api, as: .lines)
    }

    @Test func projectObjectsSelectAutoPromotedStagesByLabel() throws {
        let yaml = """
            project:
              name: platform-images
              githubTokenSecret: {name: gh-dispatch, key: pat}
            images:
            \(Fixture.backstage.split(separator: "\n").map { "  \($0)" }.joined(separator: "\n"))
            """
        assertInlineSnapshot(of: try Fixture.file("project.yaml", yaml, dockerfiles: Fixture.nodeDockerfile), as: .lines)
    }

    @Test func projectConfigHasNoPolicyWhenNothingIsAutoPromoted() throws {
        let yaml = """
            - name: redis
              registry: docker.io
              repository: library/redis
              tag: "7"
            """
        assertInlineSnapshot(of: try Fixture.file("project.yaml", yaml), as: .lines)
    }

    @Test func analysisTemplateRunsTheAnalyzerInARestrictedJob() throws {
        let yaml = """
            project:
              analysis: {image: "ghcr.io/acme/image-factory:1.0.0", tokenSecret: {name: repo-reader, key: token}}
            images:
            \(Fixture.backstage.split(separator: "\n").map { "  \($0)" }.joined(separator: "\n"))
            """
        assertInlineSnapshot(of: try Fixture.file("analysis-template.yaml", yaml, dockerfiles: Fixture.nodeDockerfile), as: .lines)
    }

    @Test func kustomizationListsEveryFile() throws {
        assertInlineSnapshot(of: try Fixture.file("kustomization.yaml", Fixture.backstage, dockerfiles: Fixture.nodeDockerfile), as: .lines)
    }

    @Test func multiStageDockerfileWithArgsGivesOneTriggerPerExternalBase() throws {
        let dockerfile = """
            ARG PY=3.12-slim
            FROM ghcr.io/astral-sh/uv:0.5.11 AS uv
            FROM python:${PY} AS build
            COPY --from=uv /uv /bin/uv
            FROM build AS test
            FROM python:${PY}
            """
        let yaml = """
            - name: uv
              registry: ghcr.io
              repository: acme/uv
              source: {repo: acme/platform, dockerfile: uv/Dockerfile, workflow: uv.yml}
            """
        let files = try Fixture.files(yaml, dockerfiles: ["uv/Dockerfile": dockerfile])
        #expect(files.keys.sorted() == [
            "analysis-template.yaml", "bases/base-ghcr-io-astral-sh-uv-0-5-11.yaml", "bases/base-python-3-12-slim.yaml",
            "images/uv.yaml", "kustomization.yaml", "project.yaml",
        ])
        let stages = try #require(files["images/uv.yaml"]).split(separator: "\n").filter { $0.hasPrefix("  name: ") }
        #expect(stages == ["  name: uv", "  name: analyze-uv", "  name: rebuild-uv-on-ghcr-io-astral-sh-uv-0-5-11", "  name: rebuild-uv-on-python-3-12-slim"])
    }
}
