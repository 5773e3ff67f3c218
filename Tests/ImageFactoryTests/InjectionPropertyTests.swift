import Foundation
import PropertyBased
import Testing
import Yams
@testable import ImageFactory
import ImageFactoryTestSupport

/// Hostile strings in every field that reaches output: each is refused with a located message, or carried
/// inert — the output still parses to the same documents, and the value reads back exactly as given.
struct InjectionPropertyTests {
    static let pieces = [
        "\"", "'", "\n", "${{ vars.x }}", "}}", "${% %}", "$(id)", "`id`", "#", ": ", "- ", "!!binary ", "&a ", "*a",
        "---", "...", "{", "}", "[", "]", ",", "|", ">", "\\", "\u{0430}", "\u{2028}", "\u{200B}", "ghp_", "%", "@",
        "a", "b", "1", "0", ".", "-", "_", "/", "node", "v1", "^", "$", "(", ")", "?", "*", "+", " ", "\t",
    ]

    /// Strings glued from YAML, shell and template syntax, look-alikes and ordinary text.
    static func hostile() -> Generator<String, AnySequence<(index: Int, value: Any)>> {
        Gen.oneOf(
            Gen.int(in: 0...(pieces.count - 1)).array(of: 1...8).map { $0.map { pieces[$0] }.joined() },
            Gen.int(in: 0...(pieces.count - 1)).map { pieces[$0] }
        )
    }

    /// Where a field sits in images.yaml, and where its value must appear in the output when it is accepted.
    struct Field: Sendable, CustomTestStringConvertible {
        var name: String
        var render: @Sendable (String) -> String
        /// File and a path through the parsed documents to the value synth emits for it.
        var output: (file: String, document: Int, path: [String])?
        /// What the emitted value is for an accepted `text` (the value itself, unless the field wraps it).
        var expected: @Sendable (String) -> String = { $0 }
        var testDescription: String { name }
    }

    static func quoted(_ value: String) -> String {
        let data = (try? JSONEncoder().encode(value)) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    static let fields: [Field] = [
        Field(name: "allowTags", render: { "- {name: x, registry: docker.io, repository: library/x, allowTags: \(quoted($0))}" },
              output: ("images/x.yaml", 0, ["spec", "subscriptions", "0", "image", "allowTagsRegexes", "0"])),
        Field(name: "constraint", render: { "- {name: x, registry: docker.io, repository: library/x, constraint: \(quoted($0))}" },
              output: ("images/x.yaml", 0, ["spec", "subscriptions", "0", "image", "constraint"])),
        Field(name: "tag", render: { "- {name: x, registry: docker.io, repository: library/x, tag: \(quoted($0))}" },
              output: ("images/x.yaml", 0, ["spec", "subscriptions", "0", "image", "constraint"])),
        Field(name: "branch", render: { "- {name: x, registry: ghcr.io, repository: a/x, baseImages: [node:22], source: {repo: a/b, branch: \(quoted($0)), dockerfile: D, workflow: w.yml}}" },
              output: ("images/x.yaml", 1, ["spec", "subscriptions", "0", "git", "branch"])),
        Field(name: "name", render: { "- {name: \(quoted($0)), registry: docker.io, repository: library/x, tag: '1'}" }, output: nil),
        Field(name: "repository", render: { "- {name: x, registry: docker.io, repository: \(quoted($0)), tag: '1'}" }, output: nil),
        Field(name: "source.repo", render: { "- {name: x, registry: ghcr.io, repository: a/x, baseImages: [node:22], source: {repo: \(quoted($0)), dockerfile: D, workflow: w.yml}}" }, output: nil),
        Field(name: "source.dockerfile", render: { "- {name: x, registry: ghcr.io, repository: a/x, baseImages: [node:22], source: {repo: a/b, dockerfile: \(quoted($0)), workflow: w.yml}}" }, output: nil),
        Field(name: "source.workflow", render: { "- {name: x, registry: ghcr.io, repository: a/x, baseImages: [node:22], source: {repo: a/b, dockerfile: D, workflow: \(quoted($0))}}" }, output: nil),
        Field(name: "baseImages", render: { "- {name: x, registry: ghcr.io, repository: a/x, baseImages: [\(quoted($0))], source: {repo: a/b, dockerfile: D, workflow: w.yml}}" }, output: nil),
        Field(name: "secret name", render: { "project: {githubTokenSecret: {name: \(quoted($0))}}\nimages:\n- {name: x, registry: ghcr.io, repository: a/x, baseImages: [node:22], source: {repo: a/b, dockerfile: D, workflow: w.yml}}" }, output: nil),
        Field(name: "platform", render: { "- {name: x, registry: docker.io, repository: library/x, tag: '1', platform: \(quoted($0))}" },
              output: ("images/x.yaml", 0, ["spec", "subscriptions", "0", "image", "platform"])),
        Field(name: "build.args", render: { "- {name: x, registry: ghcr.io, repository: a/x, baseImages: [node:22], source: {repo: a/b, dockerfile: D}, build: {args: [\(quoted("K=" + $0))]}}" },
              output: ("workflows/a/b/build-x.yml", 0, ["jobs", "build", "with", "build-args"]), expected: { "K=\($0)\n" }),
        Field(name: "build.tags", render: { "- {name: x, registry: ghcr.io, repository: a/x, baseImages: [node:22], source: {repo: a/b, dockerfile: D}, build: {tags: [\(quoted($0))]}}" }, output: nil),
        Field(name: "build.target", render: { "- {name: x, registry: ghcr.io, repository: a/x, baseImages: [node:22], source: {repo: a/b, dockerfile: D}, build: {target: \(quoted($0))}}" },
              output: ("workflows/a/b/build-x.yml", 0, ["jobs", "build", "with", "target"])),
        Field(name: "registry username", render: { "project: {registries: [{host: quay.io, username: \(quoted($0)), passwordSecret: QUAY}]}\nimages:\n- {name: x, registry: quay.io, repository: a/x, baseImages: [node:22], source: {repo: a/b, dockerfile: D}}" }, output: nil),
    ]

    static func value(at path: [String], in node: Any?) -> Any? {
        guard let key = path.first else { return node }
        if let mapping = node as? [String: Any] { return value(at: Array(path.dropFirst()), in: mapping[key]) }
        if let list = node as? [Any], let index = Int(key), list.indices.contains(index) { return value(at: Array(path.dropFirst()), in: list[index]) }
        return nil
    }

    @Test(arguments: fields)
    func refusedOrCarriedInert(_ field: Field) async {
        await propertyCheck(count: 150, input: Self.hostile()) { text in
            let yaml = field.render(text)
            let files: [GeneratedFile]
            do {
                files = try FileRenderer.render(try Fixture.plan(yaml))
            } catch let error as InvalidInput {
                #expect(error.diagnostics.allSatisfy { $0.location != nil && !$0.message.isEmpty }, "\(error)")
                return
            }
            for file in files where file.path.hasSuffix(".md") {
                #expect(file.contents.components(separatedBy: "```").count == 3, "\(field.name)=\(text.debugDescription) broke the code fence of \(file.path)")
            }
            for file in files where file.path.hasSuffix(".yml") {
                let documents = try Array(Yams.load_all(yaml: file.contents))
                #expect(documents.count == 1 && (documents.first as? [String: Any])?["jobs"] is [String: Any],
                        "\(field.name)=\(text.debugDescription) changed the structure of \(file.path)")
            }
            for file in files where file.path.hasSuffix(".yaml") {
                let documents = try Array(Yams.load_all(yaml: file.contents))
                let expected = file.contents.components(separatedBy: "\n---\n").count
                #expect(documents.count == expected, "\(field.name)=\(text.debugDescription) changed the structure of \(file.path)")
                for document in documents {
                    #expect((document as? [String: Any])?["apiVersion"] is String, "\(file.path) has a document that is not an object")
                }
            }
            if let output = field.output, let file = files.first(where: { $0.path == output.file }) {
                let documents = try Array(Yams.load_all(yaml: file.contents))
                let emitted = Self.value(at: output.path, in: documents[output.document]) as? String
                let expected = field.expected(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)
                #expect(emitted == expected, "\(field.name)=\(text.debugDescription) came back as \(emitted.debugDescription)")
            }
        }
    }

    @Test(arguments: [
        "ghp_" + String(repeating: "a", count: 36), "github_pat_" + String(repeating: "B", count: 50), "glpat-" + String(repeating: "c", count: 20),
        "AKIA" + String(repeating: "D", count: 16), "xoxb-1234567890-abcdef", "-----BEGIN OPENSSH PRIVATE KEY-----", "dckr_pat_" + String(repeating: "e", count: 27),
    ])
    func credentialsAreRefusedInAnyField(token: String) {
        for field in Self.fields {
            let problems = Fixture.problems(field.render(token))
            #expect(problems.contains { $0.contains("looks like a credential") && $0.contains("Secret") }, "\(field.name): \(problems)")
        }
        #expect(CredentialDetector.kind(of: "ghp_short") == nil)
        #expect(CredentialDetector.kind(of: "node:22-bookworm-slim") == nil)
    }
}
