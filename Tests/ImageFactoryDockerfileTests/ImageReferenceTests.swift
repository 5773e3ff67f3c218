import Testing
@testable import ImageFactoryDockerfile

private let hex = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

struct ImageReferenceTests {
    struct NormalizationCase: Sendable, CustomTestStringConvertible {
        var input: String
        var registry: String
        var repository: String
        var tag: String?
        var digest: String?
        var description: String
        var familiarRepository: String

        var testDescription: String { input }
    }

    static let normalizationCases: [NormalizationCase] = [
        NormalizationCase(
            input: "node", registry: "docker.io", repository: "library/node", tag: "latest", digest: nil,
            description: "docker.io/library/node:latest", familiarRepository: "node"),
        NormalizationCase(
            input: "node:22-bookworm-slim", registry: "docker.io", repository: "library/node", tag: "22-bookworm-slim", digest: nil,
            description: "docker.io/library/node:22-bookworm-slim", familiarRepository: "node"),
        NormalizationCase(
            input: "library/node", registry: "docker.io", repository: "library/node", tag: "latest", digest: nil,
            description: "docker.io/library/node:latest", familiarRepository: "node"),
        NormalizationCase(
            input: "docker.io/node", registry: "docker.io", repository: "library/node", tag: "latest", digest: nil,
            description: "docker.io/library/node:latest", familiarRepository: "node"),
        NormalizationCase(
            input: "index.docker.io/library/node:22", registry: "docker.io", repository: "library/node", tag: "22", digest: nil,
            description: "docker.io/library/node:22", familiarRepository: "node"),
        NormalizationCase(
            input: "bitnami/redis:7", registry: "docker.io", repository: "bitnami/redis", tag: "7", digest: nil,
            description: "docker.io/bitnami/redis:7", familiarRepository: "bitnami/redis"),
        NormalizationCase(
            input: "ghcr.io/org/app:v1.2.3", registry: "ghcr.io", repository: "org/app", tag: "v1.2.3", digest: nil,
            description: "ghcr.io/org/app:v1.2.3", familiarRepository: "ghcr.io/org/app"),
        NormalizationCase(
            input: "localhost:5000/x", registry: "localhost:5000", repository: "x", tag: "latest", digest: nil,
            description: "localhost:5000/x:latest", familiarRepository: "localhost:5000/x"),
        NormalizationCase(
            input: "localhost/x", registry: "localhost", repository: "x", tag: "latest", digest: nil,
            description: "localhost/x:latest", familiarRepository: "localhost/x"),
        NormalizationCase(
            input: "registry.example.com:5000/a/b/c:tag", registry: "registry.example.com:5000", repository: "a/b/c", tag: "tag", digest: nil,
            description: "registry.example.com:5000/a/b/c:tag", familiarRepository: "registry.example.com:5000/a/b/c"),
        NormalizationCase(
            input: "node@sha256:\(hex)", registry: "docker.io", repository: "library/node", tag: nil, digest: "sha256:\(hex)",
            description: "docker.io/library/node@sha256:\(hex)", familiarRepository: "node"),
        NormalizationCase(
            input: "node:22@sha256:\(hex)", registry: "docker.io", repository: "library/node", tag: "22", digest: "sha256:\(hex)",
            description: "docker.io/library/node:22@sha256:\(hex)", familiarRepository: "node"),
        NormalizationCase(
            input: "ghcr.io/org/app:v1@sha256:\(hex)", registry: "ghcr.io", repository: "org/app", tag: "v1", digest: "sha256:\(hex)",
            description: "ghcr.io/org/app:v1@sha256:\(hex)", familiarRepository: "ghcr.io/org/app"),
        NormalizationCase(
            input: "registry:5000", registry: "docker.io", repository: "library/registry", tag: "5000", digest: nil,
            description: "docker.io/library/registry:5000", familiarRepository: "registry"),
        NormalizationCase(
            input: "docker.io/library/a/b", registry: "docker.io", repository: "library/a/b", tag: "latest", digest: nil,
            description: "docker.io/library/a/b:latest", familiarRepository: "library/a/b"),
        NormalizationCase(
            input: "quay.io/my_org/my-app__x.y:1_0-RC.1", registry: "quay.io", repository: "my_org/my-app__x.y", tag: "1_0-RC.1", digest: nil,
            description: "quay.io/my_org/my-app__x.y:1_0-RC.1", familiarRepository: "quay.io/my_org/my-app__x.y"),
    ]

    @Test(arguments: normalizationCases)
    func normalizes(_ testCase: NormalizationCase) throws {
        let reference = try ImageReference.parse(testCase.input)
        #expect(reference.registry == testCase.registry)
        #expect(reference.repository == testCase.repository)
        #expect(reference.tag == testCase.tag)
        #expect(reference.digest == testCase.digest)
        #expect(reference.description == testCase.description)
        #expect(reference.familiarRepository == testCase.familiarRepository)
        #expect(reference.repositoryURL == testCase.registry + "/" + testCase.repository)
    }

    @Test(arguments: normalizationCases)
    func descriptionParsesBackToTheSameReference(_ testCase: NormalizationCase) throws {
        let reference = try ImageReference.parse(testCase.input)
        #expect(try ImageReference.parse(reference.description) == reference)
    }

    @Test(arguments: [
        ("", "reference is empty"),
        ("Node:22", "repository name must be lowercase"),
        ("ghcr.io/Org/app", "repository name must be lowercase"),
        ("node:", "tag after ':' is empty"),
        ("node@", "digest after '@' is empty"),
        ("node@sha256:xyz", "digest \"sha256:xyz\" is invalid: expected \"sha256:\" followed by 64 lowercase hex digits"),
        ("node@sha256:\(hex.uppercased())", "digest \"sha256:\(hex.uppercased())\" is invalid: expected \"sha256:\" followed by 64 lowercase hex digits"),
        ("node@md5:abc", "digest algorithm \"md5\" is not supported: expected \"sha256:\" followed by 64 lowercase hex digits"),
        ("http://x/y", "reference must not include a URL scheme (\"http://\")"),
        ("a b", "reference must not contain whitespace"),
        (" node", "reference must not contain whitespace"),
        ("node:-x", "tag \"-x\" is invalid: expected up to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'"),
        ("node:\(String(repeating: "a", count: 129))", "tag \"\(String(repeating: "a", count: 129))\" is invalid: expected up to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'"),
        (":22", "repository name is empty"),
        ("ghcr.io/", "repository path \"\" has an empty component"),
        ("a//b", "repository path \"a//b\" has an empty component"),
        ("a/-b", "repository path component \"-b\" is invalid: expected lowercase letters and digits separated by '.', '_', '__' or dashes"),
        ("a___b", "repository path component \"a___b\" is invalid: expected lowercase letters and digits separated by '.', '_', '__' or dashes"),
        ("-bad.host/x", "registry \"-bad.host\" is invalid: expected a host name or [IPv6] address with an optional :port"),
        ("host:port/x", "registry \"host:port\" is invalid: expected a host name or [IPv6] address with an optional :port"),
        (hex, "reference must not be a 64-character hexadecimal string (a digest needs \"name@sha256:\")"),
        ("a--b/c", "Kargo's image repoURL pattern rejects \"docker.io/a--b/c\": each part must be word characters joined by single '.' or '-'"),
        ("[::1]:5000/x", "Kargo's image repoURL pattern rejects \"[::1]:5000/x\": each part must be word characters joined by single '.' or '-'"),
        (String(repeating: "a", count: 256), "repository name must not be more than 255 characters"),
    ])
    func rejects(_ input: String, reason: String) {
        #expect(throws: ImageReferenceError(reference: input, reason: reason)) {
            try ImageReference.parse(input)
        }
    }

    @Test func errorDescriptionNamesReferenceAndReason() {
        let error = ImageReferenceError(reference: "Node:22", reason: "repository name must be lowercase")
        #expect(error.description == "invalid image reference \"Node:22\": repository name must be lowercase")
    }

    @Test func comparesByDescription() throws {
        let references = try ["ghcr.io/org/app:v1", "node:22", "bitnami/redis:7", "node:20"].map(ImageReference.parse)
        #expect(references.sorted().map(\.description) == [
            "docker.io/bitnami/redis:7",
            "docker.io/library/node:20",
            "docker.io/library/node:22",
            "ghcr.io/org/app:v1",
        ])
    }

    @Test func uppercaseFirstComponentIsARegistryHost() throws {
        let reference = try ImageReference.parse("MyRegistry/team/app:1")
        #expect(reference == ImageReference(registry: "MyRegistry", repository: "team/app", tag: "1", digest: nil))
    }
}
