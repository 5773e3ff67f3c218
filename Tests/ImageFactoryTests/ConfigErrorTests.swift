import Foundation
import Testing
@testable import ImageFactory
import ImageFactoryTestSupport

/// Bad input gets every problem at once, each with its line and column.
struct ConfigErrorTests {
    @Test func unknownKeyIsRefusedWithASuggestion() {
        let yaml = """
            - name: backstage
              registry: ghcr.io
              repostory: acme/backstage
              source: {repo: acme/platform, dockerfile: Dockerfile, workflow: build.yml, brnach: main}
            """
        #expect(Fixture.problems(yaml) == [
            "1:3: image entry is missing `repository`",
            "3:3: unknown key 'repostory' in an image entry; did you mean 'repository'?",
            "4:78: unknown key 'brnach' in source; did you mean 'branch'?",
        ])
    }

    /// `none` rebuilds without a release, in defaults and per image.
    @Test func versionBumpNoneIsAccepted() throws {
        let config = try ConfigDecoder.decode("""
            defaults: {versionBump: none}
            images:
              - {name: app, registry: ghcr.io, repository: acme/app, versionBump: none, source: {repo: acme/app, dockerfile: Dockerfile}}
            """, file: "images.yaml")
        #expect(config.defaults.versionBump == .noRelease)
        #expect(config.images.first?.versionBump == .noRelease)
        #expect(VersionBump.noRelease.rawValue == "none")
    }

    @Test func wrongTypesAndValuesAreAllReported() {
        let yaml = """
            - name: Backstage
              registry: ghcr.io
              repository: acme/backstage
              autoRebuild: yes
              rebuildDelay: 7 days
              discoveryLimit: 500
              versionBump: mayor
              source: {repo: acme/platform, dockerfile: ../Dockerfile, workflow: build}
            """
        #expect(Fixture.problems(yaml) == [
            "1:9: name 'Backstage' must be lowercase letters, digits and '-', start and end with a letter or digit, at most 63 characters; did you mean 'backstage'?",
            "4:16: autoRebuild must be true or false, found 'yes'",
            "5:17: rebuildDelay '7 days' is not a duration; write e.g. 30m, 36h or 7d (units s, m, h, d, w)",
            "6:19: discoveryLimit must be between 1 and 100, found 500",
            "7:16: versionBump must be one of patch, minor, major, none, found 'mayor'; did you mean 'major'?",
            "8:45: source.dockerfile '../Dockerfile' must be a path inside the repository (no '..' or empty segments)",
            "8:70: source.workflow 'build' must be a workflow file name such as build.yml (letters, digits, . _ -)",
        ])
    }

    @Test func duplicateKeysAndDuplicateImages() {
        #expect(Fixture.problems("- name: a\n  registry: x\n  name: b\n") == ["3:3: duplicate key 'name' (first at 1:3): YAML keys must be unique"])
        let yaml = """
            - {name: redis, registry: docker.io, repository: library/redis, tag: "7"}
            - {name: redis, registry: docker.io, repository: redis, tag: "8"}
            """
        #expect(Fixture.problems(yaml) == [
            "2:10: image name 'redis' is used twice (first at images.yaml:1:10)",
            "2:50: images 'redis' and 'redis' are the same repository docker.io/library/redis; list it once",
        ])
    }

    @Test func emptyAndMalformedFiles() {
        #expect(Fixture.problems("") == ["1:1: the file is empty: list at least one image"])
        #expect(Fixture.problems("[]") == ["1:1: the image list is empty: list at least one image"])
        #expect(Fixture.problems("images: [\n") == ["2:1: invalid YAML: did not find expected node content while parsing a flow node"])
        #expect(Fixture.problems("just text") == ["1:1: images.yaml must be a list of images, or a mapping with an `images:` list; found 'just text'"])
        #expect(Fixture.problems("project: {name: x}\n") == ["1:1: images.yaml has no `images:` list"])
    }

    @Test func externalImageMustSayWhatToWatch() {
        let yaml = """
            - name: redis
              registry: docker.io
              repository: library/redis
              autoRebuild: false
            """
        #expect(Fixture.problems(yaml) == [
            "1:3: image 'redis' has no `source`, so it is only watched: say what to watch with `tag:` (new digests of one tag) or `allowTags:`/`constraint:` (new versions)",
            "4:16: autoRebuild applies only to images built from a `source`; image 'redis' has none",
        ])
    }

    @Test func kargoIncompatibleRegexesAreRefused() {
        let yaml = """
            - name: redis
              registry: docker.io
              repository: library/redis
              allowTags: ['^7(?!-alpine)', '(a']
            """
        #expect(Fixture.problems(yaml) == [
            "4:14: allowTags pattern '(a' has an unmatched '('",
            "4:14: allowTags pattern '^7(?!-alpine)' uses (?!…): Kargo evaluates Go (RE2) regular expressions, which have no lookaround",
        ])
    }

    @Test func dockerfileProblemsPointIntoTheDockerfile() {
        let yaml = Fixture.backstage
        #expect(Fixture.problems(yaml, dockerfiles: ["apps/backstage/Dockerfile": "ARG BASE\nFROM ${BASE}\n"]).count == 1)
        let problems = Fixture.problems(yaml, dockerfiles: ["apps/backstage/Dockerfile": "ARG BASE\nFROM ${BASE}\n"])
        #expect(problems.first?.hasPrefix("apps/backstage/Dockerfile:2:") == true)
        #expect(problems.first?.contains("BASE") == true)
    }

    @Test func cyclesAreNamed() {
        let yaml = """
            - name: a
              registry: ghcr.io
              repository: acme/a
              baseImages: [ghcr.io/acme/b:1.0.0]
              source: {repo: acme/x, dockerfile: a/Dockerfile, workflow: a.yml}
            - name: b
              registry: ghcr.io
              repository: acme/b
              baseImages: [ghcr.io/acme/c:1.0.0]
              source: {repo: acme/x, dockerfile: b/Dockerfile, workflow: b.yml}
            - name: c
              registry: ghcr.io
              repository: acme/c
              baseImages: ["ghcr.io/acme/a:1.0.0", "node:22"]
              source: {repo: acme/x, dockerfile: c/Dockerfile, workflow: c.yml}
            - name: self
              registry: ghcr.io
              repository: acme/self
              baseImages: [ghcr.io/acme/self:1.0.0]
              source: {repo: acme/x, dockerfile: s/Dockerfile, workflow: s.yml}
            """
        #expect(Fixture.problems(yaml) == [
            "1:9: images are built on each other in a cycle: a → b → c → a (→ reads 'is built on')",
            "16:9: images are built on each other in a cycle: self → self (→ reads 'is built on')",
        ])
    }

    @Test func aliasBombAsAKeyIsRefusedBeforeYamsHashesIt() {
        let lines = Fixture.billionLaughs
        let clock = ContinuousClock()
        let start = clock.now
        #expect(Fixture.problems(lines.joined(separator: "\n") + "\nimages:\n  - ? *i\n    : x\n") == [
            "11:7: an alias (*name) is used as a mapping key; images.yaml keys must be plain strings",
        ])
        #expect(Fixture.problems("images:\n  - &k name\n  - {*k : x}\n") == ["3:6: an alias (*name) is used as a mapping key; images.yaml keys must be plain strings"])
        #expect(clock.now - start < .seconds(2))
    }

    @Test func aliasBombAsAValueIsBoundedByTheSchema() {
        let lines = Fixture.billionLaughs
        let problems = Fixture.problems(lines.joined(separator: "\n") + "\nimages: *i\n")
        #expect(problems.count == 10)
        #expect(problems.contains("8:4: an image entry must be a mapping, found a list"))
        #expect(problems.last == "9:1: unknown key 'i' in images.yaml (allowed: project, defaults, baseImages, images)")
    }

    @Test func deepNestingIsRefusedByTheParser() {
        let problems = Fixture.problems("images: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000))
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("1:") == true)
        #expect(problems.first?.contains("Maximum nesting level reached") == true)
    }

    @Test func everyProblemAtOnceIncludingDockerfiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("image-factory-all-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder + "/b", withIntermediateDirectories: true)
        try "FROM ${MISSING}\n".write(toFile: folder + "/b/Dockerfile", atomically: true, encoding: .utf8)
        try """
            - name: a
              registry: ghcr.io
              repository: acme/a
              colour: blue
              source: {repo: acme/x, dockerfile: a/Dockerfile, workflow: a.yml}
            - name: b
              registry: ghcr.io
              repository: acme/b
              source: {repo: acme/x, dockerfile: b/Dockerfile, workflow: b.yml}
            - name: c
              registry: ghcr.io
              repository: acme/c
              source: {repo: acme/x, dockerfile: c/Dockerfile, workflow: c.yml}
            """.write(toFile: folder + "/images.yaml", atomically: true, encoding: .utf8)
        let error = try #require(throws: InvalidInput.self) { try Pipeline(configPath: folder + "/images.yaml").plan() }
        let lines = error.diagnostics.map { "\(($0.location?.file ?? "").replacingOccurrences(of: folder + "/", with: "")):\($0.location?.line ?? 0):\($0.location?.column ?? 0): \($0.message)" }
        #expect(lines.count == 4)
        #expect(lines.contains("b/Dockerfile:1:6: FROM ${MISSING}: ARG MISSING is not declared before the first FROM"))
        #expect(lines.contains("images.yaml:4:3: unknown key 'colour' in an image entry (allowed: name, registry, repository, source, tag, strategy, constraint, strictSemvers, allowTags, ignoreTags, interval, platform, discoveryLimit, rebuildDelay, rebuildWindow, rebuildRetry, notify, autoRebuild, rebuildExisting, versionBump, baseImages, build, environments, gitops, downstream)"))
        #expect(lines.contains { $0.hasPrefix("images.yaml:13:38: image 'c': Dockerfile 'c/Dockerfile' not found") })
    }
}
