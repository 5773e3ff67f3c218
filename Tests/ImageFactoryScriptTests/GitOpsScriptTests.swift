import Foundation
import InlineSnapshotTesting
import Testing
@testable import ImageFactory
import ImageFactoryManifests
import ImageFactoryTestSupport

/// GitHub-mode GitOps: the scripts of the dispatch job and of the GitOps repository's receiving workflow, rendered
/// from their built-in templates and run for real in a scratch folder (bash with a stub `gh` and `python3` on PATH;
/// the update with the machine's python3 and PyYAML; the commit against a local bare repository as `origin`), and
/// the two workflow builders' YAML.
struct GitOpsScriptTests {
    // MARK: - Fixtures

    static let digest = "sha256:" + String(repeating: "0123456789abcdef", count: 4)
    static let commit = String(repeating: "1a2b3c4d5e", count: 4)
    static let runURL = "https://github.com/acme/platform/actions/runs/4242"

    static let devFile = "environments/dev/values.yaml"
    static let stagingFile = "environments/staging/values.yaml"
    static let prodFile = "environments/prod/values.yaml"

    /// Comments, blank lines, a double-quoted tag and a comment after it.
    static let devValues = """
        # Values for dev: image-factory sets image.tag.

        image:
          repository: ghcr.io/acme/data-api   # pushed by CI
          tag: "v1.0.0-dev"  # the deployed tag

        replicas: 1

        """
    /// A list-index path, plain scalars, a second container that must stay as it is.
    static let stagingValues = """
        containers:
          - name: app
            image:
              tag: v0.9.0
          - name: sidecar
            image:
              tag: v0.9.0 # not ours

        """
    /// CRLF line endings, a flow mapping, a single-quoted tag, no newline at the end.
    static let prodValues = "# Values for prod\r\nimage: {repository: ghcr.io/acme/data-api, tag: 'v1.0.0'}\r\n\r\nresources:\r\n  limits: {cpu: \"1\"}"

    static let targets = [
        GitOpsTarget(image: "data-api", environment: "dev", tagPattern: "-dev$", file: devFile, key: "image.tag"),
        GitOpsTarget(
            image: "data-api", environment: "staging", tagPattern: #"^v[0-9]+\.[0-9]+\.[0-9]+-rc\.[0-9]+$"#, file: stagingFile,
            key: "containers.0.image.tag"),
        GitOpsTarget(image: "data-api", environment: "prod", tagPattern: #"^v[0-9]+\.[0-9]+\.[0-9]+$"#, file: prodFile, key: "image.tag"),
        GitOpsTarget(image: "report-worker", environment: "dev", tagPattern: ".", file: "environments/dev/worker.yaml", key: "image.tag"),
    ]
    static let files = [devFile: devValues, stagingFile: stagingValues, prodFile: prodValues]

    /// A JSON string literal.
    static func json(_ text: String) -> String {
        String(decoding: (try? JSONEncoder().encode(text)) ?? Data(), as: UTF8.self)
    }

    /// The dispatch's client_payload as the dispatch script sends it; `overrides` are raw JSON per key (nil removes it).
    static func payload(tags: [String], _ overrides: [String: String?] = [:]) -> String {
        var fields: [String: String] = [
            "image": json("data-api"), "repository": json("ghcr.io/acme/data-api"),
            "tags": "[" + tags.map(json).joined(separator: ", ") + "]", "digest": json(digest), "source": json("acme/platform"),
            "ref": json("refs/heads/main"), "sha": json(commit), "run_url": json(runURL),
        ]
        for (key, value) in overrides { fields[key] = value }
        return "{" + fields.sorted { $0.key < $1.key }.map { "\(json($0.key)): \($0.value)" }.joined(separator: ", ") + "}"
    }

    static func render(_ script: BuildScript) throws -> String {
        try ScriptRenderer.render(script.builtInTemplate, path: "built-in \(script.fileName)")
    }

    /// The real python3 interpreter (not a pyenv shim), when it can import yaml.
    static let python: String? = {
        let environment = ProcessInfo.processInfo.environment
        guard let result = try? run("/usr/bin/env", ["python3", "-c", "import sys, yaml; print(sys.executable)"],
                                    in: FileManager.default.temporaryDirectory, environment: environment),
              result.status == 0
        else { return nil }
        let path = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        return path.isEmpty ? nil : path
    }()

    typealias Result = ScriptProcess.Output

    static func run(_ executable: String, _ arguments: [String], in directory: URL, environment: [String: String]) throws -> Result {
        try ScriptProcess.run(executable, arguments, in: directory, environment: environment)
    }

    /// A scratch folder, removed when the value goes away: `repo` (the working directory), `bin` (stubs, first on
    /// PATH), the runner's `GITHUB_OUTPUT`, a stub call log and the commit message path.
    final class Sandbox {
        let root: URL
        let bin: URL
        let repo: URL
        let output: URL
        let calls: URL
        let message: URL

        init(files: [String: String] = GitOpsScriptTests.files) throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("gitops-script-\(UUID().uuidString)")
            bin = root.appendingPathComponent("bin")
            repo = root.appendingPathComponent("repo")
            output = root.appendingPathComponent("github-output")
            calls = root.appendingPathComponent("calls.log")
            message = root.appendingPathComponent("temp/gitops-commit-message")
            for folder in [bin, repo, root.appendingPathComponent("temp")] {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            }
            for file in [output, calls] { try Data().write(to: file) }
            for (path, contents) in files { try write(path, contents) }
        }

        deinit {
            try? FileManager.default.removeItem(at: root)
        }

        func write(_ path: String, _ contents: String) throws {
            let url = repo.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(contents.utf8).write(to: url)
        }

        /// A file's bytes as text (CRLF kept), or nil when it does not exist.
        func contents(_ path: String) -> String? {
            (try? Data(contentsOf: repo.appendingPathComponent(path))).map { String(decoding: $0, as: UTF8.self) }
        }

        var commitMessage: String? { (try? Data(contentsOf: message)).map { String(decoding: $0, as: UTF8.self) } }
        var githubOutput: String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }
        var stubCalls: String { (try? String(contentsOf: calls, encoding: .utf8)) ?? "" }

        func stub(_ name: String, _ body: String) throws {
            let url = bin.appendingPathComponent(name)
            try Data("#!/bin/bash\n\(body)".utf8).write(to: url)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        }

        /// The whole environment of a script: nothing is inherited from the test process.
        var environment: [String: String] {
            [
                "PATH": "\(bin.path):/usr/local/bin:/usr/bin:/bin",
                "HOME": root.path,
                "LC_ALL": "C",
                "STUB_LOG": calls.path,
                "STUB_DIR": root.path,
                "PYTHONDONTWRITEBYTECODE": "1",
                "GIT_CONFIG_NOSYSTEM": "1",
                "GIT_CONFIG_GLOBAL": "/dev/null",
                "GIT_AUTHOR_NAME": "Test",
                "GIT_AUTHOR_EMAIL": "test@example.com",
                "GIT_COMMITTER_NAME": "Test",
                "GIT_COMMITTER_EMAIL": "test@example.com",
            ]
        }

        /// Renders `script` and runs it in `repo` with `variables` on top of `environment`.
        func run(_ script: BuildScript, _ variables: [String: String]) throws -> Result {
            let file = root.appendingPathComponent(script.rawValue)
            try Data(GitOpsScriptTests.render(script).utf8).write(to: file)
            let interpreter = script.isPython ? (GitOpsScriptTests.python ?? "/usr/bin/python3") : "/bin/bash"
            return try GitOpsScriptTests.run(interpreter, [file.path], in: repo, environment: environment.merging(variables) { $1 })
        }

        /// Runs a bash snippet in `directory` (default `repo`); fails the test when it fails.
        @discardableResult
        func shell(_ script: String, in directory: URL? = nil) throws -> String {
            let result = try GitOpsScriptTests.run("/bin/bash", ["-c", "set -euo pipefail\n" + script], in: directory ?? repo, environment: environment)
            guard result.status == 0 else { throw ShellError(message: "\(script) failed: \(result.stdout)\(result.stderr)") }
            return result.stdout
        }

        struct ShellError: Error { var message: String }

        /// Whether a file named `pwned` exists anywhere in the scratch folder.
        var pwned: Bool {
            let files = FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String] ?? []
            return files.contains { ($0 as NSString).lastPathComponent == "pwned" }
        }
    }
}

// MARK: - gitops-update.py

extension GitOpsScriptTests {
    @Suite(.enabled(if: GitOpsScriptTests.python != nil, "python3 with PyYAML is not available (python3 -c 'import yaml' fails)"))
    struct Update {
        func update(
            _ sandbox: Sandbox, _ payload: String, targets: [GitOpsTarget] = GitOpsScriptTests.targets
        ) throws -> Result {
            try sandbox.run(.gitopsUpdate, [
                "PAYLOAD": payload,
                "ENVIRONMENTS": GitOpsReceiverWorkflow.environmentsJSON(targets),
                "COMMIT_MESSAGE_FILE": sandbox.message.path,
                "GITHUB_OUTPUT": sandbox.output.path,
            ])
        }

        /// Every fixture file exactly as written, except those in `changed`.
        func expectFiles(_ sandbox: Sandbox, changed: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation) {
            for (path, original) in GitOpsScriptTests.files {
                #expect(sandbox.contents(path) == (changed[path] ?? original), "\(path)", sourceLocation: sourceLocation)
            }
        }

        /// Nothing written: the files as they were, no commit message, no output.
        func expectNothingWritten(_ sandbox: Sandbox, sourceLocation: SourceLocation = #_sourceLocation) {
            expectFiles(sandbox, sourceLocation: sourceLocation)
            #expect(sandbox.commitMessage == nil, sourceLocation: sourceLocation)
            #expect(sandbox.githubOutput.isEmpty, sourceLocation: sourceLocation)
            #expect(!sandbox.pwned, sourceLocation: sourceLocation)
        }

        static let devUpdated = GitOpsScriptTests.devValues.replacingOccurrences(of: #""v1.0.0-dev""#, with: #""v1.2.3-dev""#)
        static let prodUpdated = "# Values for prod\r\nimage: {repository: ghcr.io/acme/data-api, tag: 'v1.2.3'}\r\n\r\nresources:\r\n  limits: {cpu: \"1\"}"
        static let stagingUpdated = """
            containers:
              - name: app
                image:
                  tag: v1.3.0-rc.1
              - name: sidecar
                image:
                  tag: v0.9.0 # not ours

            """

        static func message(_ subject: String, tags: [String], changes: [String]) -> String {
            ([subject, ""] + tags.map { "Image: ghcr.io/acme/data-api:\($0)@\(GitOpsScriptTests.digest)" } + [
                "Source: https://github.com/acme/platform/commit/\(GitOpsScriptTests.commit)",
                "Build: \(GitOpsScriptTests.runURL)",
            ] + changes).joined(separator: "\n") + "\n"
        }

        @Test func tagMatchingNoEnvironmentChangesNothing() throws {
            let sandbox = try Sandbox()
            let result = try update(sandbox, GitOpsScriptTests.payload(tags: ["v20260102-1a2b3c4d", "latest"]))
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            expectFiles(sandbox)
            #expect(sandbox.commitMessage == nil)
            #expect(sandbox.githubOutput == "changed=false\n")
            #expect(result.stdout == """
                dev: no tag matches -dev$; unchanged
                staging: no tag matches ^v[0-9]+\\.[0-9]+\\.[0-9]+-rc\\.[0-9]+$; unchanged
                prod: no tag matches ^v[0-9]+\\.[0-9]+\\.[0-9]+$; unchanged
                Nothing to change for data-api

                """)
        }

        @Test func anImageWithoutEnvironmentsOnThisBranchChangesNothing() throws {
            let sandbox = try Sandbox()
            let result = try sandbox.run(.gitopsUpdate, [
                "PAYLOAD": GitOpsScriptTests.payload(tags: ["v1.2.3-dev"]),
                "ENVIRONMENTS": GitOpsReceiverWorkflow.environmentsJSON([], images: ["data-api"]),
                "COMMIT_MESSAGE_FILE": sandbox.message.path,
                "GITHUB_OUTPUT": sandbox.output.path,
            ])
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            expectFiles(sandbox)
            #expect(sandbox.commitMessage == nil)
            #expect(sandbox.githubOutput == "changed=false\n")
            #expect(result.stdout == "Nothing to change for data-api\n")
        }

        @Test func devTagUpdatesOnlyDev() throws {
            let sandbox = try Sandbox()
            let result = try update(sandbox, GitOpsScriptTests.payload(tags: ["v20260102-1a2b3c4d", "v1.2.3-dev"]))
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            expectFiles(sandbox, changed: [GitOpsScriptTests.devFile: Self.devUpdated])
            #expect(sandbox.commitMessage == Self.message(
                "Deploy data-api v1.2.3-dev to dev", tags: ["v1.2.3-dev"], changes: ["environments/dev/values.yaml: image.tag = v1.2.3-dev"]))
            #expect(sandbox.githubOutput == "changed=true\n")
            #expect(result.stdout.hasPrefix("dev: image.tag in environments/dev/values.yaml = v1.2.3-dev\n"))
        }

        @Test func releaseTagUpdatesOnlyProdKeepingCRLFFlowMappingAndQuotes() throws {
            let sandbox = try Sandbox()
            let result = try update(sandbox, GitOpsScriptTests.payload(tags: ["v1.2.3", "v20260102-1a2b3c4d"]))
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            expectFiles(sandbox, changed: [GitOpsScriptTests.prodFile: Self.prodUpdated])
            #expect(sandbox.commitMessage == Self.message(
                "Deploy data-api v1.2.3 to prod", tags: ["v1.2.3"], changes: ["environments/prod/values.yaml: image.tag = v1.2.3"]))
        }

        @Test func listIndexPathChangesOnlyThatItem() throws {
            let sandbox = try Sandbox()
            let result = try update(sandbox, GitOpsScriptTests.payload(tags: ["v1.3.0-rc.1"]))
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            expectFiles(sandbox, changed: [GitOpsScriptTests.stagingFile: Self.stagingUpdated])
        }

        @Test func oneDispatchUpdatesTwoEnvironmentsWithTheFirstMatchingTagEach() throws {
            let sandbox = try Sandbox()
            let result = try update(sandbox, GitOpsScriptTests.payload(tags: ["v1.2.3-dev", "v1.2.3", "v1.2.4", "v1.2.2-dev"]))
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            expectFiles(sandbox, changed: [GitOpsScriptTests.devFile: Self.devUpdated, GitOpsScriptTests.prodFile: Self.prodUpdated])
            #expect(sandbox.commitMessage == Self.message(
                "Deploy data-api to dev (v1.2.3-dev), prod (v1.2.3)", tags: ["v1.2.3-dev", "v1.2.3"],
                changes: ["environments/dev/values.yaml: image.tag = v1.2.3-dev", "environments/prod/values.yaml: image.tag = v1.2.3"]))
            #expect(sandbox.githubOutput == "changed=true\n")
        }

        @Test func twoEnvironmentsInOneFile() throws {
            let sandbox = try Sandbox()
            let targets = [
                GitOpsTarget(image: "data-api", environment: "app", tagPattern: "^v", file: GitOpsScriptTests.stagingFile, key: "containers.0.image.tag"),
                GitOpsTarget(image: "data-api", environment: "sidecar", tagPattern: "^v", file: GitOpsScriptTests.stagingFile, key: "containers.1.image.tag"),
            ]
            let result = try update(sandbox, GitOpsScriptTests.payload(tags: ["v2.0.0"]), targets: targets)
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            expectFiles(sandbox, changed: [GitOpsScriptTests.stagingFile: GitOpsScriptTests.stagingValues.replacingOccurrences(of: "v0.9.0", with: "v2.0.0")])
        }

        @Test func theSameTagAgainWritesNothing() throws {
            let sandbox = try Sandbox()
            let result = try update(sandbox, GitOpsScriptTests.payload(tags: ["v1.0.0-dev", "v1.0.0"]))
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            expectFiles(sandbox)
            #expect(sandbox.commitMessage == nil)
            #expect(sandbox.githubOutput == "changed=false\n")
            #expect(result.stdout.contains("dev: image.tag in environments/dev/values.yaml is already v1.0.0-dev\n"))
        }

        /// The old scalar's style decides the new one's: quotes are kept; a plain scalar stays plain unless the tag would
        /// then read as something other than that string (YAML 1.1, YAML 1.2 or Go's parsers).
        @Test(arguments: [
            ("tag: v1.0.0\n", "v1.2.3", "tag: v1.2.3\n"),
            ("tag: v1.0.0 # now\n", "1.20", "tag: \"1.20\" # now\n"),
            ("tag: v1.0.0\n", "true", "tag: \"true\"\n"),
            ("tag: v1.0.0\n", "1e3", "tag: \"1e3\"\n"),
            ("tag: v1.0.0\n", "20260102", "tag: \"20260102\"\n"),
            ("tag: v1.0.0\n", "0x1F", "tag: \"0x1F\"\n"),
            ("tag: v1.0.0\n", "y", "tag: \"y\"\n"),
            ("tag: v1.0.0\n", "null", "tag: \"null\"\n"),
            ("tag: v1.0.0\n", "1.2.3", "tag: 1.2.3\n"),
            ("tag: 'v1.0.0'\n", "1.20", "tag: '1.20'\n"),
            ("tag: \"v1\"\n", "v2", "tag: \"v2\"\n"),
            ("tag:\n", "v2", "tag: v2\n"),
            ("tag: ~ # none yet\n", "v2", "tag: v2 # none yet\n"),
            ("tag: 1.20\n", "1.20", "tag: \"1.20\"\n"),  // a float before, the string now
            ("tag: [a]\nother: 1\n", "v2", nil),  // not a scalar
            ("tag: |\n  v1\n", "v2", nil),  // block scalar
            ("tag: !!str v1\n", "v2", nil),  // explicit tag
            ("base: &b v1\ntag: *b\n", "v2", nil),  // an alias: the change would land elsewhere
        ] as [(String, String, String?)])
        func scalarStyle(before: String, tag: String, after: String?) throws {
            let sandbox = try Sandbox(files: ["values.yaml": before])
            let targets = [GitOpsTarget(image: "data-api", environment: "dev", tagPattern: ".", file: "values.yaml", key: "tag")]
            let result = try update(sandbox, GitOpsScriptTests.payload(tags: [tag]), targets: targets)
            if let after {
                #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
                #expect(sandbox.contents("values.yaml") == after)
                #expect(sandbox.githubOutput == "changed=true\n")
            } else {
                #expect(result.status == 1)
                #expect(result.stdout.hasPrefix("::error::environment dev: the key tag in values.yaml "), "\(result.stdout)")
                #expect(sandbox.contents("values.yaml") == before)
                #expect(sandbox.githubOutput.isEmpty)
            }
        }

        @Test func escapedDotAndUTF8AndBOMSurvive() throws {
            let before = "\u{FEFF}# café ☕\nannotations:\n  example.com/tag: v1 # ü\nimage:\n  tag: v1\n"
            let sandbox = try Sandbox(files: ["values.yaml": before])
            let targets = [GitOpsTarget(image: "data-api", environment: "dev", tagPattern: ".", file: "values.yaml", key: #"annotations.example\.com/tag"#)]
            let result = try update(sandbox, GitOpsScriptTests.payload(tags: ["v2"]), targets: targets)
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            #expect(sandbox.contents("values.yaml") == before.replacingOccurrences(of: "example.com/tag: v1", with: "example.com/tag: v2"))
        }

        // MARK: Hostile payloads

        @Test(arguments: [
            ("image", #""data-api\"; touch pwned; \"""#),
            ("image", #""other-image""#),
            ("image", "true"),
            ("image", "null"),
            ("image", #"["data-api"]"#),
            ("repository", #""ghcr.io/acme/data-api$(touch pwned)""#),
            ("repository", #""ghcr.io/Acme/data-api""#),
            ("repository", "42"),
            ("repository", GitOpsScriptTests.json("ghcr.io/" + String(repeating: "a", count: 300))),
            ("tags", #"["v1.2.3", "$(touch pwned)"]"#),
            ("tags", #"["`touch pwned`"]"#),
            ("tags", #"["v1.2.3-dev\n::set-output name=changed::true"]"#),
            ("tags", #"["${{ github.token }}"]"#),
            ("tags", #"["v1.2.3-dev'\"\""]"#),
            ("tags", "[" + GitOpsScriptTests.json(String(repeating: "a", count: 129)) + "]"),
            ("tags", #""v1.2.3-dev""#),
            ("tags", "[]"),
            ("tags", "[1.2]"),
            ("tags", "[null]"),
            ("tags", #"[["v1.2.3-dev"]]"#),
            ("tags", #"{"0": "v1.2.3-dev"}"#),
            ("digest", #""sha256:abc""#),
            ("digest", GitOpsScriptTests.json(GitOpsScriptTests.digest.uppercased())),
            ("sha", GitOpsScriptTests.json(GitOpsScriptTests.commit + "\n")),
            ("sha", "1234"),
            ("source", #""acme/..""#),
            ("source", #""acme/platform\n::warning::x""#),
            ("ref", #""refs/heads/main\nrefs/tags/v9""#),
            ("ref", #""main""#),
            ("run_url", #""http://github.com/acme/platform/actions/runs/1""#),
            ("run_url", #""https://github.com/acme/platform/actions/runs/1?$(touch pwned)""#),
            ("run_url", "{}"),
        ])
        func hostilePayloadValueIsRejected(key: String, value: String) throws {
            let sandbox = try Sandbox()
            let result = try update(sandbox, GitOpsScriptTests.payload(tags: ["v1.2.3-dev", "v1.2.3"], [key: value]))
            #expect(result.status == 1)
            #expect(result.stdout.hasPrefix("::error::PAYLOAD \(key) "), "\(result.stdout)")
            #expect(result.stdout.split(separator: "\n").count == 1)
            for fragment in ["touch", "pwned", "set-output", "github.token", "other-image", "Acme", "warning"] {
                #expect(!result.stdout.contains(fragment))
            }
            expectNothingWritten(sandbox)
        }

        @Test func missingPayloadValueIsRejected() throws {
            for key in ["image", "repository", "tags", "digest", "source", "ref", "sha", "run_url"] {
                let sandbox = try Sandbox()
                let removed: [String: String?] = [key: String?.none]
                let result = try update(sandbox, GitOpsScriptTests.payload(tags: ["v1.2.3-dev"], removed))
                #expect(result.status == 1, "\(key)")
                #expect(result.stdout.hasPrefix("::error::PAYLOAD \(key) "), "\(result.stdout)")
                expectNothingWritten(sandbox)
            }
        }

        @Test(arguments: [
            "",
            "[]",
            #""data-api""#,
            "{\"image\": \"data-api\", \"image\": \"data-api\"}",
            "{\"image\": NaN}",
            String(repeating: "[", count: 100_000),
        ])
        func payloadThatIsNotAnObjectIsRejected(_ payload: String) throws {
            let sandbox = try Sandbox()
            let result = try update(sandbox, payload)
            #expect(result.status == 1)
            #expect(result.stdout.hasPrefix("::error::PAYLOAD must be "), "\(result.stdout)")
            expectNothingWritten(sandbox)
        }

        @Test func unknownPayloadKeysStayInert() throws {
            let sandbox = try Sandbox()
            let result = try update(sandbox, GitOpsScriptTests.payload(tags: ["v1.2.3-dev"], [
                "extra": #""$(touch pwned) `touch pwned` ${{ github.token }}""#, "version_bump": "[1, {\"a\": null}]",
            ]))
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            expectFiles(sandbox, changed: [GitOpsScriptTests.devFile: Self.devUpdated])
            #expect(!result.stdout.contains("pwned"))
            #expect(!sandbox.pwned)
        }

        @Test func manyLongTagsAreFine() throws {
            let sandbox = try Sandbox()
            let tags = (0..<300).map { "v\($0)-" + String(repeating: "x", count: 120) } + ["v1.2.3-dev"]
            let result = try update(sandbox, GitOpsScriptTests.payload(tags: tags))
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            expectFiles(sandbox, changed: [GitOpsScriptTests.devFile: Self.devUpdated])
        }

        // MARK: Files and keys

        /// The first environment (dev) is fine; the broken one comes after it, so nothing at all may be written.
        func brokenSecond(file: String, key: String = "image.tag") -> [GitOpsTarget] {
            [
                GitOpsTarget(image: "data-api", environment: "dev", tagPattern: "-dev$", file: GitOpsScriptTests.devFile, key: "image.tag"),
                GitOpsTarget(image: "data-api", environment: "broken", tagPattern: "-dev$", file: file, key: key),
            ]
        }

        @Test(arguments: [
            (GitOpsScriptTests.prodFile, "image.digest", "the key image.digest in environments/prod/values.yaml does not exist"),
            (GitOpsScriptTests.prodFile, "image", "the key image in environments/prod/values.yaml does not hold a scalar value"),
            (GitOpsScriptTests.prodFile, "image.tag.x", "the key image.tag.x in environments/prod/values.yaml does not exist"),
            (GitOpsScriptTests.stagingFile, "containers.2.image.tag", "the key containers.2.image.tag in environments/staging/values.yaml does not exist"),
            (GitOpsScriptTests.stagingFile, "containers.-1.image.tag", "the key containers.-1.image.tag in environments/staging/values.yaml does not exist"),
            (GitOpsScriptTests.prodFile, "image..tag", "the key image..tag is not a valid key path"),
            ("environments/missing.yaml", "image.tag", "the file environments/missing.yaml does not exist"),
            ("environments", "image.tag", "the file environments does not exist"),
            ("../outside.yaml", "image.tag", "the file ../outside.yaml must be a relative path inside the repository (no .., not in .git)"),
            ("environments/../../outside.yaml", "image.tag", "the file environments/../../outside.yaml must be a relative path inside the repository (no .., not in .git)"),
            ("/etc/hostname", "image.tag", "the file /etc/hostname must be a relative path inside the repository (no .., not in .git)"),
            ("link.yaml", "image.tag", "the file link.yaml leads out of the repository"),
            ("linked/values.yaml", "image.tag", "the file linked/values.yaml leads out of the repository"),
            (".git/config", "core.bare", "the file .git/config must be a relative path inside the repository (no .., not in .git)"),
            ("duplicate.yaml", "image.tag", "the key image.tag in duplicate.yaml has the key 'image' more than once"),
            ("documents.yaml", "image.tag", "the file documents.yaml must hold exactly one YAML document, not 2"),
            ("invalid.yaml", "image.tag", "the file invalid.yaml is not valid YAML (line 3)"),
        ])
        func badFileOrKeyWritesNothing(file: String, key: String, problem: String) throws {
            let sandbox = try Sandbox()
            try Data("image:\n  tag: v0\n".utf8).write(to: sandbox.root.appendingPathComponent("outside.yaml"))
            try FileManager.default.createSymbolicLink(atPath: sandbox.repo.appendingPathComponent("link.yaml").path, withDestinationPath: "../outside.yaml")
            try FileManager.default.createSymbolicLink(atPath: sandbox.repo.appendingPathComponent("linked").path, withDestinationPath: sandbox.root.path)
            try Data("image:\n  tag: v0\n".utf8).write(to: sandbox.root.appendingPathComponent("values.yaml"))
            try sandbox.write("duplicate.yaml", "image:\n  tag: v0\nimage:\n  tag: v1\n")
            try sandbox.write("documents.yaml", "image:\n  tag: v0\n---\nimage:\n  tag: v1\n")
            try sandbox.write("invalid.yaml", "image:\n  tag: [v0\n")
            let result = try update(sandbox, GitOpsScriptTests.payload(tags: ["v1.2.3-dev"]), targets: brokenSecond(file: file, key: key))
            #expect(result.status == 1)
            #expect(result.stdout == "::error::environment broken: \(problem)\n")
            expectNothingWritten(sandbox)
            #expect(try String(contentsOf: sandbox.root.appendingPathComponent("outside.yaml"), encoding: .utf8) == "image:\n  tag: v0\n")
            #expect(try String(contentsOf: sandbox.root.appendingPathComponent("values.yaml"), encoding: .utf8) == "image:\n  tag: v0\n")
        }

        @Test func symlinkInsideTheRepositoryIsFollowed() throws {
            let sandbox = try Sandbox()
            try FileManager.default.createSymbolicLink(atPath: sandbox.repo.appendingPathComponent("current.yaml").path, withDestinationPath: GitOpsScriptTests.devFile)
            let targets = [GitOpsTarget(image: "data-api", environment: "dev", tagPattern: "-dev$", file: "current.yaml", key: "image.tag")]
            let result = try update(sandbox, GitOpsScriptTests.payload(tags: ["v1.2.3-dev"]), targets: targets)
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            expectFiles(sandbox, changed: [GitOpsScriptTests.devFile: Self.devUpdated])
            let link = try FileManager.default.destinationOfSymbolicLink(atPath: sandbox.repo.appendingPathComponent("current.yaml").path)
            #expect(link == GitOpsScriptTests.devFile)
        }

        @Test(arguments: [
            ("", "ENVIRONMENTS must be valid JSON"),
            ("[]", "ENVIRONMENTS must be a JSON object of image names to lists of environments"),
            (#"{"data-api": "dev"}"#, "ENVIRONMENTS must map each image to a list of environments"),
            (#"{"data-api": [{"name": "dev", "tags": "x", "file": "f"}]}"#, "ENVIRONMENTS has an environment without a name, tags, file and key"),
            (#"{"data-api": [{"name": "dev", "tags": "(", "file": "f", "key": "k"}]}"#, "the tags pattern of environment dev is not a valid regular expression"),
        ])
        func badEnvironmentsAreRejected(environments: String, problem: String) throws {
            let sandbox = try Sandbox()
            let result = try sandbox.run(.gitopsUpdate, [
                "PAYLOAD": GitOpsScriptTests.payload(tags: ["v1.2.3-dev"]), "ENVIRONMENTS": environments,
                "COMMIT_MESSAGE_FILE": sandbox.message.path, "GITHUB_OUTPUT": sandbox.output.path,
            ])
            #expect(result.status == 1)
            #expect(result.stdout.hasPrefix("::error::\(problem)"), "\(result.stdout)")
            expectNothingWritten(sandbox)
        }

        @Test func withoutCommitMessageFileNothingIsWritten() throws {
            let sandbox = try Sandbox()
            let result = try sandbox.run(.gitopsUpdate, [
                "PAYLOAD": GitOpsScriptTests.payload(tags: ["v1.2.3-dev"]),
                "ENVIRONMENTS": GitOpsReceiverWorkflow.environmentsJSON(GitOpsScriptTests.targets),
            ])
            #expect(result.status == 1)
            #expect(result.stdout == "::error::COMMIT_MESSAGE_FILE must be the path of the commit message to write\n")
            expectNothingWritten(sandbox)
        }
    }
}

// MARK: - gitops-commit.sh

extension GitOpsScriptTests {
    struct Commit {
        static let bot = "github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>"
        static let message = "Deploy data-api v1.2.3 to prod\n\nImage: ghcr.io/acme/data-api:v1.2.3@\(GitOpsScriptTests.digest)\n"

        /// A bare `remote.git` with one commit on main holding the fixture files, and `repo` a shallow clone of it.
        func sandbox() throws -> Sandbox {
            let sandbox = try Sandbox(files: [:])
            let seed = sandbox.root.appendingPathComponent("seed")
            try FileManager.default.createDirectory(at: seed, withIntermediateDirectories: true)
            for (path, contents) in GitOpsScriptTests.files {
                let url = seed.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(contents.utf8).write(to: url)
            }
            try sandbox.shell("""
                git init -q --bare remote.git
                git -C remote.git symbolic-ref HEAD refs/heads/main
                cd seed
                git init -q
                git add -A
                git commit -q -m initial
                git push -q ../remote.git HEAD:refs/heads/main
                cd ..
                rm -rf repo
                git clone -q --depth 1 --branch main "file://$PWD/remote.git" repo
                """, in: sandbox.root)
            try Data(Self.message.utf8).write(to: sandbox.message)
            return sandbox
        }

        func commit(_ sandbox: Sandbox, _ overrides: [String: String] = [:]) throws -> Result {
            try sandbox.run(.gitopsCommit, [
                "BRANCH": "main", "REPOSITORY": "acme/gitops", "COMMIT_MESSAGE_FILE": sandbox.message.path, "GH_TOKEN": "ghs_secret_token",
            ].merging(overrides) { $1 })
        }

        /// `git log` of the remote's main: subject, author, committer per commit, newest first.
        func remoteLog(_ sandbox: Sandbox) throws -> [String] {
            try sandbox.shell("git -C remote.git log --format='%s|%an <%ae>|%cn <%ce>' main", in: sandbox.root)
                .split(separator: "\n").map(String.init)
        }

        /// A commit pushed to the remote's main by someone else after the checkout.
        func pushElsewhere(_ sandbox: Sandbox, file: String, contents: String) throws {
            try sandbox.shell("""
                git clone -q "file://$PWD/remote.git" other
                cd other
                mkdir -p "$(dirname '\(file)')"
                printf '%s' '\(contents)' > '\(file)'
                git add -A
                git commit -q -m 'someone else'
                git push -q origin HEAD:refs/heads/main
                """, in: sandbox.root)
        }

        @Test func nothingChangedCommitsNothing() throws {
            let sandbox = try sandbox()
            let before = try remoteLog(sandbox)
            let result = try commit(sandbox)
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            #expect(result.stdout == "nothing changed\n")
            #expect(try remoteLog(sandbox) == before)
            #expect(try sandbox.shell("git log --oneline | wc -l").trimmingCharacters(in: .whitespacesAndNewlines) == "1")
        }

        @Test func changedFilesBecomeOneCommitByTheBot() throws {
            let sandbox = try sandbox()
            try sandbox.write(GitOpsScriptTests.prodFile, Update.prodUpdated)
            let result = try commit(sandbox)
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            #expect(try remoteLog(sandbox) == ["Deploy data-api v1.2.3 to prod|\(Self.bot)|\(Self.bot)", "initial|Test <test@example.com>|Test <test@example.com>"])
            #expect(try sandbox.shell("git -C remote.git log -1 --format=%B main", in: sandbox.root) == Self.message + "\n")
            #expect(try sandbox.shell("git -C remote.git show main:\(GitOpsScriptTests.prodFile)", in: sandbox.root) == Update.prodUpdated)
            #expect(try sandbox.shell("git -C remote.git diff --name-only main~1 main", in: sandbox.root) == GitOpsScriptTests.prodFile + "\n")
            // The token is masked and never stored.
            let credentials = Data("x-access-token:ghs_secret_token".utf8).base64EncodedString()
            #expect(result.stdout.hasPrefix("::add-mask::\(credentials)\n"))
            #expect(result.stdout.hasSuffix(" to main of acme/gitops\n"))
            let config = try String(contentsOf: sandbox.repo.appendingPathComponent(".git/config"), encoding: .utf8)
            #expect(!config.contains("ghs_secret_token") && !config.contains(credentials) && !config.contains("extraheader"))
        }

        @Test func untrackedFilesAreNotCommitted() throws {
            let sandbox = try sandbox()
            try sandbox.write("stray.txt", "left behind\n")
            let result = try commit(sandbox)
            #expect(result.status == 0)
            #expect(result.stdout == "nothing changed\n")
            #expect(try remoteLog(sandbox).count == 1)
        }

        @Test func rejectedPushIsRebasedAndRetried() throws {
            let sandbox = try sandbox()
            try sandbox.write(GitOpsScriptTests.prodFile, Update.prodUpdated)
            try pushElsewhere(sandbox, file: "README.md", contents: "# gitops\n")
            let result = try commit(sandbox)
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            #expect(result.stdout.contains("::notice::The push to main was rejected; rebasing onto it for attempt 2 of 3\n"))
            #expect(try remoteLog(sandbox) == [
                "Deploy data-api v1.2.3 to prod|\(Self.bot)|\(Self.bot)",
                "someone else|Test <test@example.com>|Test <test@example.com>",
                "initial|Test <test@example.com>|Test <test@example.com>",
            ])
            #expect(try sandbox.shell("git -C remote.git show main:\(GitOpsScriptTests.prodFile)", in: sandbox.root) == Update.prodUpdated)
            #expect(try sandbox.shell("git -C remote.git show main:README.md", in: sandbox.root) == "# gitops\n")
        }

        @Test func conflictingChangeFailsWithoutPushing() throws {
            let sandbox = try sandbox()
            try sandbox.write(GitOpsScriptTests.devFile, Update.devUpdated)
            try pushElsewhere(sandbox, file: GitOpsScriptTests.devFile, contents: GitOpsScriptTests.devValues.replacingOccurrences(of: "v1.0.0-dev", with: "v9-dev"))
            let result = try commit(sandbox)
            #expect(result.status == 1)
            #expect(result.stdout.hasSuffix("::error::cannot rebase the update onto main: the branch changed the same lines\n"), "\(result.stdout)")
            #expect(try remoteLog(sandbox).first?.hasPrefix("someone else|") == true)
        }

        @Test(arguments: [
            ["BRANCH": "main; touch pwned"],
            ["BRANCH": "$(touch pwned)"],
            ["BRANCH": "-main"],
            ["BRANCH": "a..b"],
            ["BRANCH": "main.lock"],
            ["BRANCH": "main\n"],
            ["BRANCH": ""],
            ["REPOSITORY": "acme/.."],
            ["REPOSITORY": "acme"],
            ["COMMIT_MESSAGE_FILE": ""],
            ["GH_TOKEN": ""],
            ["GH_TOKEN": "ghs_x\nexit 0"],
        ])
        func badInputIsRejected(_ overrides: [String: String]) throws {
            let sandbox = try sandbox()
            try sandbox.write(GitOpsScriptTests.prodFile, Update.prodUpdated)
            let result = try commit(sandbox, overrides)
            #expect(result.status == 1)
            #expect(result.stdout.hasPrefix("::error::\(overrides.keys.first!) "), "\(result.stdout)")
            #expect(try remoteLog(sandbox).count == 1)
            #expect(!sandbox.pwned)
        }

        @Test func changesWithoutAMessageAreRejected() throws {
            let sandbox = try sandbox()
            try sandbox.write(GitOpsScriptTests.prodFile, Update.prodUpdated)
            try FileManager.default.removeItem(at: sandbox.message)
            let result = try commit(sandbox)
            #expect(result.status == 1)
            #expect(result.stdout == "::error::COMMIT_MESSAGE_FILE names no commit message, but files changed\n")
            #expect(try remoteLog(sandbox).count == 1)
        }
    }
}

// MARK: - gitops-dispatch.sh

extension GitOpsScriptTests {
    struct Dispatch {
        static let images = """
            ghcr.io/acme/data-api:v20260102-1a2b3c4d
            quay.io/acme/data-api:v20260102-1a2b3c4d
            ghcr.io/acme/data-api:v1.2.3
            ghcr.io/acme/data-api:v20260102-1a2b3c4d
            quay.io/acme/data-api:quay-only

            """

        static func inputs(_ overrides: [String: String] = [:]) -> [String: String] {
            [
                "IMAGE": "data-api", "REPOSITORY": "ghcr.io/acme/data-api", "IMAGES": images, "DIGEST": GitOpsScriptTests.digest,
                "SOURCE_REPOSITORY": "acme/platform", "GIT_REF": "refs/heads/main", "COMMIT_SHA": GitOpsScriptTests.commit,
                "RUN_URL": GitOpsScriptTests.runURL, "GITOPS_REPOSITORIES": "acme/gitops\nacme/gitops-eu\nacme/gitops\n",
                "EVENT_TYPE": "image-pushed", "GH_TOKEN": "ghp_dispatch",
            ].merging(overrides) { $1 }
        }

        /// A `gh` that logs its arguments, keeps what it read from stdin as body-<n>.json and fails for GH_STUB_FAIL.
        func sandbox() throws -> Sandbox {
            let sandbox = try Sandbox(files: [:])
            try sandbox.stub("gh", """
                n=$(( $(wc -l < "${STUB_LOG}") + 1 ))
                { printf '%s' "${0##*/}"; printf ' [%s]' "$@"; printf '\\n'; } >> "${STUB_LOG}"
                cat > "${STUB_DIR}/body-${n}.json"
                [[ -n "${GH_TOKEN:-}" ]] || { echo 'gh: no token' >&2; exit 4; }
                if [[ -n "${GH_STUB_FAIL:-}" && "$*" == *"repos/${GH_STUB_FAIL}/"* ]]; then echo 'gh: HTTP 404' >&2; exit 1; fi
                exit 0

                """)
            return sandbox
        }

        func body(_ sandbox: Sandbox, _ number: Int) throws -> [String: Any] {
            let data = try Data(contentsOf: sandbox.root.appendingPathComponent("body-\(number).json"))
            return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        }

        static func call(_ repository: String) -> String { "gh [api] [--method] [POST] [repos/\(repository)/dispatches] [--input] [-]\n" }

        @Test func sendsTheRepositorysTagsToEachGitOpsRepository() throws {
            let sandbox = try sandbox()
            let result = try sandbox.run(.gitopsDispatch, Self.inputs())
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            #expect(sandbox.stubCalls == Self.call("acme/gitops") + Self.call("acme/gitops-eu"))
            #expect(result.stdout == """
                Sent image-pushed for data-api (v20260102-1a2b3c4d v1.2.3) to acme/gitops
                Sent image-pushed for data-api (v20260102-1a2b3c4d v1.2.3) to acme/gitops-eu

                """)
            for number in [1, 2] {
                let body = try body(sandbox, number)
                #expect(Set(body.keys) == ["event_type", "client_payload"])
                #expect(body["event_type"] as? String == "image-pushed")
                let payload = try #require(body["client_payload"] as? [String: Any])
                #expect(Set(payload.keys) == ["image", "repository", "tags", "digest", "source", "ref", "sha", "run_url"])
                #expect(payload["image"] as? String == "data-api")
                #expect(payload["repository"] as? String == "ghcr.io/acme/data-api")
                #expect(payload["tags"] as? [String] == ["v20260102-1a2b3c4d", "v1.2.3"])
                #expect(payload["digest"] as? String == GitOpsScriptTests.digest)
                #expect(payload["source"] as? String == "acme/platform")
                #expect(payload["ref"] as? String == "refs/heads/main")
                #expect(payload["sha"] as? String == GitOpsScriptTests.commit)
                #expect(payload["run_url"] as? String == GitOpsScriptTests.runURL)
            }
        }

        /// The payload the dispatch script sends is one the update script accepts.
        @Test(.enabled(if: GitOpsScriptTests.python != nil, "python3 with PyYAML is not available"))
        func whatItSendsTheUpdateAccepts() throws {
            let sandbox = try sandbox()
            #expect(try sandbox.run(.gitopsDispatch, Self.inputs(["GITOPS_REPOSITORIES": "acme/gitops"])).status == 0)
            let body = try body(sandbox, 1)
            let payload = try JSONSerialization.data(withJSONObject: try #require(body["client_payload"]))
            let update = try Sandbox()
            let result = try update.run(.gitopsUpdate, [
                "PAYLOAD": String(decoding: payload, as: UTF8.self),
                "ENVIRONMENTS": GitOpsReceiverWorkflow.environmentsJSON(GitOpsScriptTests.targets),
                "COMMIT_MESSAGE_FILE": update.message.path,
            ])
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            #expect(update.contents(GitOpsScriptTests.prodFile) == Update.prodUpdated)
        }

        @Test func noTagOfTheRepositoryDispatchesNothing() throws {
            let sandbox = try sandbox()
            let result = try sandbox.run(.gitopsDispatch, Self.inputs(["IMAGES": "quay.io/acme/data-api:v1.2.3\n\n"]))
            #expect(result.status == 0)
            #expect(result.stdout == "::notice::No tag of ghcr.io/acme/data-api was pushed, so no GitOps repository is told about this build\n")
            #expect(sandbox.stubCalls.isEmpty)
        }

        @Test func aFailedDispatchStillTriesTheOthersThenFails() throws {
            let sandbox = try sandbox()
            let result = try sandbox.run(.gitopsDispatch, Self.inputs(["GH_STUB_FAIL": "acme/gitops"]))
            #expect(result.status == 1)
            #expect(sandbox.stubCalls == Self.call("acme/gitops") + Self.call("acme/gitops-eu"))
            #expect(result.stdout.hasSuffix(
                "::error::could not dispatch to acme/gitops; the token secret must be allowed to write their contents\n"))
        }

        @Test func aBodyOver64KBIsRefused() throws {
            let sandbox = try sandbox()
            let many = (0..<600).map { "ghcr.io/acme/data-api:v\($0)-" + String(repeating: "x", count: 120) + "\n" }.joined()
            let result = try sandbox.run(.gitopsDispatch, Self.inputs(["IMAGES": many]))
            #expect(result.status == 1)
            #expect(result.stdout.hasPrefix("::error::the dispatch body has "))
            #expect(result.stdout.hasSuffix(" bytes, more than GitHub's 64 KB; push fewer tags of ghcr.io/acme/data-api\n"))
            #expect(sandbox.stubCalls.isEmpty)
        }

        @Test(arguments: [
            ["IMAGES": "ghcr.io/acme/data-api:v1\nghcr.io/acme/data-api:$(touch pwned)"],
            ["IMAGES": "ghcr.io/acme/data-api:`touch pwned`"],
            ["IMAGES": "ghcr.io/acme/data-api:v1\"; touch pwned; \""],
            ["IMAGES": "ghcr.io/acme/data-api"],
            ["IMAGES": "ghcr.io/acme/data-api:v1\r"],
            ["IMAGES": "ghcr.io/acme/data-api@\(GitOpsScriptTests.digest)"],
            ["IMAGES": "ghcr.io/acme/data-api:" + String(repeating: "a", count: 129)],
            ["IMAGES": "ghcr.io/acme/data-api:${{ github.token }}"],
            ["EVENT_TYPE": "image-pushed\n::set-output name=x::y"],
            ["EVENT_TYPE": "image pushed"],
            ["EVENT_TYPE": "$(touch pwned)"],
            ["EVENT_TYPE": String(repeating: "e", count: 101)],
            ["EVENT_TYPE": ""],
            ["IMAGE": "Data-Api"],
            ["IMAGE": "data-api\nx"],
            ["REPOSITORY": "ghcr.io/acme/data-api:latest"],
            ["DIGEST": "sha256:abc"],
            ["SOURCE_REPOSITORY": "acme/.."],
            ["GIT_REF": "main"],
            ["COMMIT_SHA": "1a2b3c4d"],
            ["RUN_URL": "http://github.com/acme/platform/actions/runs/1"],
            ["RUN_URL": "https://github.com/acme/platform/actions/runs/1\n"],
            ["GITOPS_REPOSITORIES": "acme/gitops\nacme/../x"],
            ["GITOPS_REPOSITORIES": "acme/gitops; touch pwned"],
            ["GITOPS_REPOSITORIES": "\n"],
            ["GH_TOKEN": ""],
        ])
        func badInputIsRejected(_ overrides: [String: String]) throws {
            let sandbox = try sandbox()
            let result = try sandbox.run(.gitopsDispatch, Self.inputs(overrides))
            #expect(result.status == 1)
            #expect(result.stdout.hasPrefix("::error::\(overrides.keys.first!) "), "\(result.stdout)")
            #expect(result.stdout.split(separator: "\n").count == 1)
            #expect(!result.stdout.contains("pwned") && !result.stdout.contains("set-output") && !result.stdout.contains("github.token"))
            #expect(sandbox.stubCalls.isEmpty)
            #expect(!sandbox.pwned)
        }
    }
}

// MARK: - install-pyyaml.sh

extension GitOpsScriptTests {
    struct InstallPyYAML {
        /// The hashes of PyYAML 6.0.3's manylinux wheels for CPython 3.10 to 3.14, x86_64 and aarch64, from PyPI.
        static let hashes = [
            "9c7708761fccb9397fe64bbc0395abcae8c4bf7b0eac081e12b809bf47700d0b",  // cp310 x86_64
            "b30236e45cf30d2b8e7b3e85881719e98507abed1011bf463a8fa23e9c3e98a8",  // cp310 aarch64
            "b8bb0864c5a28024fac8a632c443c87c5aa6f215c0b126c449ae1a150412f31d",  // cp311 x86_64
            "10892704fc220243f5305762e276552a0395f7beb4dbf9b14ec8fd43b57f126c",  // cp311 aarch64
            "ba1cc08a7ccde2d2ec775841541641e4548226580ab850948cbfda66a1befcdc",  // cp312 x86_64
            "9149cad251584d5fb4981be1ecde53a1ca46c891a79788c0df828d2f166bda28",  // cp312 aarch64
            "0f29edc409a6392443abf94b9cf89ce99889a1dd5376d94316ae5145dfedd5d6",  // cp313 x86_64
            "ee2922902c45ae8ccada2c5b501ab86c36525b883eff4255313a253a3160861c",  // cp313 aarch64
            "c458b6d084f9b935061bc36216e8a69a7e293a2f1e68bf956dcd9e6cbcd143f5",  // cp314 x86_64
            "501a031947e3a9025ed4405a168e6ef5ae3126c59f90ce0cd6f2bfc477be31b7",  // cp314 aarch64
        ]

        /// A `python3` that logs its arguments and keeps a copy of the requirements file it was given.
        func sandbox() throws -> Sandbox {
            let sandbox = try Sandbox(files: [:])
            try sandbox.stub("python3", """
                { printf '%s' "${0##*/}"; printf ' [%s]' "$@"; printf '\\n'; } >> "${STUB_LOG}"
                while (( $# > 0 )); do
                  if [[ "$1" == "-r" ]]; then cp -- "$2" "${STUB_DIR}/requirements.txt"; fi
                  shift
                done

                """)
            return sandbox
        }

        @Test func installsHashPinnedWheelsIntoRunnerTemp() throws {
            let sandbox = try sandbox()
            let temp = sandbox.root.appendingPathComponent("temp")
            let result = try sandbox.run(.installPyYAML, ["RUNNER_TEMP": temp.path])
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            let calls = sandbox.stubCalls.replacing(#/image-factory-requirements\.[A-Za-z0-9]{8}/#, with: "REQUIREMENTS")
            #expect(calls == """
                python3 [-m] [pip] [install] [--quiet] [--disable-pip-version-check] [--no-deps] [--only-binary=:all:] \
                [--require-hashes] [--target] [\(temp.path)/image-factory-python] [-r] [\(temp.path)/REQUIREMENTS]

                """)
            let requirements = try String(contentsOf: sandbox.root.appendingPathComponent("requirements.txt"), encoding: .utf8)
            #expect(requirements == "pyyaml==6.0.3 \\\n" + Self.hashes.map { "    --hash=sha256:\($0)" }.joined(separator: " \\\n") + "\n")
            #expect(result.stdout == "Installed PyYAML 6.0.3 into \(temp.path)/image-factory-python\n")
            // The requirements file is removed again.
            #expect(try FileManager.default.contentsOfDirectory(atPath: temp.path).isEmpty)
        }

        @Test(arguments: ["", "relative/temp", "/nonexistent/temp", "/tmp\n/x"])
        func badRunnerTempIsRejected(_ runnerTemp: String) throws {
            let sandbox = try sandbox()
            let result = try sandbox.run(.installPyYAML, ["RUNNER_TEMP": runnerTemp])
            #expect(result.status == 1)
            #expect(result.stdout == "::error::RUNNER_TEMP must be the runner's temporary folder (an existing absolute path)\n")
            #expect(sandbox.stubCalls.isEmpty)
        }
    }
}

// MARK: - The workflows

extension GitOpsScriptTests {
    /// Short stand-ins for the scripts, so the snapshots show the workflow, not the scripts.
    static let placeholderScripts: [BuildScript: String] = [
        .installPyYAML: "echo install-pyyaml\n", .gitopsUpdate: "print('gitops-update')\n", .gitopsCommit: "echo gitops-commit\n",
        .gitopsDispatch: "echo gitops-dispatch\n",
    ]

    static func rendered(_ workflow: GitHubActions.Workflow, path: String = "workflow.yml") throws -> String {
        let file = try WorkflowRenderer.render(WorkflowFile(path: path, workflow: workflow), configFile: "images.yaml")
        return String(decoding: file.bytes, as: UTF8.self)
    }

    static let receiver = GitOpsReceiverWorkflow.make(
        repository: "acme/gitops", eventTypes: ["image-pushed"],
        targetsByBranch: [
            "main": [
                GitOpsTarget(image: "data-api", environment: "dev", tagPattern: "-dev$", file: devFile, key: "image.tag"),
                GitOpsTarget(image: "report-worker", environment: "dev", tagPattern: "^v", file: "environments/dev/worker.yaml", key: "worker.image.tag"),
                GitOpsTarget(image: "data-api", environment: "prod", tagPattern: #"^v[0-9]+\.[0-9]+\.[0-9]+$"#, file: prodFile, key: "image.tag"),
            ],
            "release/2026": [
                GitOpsTarget(image: "data-api", environment: "eu", tagPattern: "^v${{ x }}", file: "eu/values.yaml", key: "containers.0.image.tag"),
            ],
        ],
        runner: "ubuntu-24.04", scripts: placeholderScripts)

    @Test func receivingWorkflow() throws {
        assertInlineSnapshot(of: try Self.rendered(Self.receiver), as: .lines) {
            #"""
            # Generated by image-factory synth from images.yaml. Do not edit: change images.yaml and run `image-factory synth`.
            name: update image tags in acme/gitops
            "on":
              repository_dispatch:
                types:
                - image-pushed
            permissions: {}
            concurrency:
              group: image-factory-gitops
              cancel-in-progress: false
              queue: max
            jobs:
              update-main:
                name: Update main
                permissions:
                  contents: write
                runs-on: ubuntu-24.04
                timeout-minutes: 10
                steps:
                - name: Check out main
                  uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1
                  with:
                    ref: main
                    persist-credentials: false
                - name: Install PyYAML
                  shell: bash
                  run: |
                    echo install-pyyaml
                - name: Update the image tags
                  env:
                    PAYLOAD: ${{ toJSON(github.event.client_payload) }}
                    ENVIRONMENTS: '{"data-api":[{"file":"environments/dev/values.yaml","key":"image.tag","name":"dev","tags":"-dev$"},{"file":"environments/prod/values.yaml","key":"image.tag","name":"prod","tags":"^v[0-9]+\\.[0-9]+\\.[0-9]+$"}],"report-worker":[{"file":"environments/dev/worker.yaml","key":"worker.image.tag","name":"dev","tags":"^v"}]}'
                    COMMIT_MESSAGE_FILE: ${{ runner.temp }}/gitops-commit-message
                    PYTHONPATH: ${{ runner.temp }}/image-factory-python
                  shell: python3 {0}
                  run: |
                    print('gitops-update')
                - name: Commit and push
                  env:
                    BRANCH: main
                    REPOSITORY: ${{ github.repository }}
                    COMMIT_MESSAGE_FILE: ${{ runner.temp }}/gitops-commit-message
                    GH_TOKEN: ${{ github.token }}
                  shell: bash
                  run: |
                    echo gitops-commit
              update-release-2026:
                name: Update release/2026
                permissions:
                  contents: write
                runs-on: ubuntu-24.04
                timeout-minutes: 10
                steps:
                - name: Check out release/2026
                  uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1
                  with:
                    ref: release/2026
                    persist-credentials: false
                - name: Install PyYAML
                  shell: bash
                  run: |
                    echo install-pyyaml
                - name: Update the image tags
                  env:
                    PAYLOAD: ${{ toJSON(github.event.client_payload) }}
                    ENVIRONMENTS: '{"data-api":[{"file":"eu/values.yaml","key":"containers.0.image.tag","name":"eu","tags":"^v$\u007b{ x }}"}],"report-worker":[]}'
                    COMMIT_MESSAGE_FILE: ${{ runner.temp }}/gitops-commit-message
                    PYTHONPATH: ${{ runner.temp }}/image-factory-python
                  shell: python3 {0}
                  run: |
                    print('gitops-update')
                - name: Commit and push
                  env:
                    BRANCH: release/2026
                    REPOSITORY: ${{ github.repository }}
                    COMMIT_MESSAGE_FILE: ${{ runner.temp }}/gitops-commit-message
                    GH_TOKEN: ${{ github.token }}
                  shell: bash
                  run: |
                    echo gitops-commit

            """#
        }
    }

    @Test func environmentsJSONDecodesToTheTargetsInOrder() throws {
        let json = GitOpsReceiverWorkflow.environmentsJSON(Self.targets)
        let decoded = try JSONDecoder().decode([String: [[String: String]]].self, from: Data(json.utf8))
        #expect(decoded["data-api"]?.map { $0["name"] } == ["dev", "staging", "prod"])
        #expect(decoded["data-api"]?[1] == [
            "name": "staging", "tags": #"^v[0-9]+\.[0-9]+\.[0-9]+-rc\.[0-9]+$"#, "file": Self.stagingFile, "key": "containers.0.image.tag",
        ])
        #expect(decoded.keys.sorted() == ["data-api", "report-worker"])
        let escaped = GitOpsReceiverWorkflow.environmentsJSON([
            GitOpsTarget(image: "a", environment: "e", tagPattern: "^v${{ secrets.X }}", file: "f", key: "k"),
        ])
        #expect(!escaped.contains("${"))
        #expect(try JSONDecoder().decode([String: [[String: String]]].self, from: Data(escaped.utf8))["a"]?[0]["tags"] == "^v${{ secrets.X }}")
    }

    /// The hand-written JSON is what `JSONEncoder` writes with the same options, for any strings.
    @Test func environmentsJSONIsWhatTheEncoderWrites() throws {
        struct Entry: Encodable {
            var name: String
            var tags: String
            var file: String
            var key: String
        }
        let pieces = ["a", "Z", "/", "\\", "\"", "\n", "\r", "\t", "\u{8}", "\u{C}", "\u{0}", "\u{1F}", "\u{7F}", "é", "😀", "{", "}", " ", "$", "-", "0"]
        var generator = SystemRandomNumberGenerator()
        func text() -> String {
            (0..<Int.random(in: 0...6, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined()
        }
        for _ in 0..<300 {
            let targets = (0..<Int.random(in: 0...6, using: &generator)).map { _ in
                GitOpsTarget(image: ["app", "App", "app-2", "b", "é", ""].randomElement(using: &generator) ?? "", environment: text(), tagPattern: text(), file: text(), key: text())
            }
            let images = Set((0..<Int.random(in: 0...3, using: &generator)).map { _ in text() })
            var byImage: [String: [Entry]] = Dictionary(uniqueKeysWithValues: images.map { ($0, []) })
            for target in targets {
                byImage[target.image, default: []].append(Entry(name: target.environment, tags: target.tagPattern, file: target.file, key: target.key))
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let expected = String(decoding: try encoder.encode(byImage), as: UTF8.self).replacingOccurrences(of: "${", with: "$\\u007b")
            #expect(GitOpsReceiverWorkflow.environmentsJSON(targets, images: images) == expected)
        }
    }

    @Test func jobIDsFollowTheBranches() {
        #expect(GitOpsReceiverWorkflow.jobIDs(branches: ["main", "release/2026", "env/prod.eu"]) == [
            "main": "update-main", "release/2026": "update-release-2026", "env/prod.eu": "update-env-prod-eu",
        ])
        let colliding = GitOpsReceiverWorkflow.jobIDs(branches: ["a/b", "a-b", "a.b"])
        #expect(Set(colliding.values).count == 3)
        #expect(colliding["a/b"] == "update-a-b-\(KubernetesName.shortHash("a/b"))")
    }

    @Test func dispatchJob() throws {
        let job = GitOpsDispatchJob.make(
            image: "data-api", repository: "ghcr.io/acme/data-api", gitopsRepositories: ["acme/gitops", "acme/gitops-eu"],
            eventType: "image-pushed", tokenSecret: "GITOPS_TOKEN", needs: ["build"], runner: "ubuntu-24.04", scripts: Self.placeholderScripts)
        let workflow = GitHubActions.Workflow("build data-api", on: GitHubActions.Triggers(push: .init(branches: ["main"]))) {
            GitHubActions.Job("build", permissions: GitHubActions.Permissions(["contents": .read]), .call("./.github/workflows/image-builder.yml", with: [], secrets: []))
            job
        }
        assertInlineSnapshot(of: try Self.rendered(workflow), as: .lines) {
            """
            # Generated by image-factory synth from images.yaml. Do not edit: change images.yaml and run `image-factory synth`.
            name: build data-api
            "on":
              push:
                branches:
                - main
            permissions: {}
            jobs:
              build:
                permissions:
                  contents: read
                uses: ./.github/workflows/image-builder.yml
              gitops:
                name: Dispatch data-api to GitOps
                needs: build
                if: needs.build.outputs.production == 'true' && needs.build.outputs.digest != ''
                permissions: {}
                runs-on: ubuntu-24.04
                timeout-minutes: 5
                steps:
                - name: Send image-pushed
                  env:
                    IMAGE: data-api
                    REPOSITORY: ghcr.io/acme/data-api
                    IMAGES: ${{ needs.build.outputs.images }}
                    DIGEST: ${{ needs.build.outputs.digest }}
                    SOURCE_REPOSITORY: ${{ github.repository }}
                    GIT_REF: ${{ github.ref }}
                    COMMIT_SHA: ${{ github.sha }}
                    RUN_URL: ${{ github.server_url }}/${{ github.repository }}/actions/runs/${{ github.run_id }}
                    GITOPS_REPOSITORIES: |
                      acme/gitops
                      acme/gitops-eu
                    EVENT_TYPE: image-pushed
                    GH_TOKEN: ${{ secrets.GITOPS_TOKEN }}
                  shell: bash
                  run: |
                    echo gitops-dispatch

            """
        }
        #expect(GitOpsDispatchJob.make(
            image: "a", repository: "ghcr.io/a/a", gitopsRepositories: ["a/b"], eventType: "e", tokenSecret: "T", needs: ["sign"],
            runner: "r", scripts: [:]).needs == ["build", "sign"])
    }
}
