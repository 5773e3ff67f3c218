import Foundation
@testable import ImageFactory
import Mustache
import Testing
import ImageFactoryTestSupport

/// The built-in build scripts, rendered with swift-mustache and run with /bin/bash in a scratch folder: a git
/// repository as the working directory, a bare clone of it standing in for GitHub's copy, stub `cosign` and `gh`
/// that log their arguments (`gh` reads and creates tags in the bare clone), and the runner's `GITHUB_OUTPUT` and
/// `GITHUB_STEP_SUMMARY` files.
struct BuildScriptTests {
    // MARK: - Fixtures

    static let digest = "sha256:" + String(repeating: "0123456789abcdef", count: 4)
    static let otherDigest = "sha256:" + String(repeating: "f", count: 64)
    static let commit = String(repeating: "1a2b3c4d5e", count: 4)
    static let otherCommit = String(repeating: "9", count: 40)
    static let python = "docker.io/library/python"
    static let pythonImage = "\(python):3.13-slim@\(digest)"
    static let production = "ghcr.io/acme/data-api\nquay.io/acme/data-api\n"
    static let development = "ghcr.io/acme/dev/data-api\n"
    static let tags = ["v1.2.3", "v1.10.0", "v2.0.0-rc1", "other/v9.9.9"]

    static func render(_ script: BuildScript) throws -> String {
        try MustacheTemplate(string: script.builtInTemplate).render(["shortShaLength": "8"])
    }

    /// A scratch folder that is removed when the value goes away.
    final class Sandbox {
        let root: URL
        let bin: URL
        let repo: URL
        /// The bare repository `gh api` reads and writes refs of, as GitHub's copy of the repository.
        let remote: URL
        let output: URL
        let summary: URL
        let calls: URL
        /// The commit checked out, which the resolve step gets as `COMMIT_SHA`.
        private(set) var head = ""

        init(tags: [String] = BuildScriptTests.tags, files: [String: String] = [:]) throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("build-script-\(UUID().uuidString)")
            bin = root.appendingPathComponent("bin")
            repo = root.appendingPathComponent("repo")
            remote = root.appendingPathComponent("remote.git")
            output = root.appendingPathComponent("github-output")
            summary = root.appendingPathComponent("step-summary")
            calls = root.appendingPathComponent("calls.log")
            for folder in [bin, repo] {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            }
            for file in [output, summary, calls] {
                try Data().write(to: file)
            }
            // Each stub logs `name [arg] [arg]…` on one line, written at once: concurrent runs share the log.
            let log = #"line="${0##*/}"; for arg in "$@"; do line+=" [${arg}]"; done; printf '%s\n' "${line}" >> "${STUB_LOG}""#
            try stub("cosign", "\(log)\nexit \"${COSIGN_STUB_STATUS:-0}\"\n")
            // `gh api --method POST repos/R/git/refs -f ref=R -f sha=S` creates a ref only when it does not exist (under a
            // lock, as GitHub does); `gh api repos/R/git/ref/tags/T --jq .object.sha` reads one. GH_STUB_CREATE=forbidden
            // refuses every creation as GitHub refuses the workflow token; GH_STUB_BARRIER=<folder> holds each creation
            // until GH_STUB_PARTIES of them are waiting, so that concurrent runs race for the same tag.
            try stub("gh", """
                \(log)
                [[ -n "${GH_TOKEN:-}" ]] || { echo 'gh: no token' >&2; exit 4; }
                remote="${GH_STUB_REMOTE:?}"
                if [[ "$2" == "--method" && "$3" == "POST" && "$4" == repos/*/git/refs ]]; then
                  if [[ "${GH_STUB_CREATE:-ok}" == "forbidden" ]]; then
                    echo 'gh: Resource not accessible by integration (HTTP 403)' >&2; exit 1
                  fi
                  if [[ -n "${GH_STUB_BARRIER:-}" ]]; then
                    touch "${GH_STUB_BARRIER}/$$"
                    for _ in $(seq 100); do
                      (( $(find "${GH_STUB_BARRIER}" -type f | wc -l) >= ${GH_STUB_PARTIES:-2} )) && break
                      sleep 0.1
                    done
                  fi
                  if flock "${remote}/stub.lock" git --git-dir="${remote}" update-ref "${6#ref=}" "${8#sha=}" "" 2> /dev/null; then
                    printf '{"ref":"%s"}\\n' "${6#ref=}"; exit 0
                  fi
                  echo 'gh: Reference already exists (HTTP 422)' >&2; exit 1
                fi
                if [[ "$2" == repos/*/git/ref/tags/* && "$3" == "--jq" ]]; then
                  if git --git-dir="${remote}" rev-parse -q --verify "refs/${2#repos/*/*/git/ref/}" 2> /dev/null; then exit 0; fi
                  echo 'gh: Not Found (HTTP 404)' >&2; exit 1
                fi
                echo "gh: unexpected call" >&2; exit 2

                """)
            var setup = "set -euo pipefail\ngit -c init.defaultBranch=main init -q\ngit commit -q --allow-empty -m initial\n"
            for tag in tags {
                setup += "git tag '\(tag)'\n"
            }
            setup += "git clone -q --bare . '\(remote.path)'\n"
            let result = try Self.run(["-c", setup], in: repo, environment: environment)
            guard result.status == 0 else {
                throw SandboxError(message: "git setup failed: \(result.stderr)")
            }
            head = try shell("git rev-parse HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
            for (path, contents) in files {
                try Data(contents.utf8).write(to: repo.appendingPathComponent(path))
            }
        }

        /// Runs a bash command in the repository; its standard output, or an error when it fails.
        @discardableResult
        func shell(_ command: String) throws -> String {
            let result = try Self.run(["-c", command], in: repo, environment: environment)
            guard result.status == 0 else { throw SandboxError(message: "\(command) failed: \(result.stderr)") }
            return result.stdout
        }

        /// The commit the tag points to in the remote, or nil when it has no such tag.
        func remoteTag(_ tag: String) throws -> String? {
            let sha = try shell("git --git-dir='\(remote.path)' rev-parse -q --verify 'refs/tags/\(tag)' || true")
            return sha.isEmpty ? nil : sha.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        deinit {
            try? FileManager.default.removeItem(at: root)
        }

        struct SandboxError: Error { var message: String }

        private func stub(_ name: String, _ body: String) throws {
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
                "GITHUB_OUTPUT": output.path,
                "GITHUB_STEP_SUMMARY": summary.path,
                "STUB_LOG": calls.path,
                "GH_STUB_REMOTE": remote.path,
                "GIT_CONFIG_NOSYSTEM": "1",
                "GIT_CONFIG_GLOBAL": "/dev/null",
                "GIT_AUTHOR_NAME": "Test",
                "GIT_AUTHOR_EMAIL": "test@example.com",
                "GIT_AUTHOR_DATE": "2026-01-02T03:04:05Z",
                "GIT_COMMITTER_NAME": "Test",
                "GIT_COMMITTER_EMAIL": "test@example.com",
                "GIT_COMMITTER_DATE": "2026-01-02T03:04:05Z",
            ]
        }

        struct Result {
            var status: Int32
            var stdout: String
            var stderr: String
            /// `$GITHUB_OUTPUT` with the random heredoc delimiter replaced by `EOF`.
            var output: String
            var summary: String
            var calls: String
        }

        /// Renders `script`, then runs it with `variables` on top of `environment` (and, for the resolve step, of
        /// `COMMIT_SHA`: the checked-out commit).
        func run(_ script: BuildScript, _ variables: [String: String]) throws -> Result {
            let file = root.appendingPathComponent(script.rawValue)
            try Data(BuildScriptTests.render(script).utf8).write(to: file)
            let commit = script == .resolveBuild ? ["COMMIT_SHA": head] : [:]
            var result = try Self.run([file.path], in: repo, environment: environment.merging(commit) { $1 }.merging(variables) { $1 })
            let output = try String(contentsOf: output, encoding: .utf8)
            result.output = output.replacing(#/ghadelimiter_[0-9a-f]{32}/#, with: "EOF")
            result.summary = try String(contentsOf: summary, encoding: .utf8)
            result.calls = try String(contentsOf: calls, encoding: .utf8)
            return result
        }

        /// Renders `script` and runs it `times` times at once with the same `variables`, each with its own
        /// `GITHUB_OUTPUT` and `GITHUB_STEP_SUMMARY`; the stubs' calls of all runs are in each result's `calls`.
        func runConcurrently(_ script: BuildScript, times: Int, _ variables: [String: String]) throws -> [Result] {
            let file = root.appendingPathComponent(script.rawValue)
            try Data(BuildScriptTests.render(script).utf8).write(to: file)
            let runs = root.appendingPathComponent("runs")
            try FileManager.default.createDirectory(at: runs, withIntermediateDirectories: true)
            for run in 1...times {
                for name in ["output", "summary"] { try Data().write(to: runs.appendingPathComponent("\(name)-\(run)")) }
            }
            let wrapper = """
                pids=()
                for run in $(seq \(times)); do
                  GITHUB_OUTPUT="${RUNS}/output-${run}" GITHUB_STEP_SUMMARY="${RUNS}/summary-${run}" \\
                    bash "${SCRIPT}" > "${RUNS}/stdout-${run}" 2> "${RUNS}/stderr-${run}" &
                  pids+=("$!")
                done
                for run in $(seq \(times)); do
                  wait "${pids[run - 1]}"
                  echo "$?" > "${RUNS}/status-${run}"
                done

                """
            let commit = script == .resolveBuild ? ["COMMIT_SHA": head] : [:]
            let environment = environment.merging(commit) { $1 }.merging(variables) { $1 }
                .merging(["RUNS": runs.path, "SCRIPT": file.path]) { $1 }
            _ = try Self.run(["-c", wrapper], in: repo, environment: environment)
            let calls = try String(contentsOf: calls, encoding: .utf8)
            return try (1...times).map { run in
                func read(_ name: String) throws -> String { try String(contentsOf: runs.appendingPathComponent("\(name)-\(run)"), encoding: .utf8) }
                return Result(
                    status: Int32(try read("status").trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1, stdout: try read("stdout"),
                    stderr: try read("stderr"), output: try read("output").replacing(#/ghadelimiter_[0-9a-f]{32}/#, with: "EOF"),
                    summary: try read("summary"), calls: calls)
            }
        }

        private static func run(_ arguments: [String], in directory: URL, environment: [String: String]) throws -> Result {
            let run = try ScriptProcess.run("/bin/bash", arguments, in: directory, environment: environment)
            return Result(status: run.status, stdout: run.stdout, stderr: run.stderr, output: "", summary: "", calls: "")
        }

        /// Whether a file named `pwned` exists anywhere in the scratch folder.
        var pwned: Bool {
            let files = FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String] ?? []
            return files.contains { ($0 as NSString).lastPathComponent == "pwned" }
        }
    }

    /// The resolve step's inputs for a push to main; scenarios override what they test.
    static func resolveInputs(_ overrides: [String: String] = [:]) -> [String: String] {
        [
            "EVENT_NAME": "push",
            "GIT_REF": "refs/heads/main",
            "REPOSITORY": "acme/data-api",
            "HEAD_REPOSITORY": "",
            "SOURCE_BRANCH": "main",
            "REPOSITORIES": production,
            "DEV_REPOSITORIES": development,
            "VERSION_BUMP": "",
            "TRIGGERED_BY": "",
            "BASE_IMAGE": "",
            "BASE_IMAGE_REPOSITORY": python,
            "BUILD_ARGS": "",
            "RELEASE_TAG_PREFIX": "v",
            "VERSION_FILE": "",
            "GH_TOKEN": "ghs_test",
        ].merging(overrides) { $1 }
    }

    /// The resolve step's `$GITHUB_OUTPUT`, with `EOF` for the heredoc delimiter.
    /// `production`: pushed to the production repositories, and so signed (the default when `push` is true).
    static func outputs(
        push: Bool, production: Bool? = nil, images: [String], registries: String, version: String = "", prerelease: Bool = false,
        releaseTag: String = "", buildArgs: [String] = [], baseImage: String = "", triggeredBy: String = ""
    ) -> String {
        "push=\(push)\nproduction=\(production ?? push)\nimages<<EOF\n" + images.map { $0 + "\n" }.joined()
            + "EOF\nregistries=\(registries)\nversion=\(version)\nprerelease=\(prerelease)\nrelease-tag=\(releaseTag)\nbuild-args<<EOF\n"
            + buildArgs.map { $0 + "\n" }.joined()
            + "EOF\nbase-image=\(baseImage)\ntriggered-by=\(triggeredBy)\n"
    }

    static let productionImages = ["ghcr.io/acme/data-api", "quay.io/acme/data-api"]
    static let bothRegistries = #"["ghcr.io","quay.io"]"#

    // MARK: - The templates themselves

    @Test func fileNamesAndEnvironment() {
        #expect(BuildScript.allCases.map(\.fileName) == [
            "resolve-build.sh.mustache", "sign-image.sh.mustache", "gitops-dispatch.sh.mustache",
            "install-pyyaml.sh.mustache", "gitops-update.py.mustache", "gitops-commit.sh.mustache",
        ])
        #expect(BuildScript.allCases.filter(\.isPython) == [.gitopsUpdate])
        #expect(BuildScript.resolveBuild.environment == [
            "EVENT_NAME", "GIT_REF", "REPOSITORY", "HEAD_REPOSITORY", "SOURCE_BRANCH", "REPOSITORIES", "DEV_REPOSITORIES", "VERSION_BUMP",
            "TRIGGERED_BY", "BASE_IMAGE", "BASE_IMAGE_REPOSITORY", "BUILD_ARGS", "RELEASE_TAG_PREFIX", "VERSION_FILE", "COMMIT_SHA",
            "GH_TOKEN",
        ])
        #expect(BuildScript.signImage.environment == ["IMAGES", "DIGEST"])
        #expect(BuildScript.gitopsDispatch.environment == [
            "IMAGE", "REPOSITORY", "IMAGES", "DIGEST", "SOURCE_REPOSITORY", "GIT_REF", "COMMIT_SHA", "RUN_URL", "GITOPS_REPOSITORIES",
            "EVENT_TYPE", "GH_TOKEN",
        ])
        #expect(BuildScript.installPyYAML.environment == ["RUNNER_TEMP"])
        #expect(BuildScript.gitopsUpdate.environment == ["PAYLOAD", "ENVIRONMENTS", "COMMIT_MESSAGE_FILE"])
        #expect(BuildScript.gitopsCommit.environment == ["BRANCH", "REPOSITORY", "COMMIT_MESSAGE_FILE", "GH_TOKEN"])
    }

    /// The documented environment is exactly what each script reads, besides the runner's own files.
    @Test(arguments: BuildScript.allCases)
    func environmentIsWhatTheScriptReads(_ script: BuildScript) throws {
        let rendered = try Self.render(script)
        let read = script.isPython
            ? Set(rendered.matches(of: #/os\.environ\.get\("([A-Z][A-Z0-9_]*)"/#).map { String($0.output.1) })
            : Set(rendered.matches(of: #/\$\{([A-Z][A-Z0-9_]*)/#).map { String($0.output.1) })
        let runnerFiles: Set<String> = switch script {
        case .resolveBuild: ["GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY"]
        case .gitopsUpdate: ["GITHUB_OUTPUT"]
        default: []
        }
        #expect(read == Set(script.environment).union(runnerFiles))
        if script.isPython {
            #expect(!rendered.contains("os.getenv") && !rendered.contains("environ["), "the Python script reads its environment with os.environ.get only")
        }
    }

    @Test(arguments: BuildScript.allCases)
    func renderedScriptHasNoExpressions(_ script: BuildScript) throws {
        let rendered = try Self.render(script)
        #expect(!rendered.contains("${{"))
        #expect(!rendered.contains("{{"), "the only Mustache tag in a default is its leading comment")
        #expect(rendered.hasPrefix(script.isPython ? "import " : "set -euo pipefail\n"))
        #expect(rendered.hasSuffix("\n") && !rendered.hasSuffix("\n\n"))
        #expect(script.builtInTemplate.hasPrefix("{{! \(script.rawValue): "))
    }

    /// Mustache reads only a template's tagged head; the result is what it makes of the whole template.
    @Test func renderingTheHeadOnlyMatchesRenderingTheWhole() throws {
        func whole(_ text: String) throws -> String {
            try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}\n" + text).render(ScriptRenderer.variables)
        }
        func headOnly(_ text: String) throws -> String {
            let tail = TemplateRenderer.taglessTail(of: text)
            return try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}\n" + text[..<tail.lowerBound]).render(ScriptRenderer.variables) + text[tail]
        }
        for script in BuildScript.allCases {
            #expect(!TemplateRenderer.taglessTail(of: script.builtInTemplate).isEmpty, "\(script) takes the short way")
            #expect(try headOnly(script.builtInTemplate) == whole(script.builtInTemplate))
        }
        let texts = [
            "{{! c }}\nx\n", "{{! c }}  \r\nx\r\n", "{{! c }} x\ny\n", "{{! a\n b }}\n\n  x {{shortShaLength}}\n", "{{! c }}\n}}\n",
            "{{! c }}\n", "{{! c }}", "x\n{{! c }}\ny\n", "{{! é }}\ny\n", "{{!}}\n\ty é\n", "{{! c }}\n{{#a}}\n", "{{! {{a}} }}\nb\n",
        ]
        func outcome(_ render: (String) throws -> String, _ text: String) -> String {
            do { return "rendered \(try render(text))" } catch { return "failed: \(error)" }
        }
        for text in texts {
            #expect(outcome(headOnly, text) == outcome(whole, text), "\(text.debugDescription)")
        }
    }

    static let shellcheck: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return path.split(separator: ":").map { "\($0)/shellcheck" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    @Test(.enabled(if: shellcheck != nil, "shellcheck is not on PATH"), arguments: BuildScript.allCases.filter { !$0.isPython })
    func shellcheckFindsNothing(_ script: BuildScript) throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("shellcheck-\(UUID().uuidString)-\(script.rawValue)")
        try Data(Self.render(script).utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let pipe = Pipe()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.shellcheck!)
        process.arguments = ["--shell=bash", "--severity=style", file.path]
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let findings = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(findings)")
        #expect(findings.isEmpty)
    }

    static func executable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static let python3 = executable("python3")
    static let pyflakes = executable("pyflakes")

    /// Runs `tool arguments… <rendered script>`; its exit status and output.
    static func check(_ tool: String, _ arguments: [String], _ script: BuildScript) throws -> (Int32, String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("script-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent(script.rawValue)
        try Data(Self.render(script).utf8).write(to: file)
        let pipe = Pipe()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments + [file.path]
        process.environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "PYTHONPYCACHEPREFIX": folder.path, "HOME": folder.path]
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let findings = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, findings)
    }

    /// Python scripts compile (python3 -m py_compile), and pyflakes finds nothing where it is installed.
    @Test(.enabled(if: python3 != nil, "python3 is not on PATH"), arguments: BuildScript.allCases.filter(\.isPython))
    func pythonScriptCompiles(_ script: BuildScript) throws {
        let (status, findings) = try Self.check(Self.python3!, ["-m", "py_compile"], script)
        #expect(status == 0, "\(findings)")
        if let pyflakes = Self.pyflakes {
            let (status, findings) = try Self.check(pyflakes, [], script)
            #expect(status == 0 && findings.isEmpty, "\(findings)")
        }
    }

    // MARK: - resolve-build.sh: where to push

    @Test func pullRequestFromTheSameRepositoryPushesToDevelopment() throws {
        let sandbox = try Sandbox()
        let result = try sandbox.run(.resolveBuild, Self.resolveInputs([
            "EVENT_NAME": "pull_request", "GIT_REF": "refs/pull/7/merge", "HEAD_REPOSITORY": "acme/data-api",
        ]))
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.output == Self.outputs(push: true, production: false, images: ["ghcr.io/acme/dev/data-api"], registries: #"["ghcr.io"]"#))
        #expect(result.summary == """
            ### Image build

            | Event | Triggered by | Base image | Version | Pushes to |
            | --- | --- | --- | --- | --- |
            | `pull_request` | — | — | — | `ghcr.io/acme/dev/data-api` |

            """)
    }

    @Test func pullRequestFromAForkOnlyBuilds() throws {
        let sandbox = try Sandbox()
        let result = try sandbox.run(.resolveBuild, Self.resolveInputs([
            "EVENT_NAME": "pull_request", "GIT_REF": "refs/pull/8/merge", "HEAD_REPOSITORY": "mallory/data-api",
        ]))
        #expect(result.status == 0)
        #expect(result.output == Self.outputs(push: false, images: ["ghcr.io/acme/dev/data-api"], registries: #"["ghcr.io"]"#))
        #expect(result.summary.hasSuffix("| `pull_request` | — | — | — | nothing (build only) |\n"))
    }

    @Test func pullRequestWithoutDevelopmentRepositoriesOnlyBuilds() throws {
        let sandbox = try Sandbox()
        let result = try sandbox.run(.resolveBuild, Self.resolveInputs([
            "EVENT_NAME": "pull_request", "GIT_REF": "refs/pull/9/merge", "HEAD_REPOSITORY": "acme/data-api",
            "DEV_REPOSITORIES": "",
        ]))
        #expect(result.status == 0)
        #expect(result.output == Self.outputs(push: false, images: Self.productionImages, registries: Self.bothRegistries))
    }

    @Test func pushToMainPushesToProduction() throws {
        let sandbox = try Sandbox()
        // Blank lines and repeated repositories in the lists are ignored; a bump outside a dispatch does nothing.
        let result = try sandbox.run(.resolveBuild, Self.resolveInputs([
            "REPOSITORIES": "\nquay.io/acme/data-api\n\nghcr.io/acme/data-api\nquay.io/acme/data-api\n",
            "VERSION_BUMP": "patch", "BUILD_ARGS": "PIP_INDEX=https://pypi.example.com/simple\n\nFLAGS=-O2 -g\n",
        ]))
        #expect(result.status == 0)
        #expect(result.output == Self.outputs(
            push: true, images: ["quay.io/acme/data-api", "ghcr.io/acme/data-api"], registries: Self.bothRegistries,
            buildArgs: ["PIP_INDEX=https://pypi.example.com/simple", "FLAGS=-O2 -g"]))
        #expect(result.summary == """
            ### Image build

            | Event | Triggered by | Base image | Version | Pushes to |
            | --- | --- | --- | --- | --- |
            | `push` | — | — | — | `quay.io/acme/data-api`<br>`ghcr.io/acme/data-api` |

            """)
        #expect(result.stdout.isEmpty && result.stderr.isEmpty)
    }

    @Test func registryWithAPort() throws {
        let sandbox = try Sandbox()
        let result = try sandbox.run(.resolveBuild, Self.resolveInputs([
            "REPOSITORIES": "localhost:5000/acme/data-api\nregistry.example.com:8443/team/a/data-api\n",
        ]))
        #expect(result.status == 0)
        #expect(result.output == Self.outputs(
            push: true, images: ["localhost:5000/acme/data-api", "registry.example.com:8443/team/a/data-api"],
            registries: #"["localhost:5000","registry.example.com:8443"]"#))
    }

    // MARK: - resolve-build.sh: versions

    @Test func tagPushReleasesTheTaggedVersion() throws {
        let sandbox = try Sandbox()
        let result = try sandbox.run(.resolveBuild, Self.resolveInputs([
            "GIT_REF": "refs/tags/data-api/v1.4.0", "RELEASE_TAG_PREFIX": "data-api/v",
        ]))
        #expect(result.status == 0)
        #expect(result.output == Self.outputs(push: true, images: Self.productionImages, registries: Self.bothRegistries, version: "1.4.0"))
        #expect(result.summary.hasSuffix("| `push` | — | — | `1.4.0` | `ghcr.io/acme/data-api`<br>`quay.io/acme/data-api` |\n"))
    }

    /// Production is an allow-list: only a push to the source branch or of a release tag, a schedule, or a dispatch on the
    /// source branch push to the production repositories; a push of any other ref (the `<prefix>*` tag filter also lets
    /// through tags that are no release) builds without pushing.
    @Test(arguments: [
        ("refs/tags/data-api/v1.4.0", "v"),  // another prefix
        ("refs/tags/v1.4", "v"),
        ("refs/tags/v01.4.0", "v"),
        ("refs/tags/v1.4.0+build.5", "v"),
        ("refs/heads/v1.4.0", "v"),
        ("refs/heads/develop", "v"),
    ])
    func pushOfAnotherRefOnlyBuilds(ref: String, prefix: String) throws {
        let sandbox = try Sandbox()
        let result = try sandbox.run(.resolveBuild, Self.resolveInputs(["GIT_REF": ref, "RELEASE_TAG_PREFIX": prefix]))
        #expect(result.status == 0)
        #expect(result.output == Self.outputs(push: false, images: Self.productionImages, registries: Self.bothRegistries))
        #expect(result.stdout.hasPrefix("::notice::"), "\(result.stdout)")
        #expect(result.calls.isEmpty)
    }

    @Test(arguments: [
        // event, ref, pushes to: production, development or nothing
        ("push", "refs/heads/main", "production"),
        ("push", "refs/tags/v1.4.0", "production"),
        ("schedule", "refs/heads/main", "production"),
        ("schedule", "refs/heads/develop", "nothing"),
        ("workflow_dispatch", "refs/heads/main", "production"),
        ("repository_dispatch", "refs/heads/main", "production"),
        ("workflow_dispatch", "refs/heads/feature/x", "development"),
        ("repository_dispatch", "refs/heads/develop", "development"),
        ("workflow_dispatch", "refs/tags/v1.4.0", "development"),
        ("merge_group", "refs/heads/gh-readonly-queue/main/pr-7-\(commit)", "development"),
        ("release", "refs/tags/v1.4.0", "nothing"),
        ("workflow_run", "refs/heads/main", "nothing"),
        ("pull_request_target", "refs/heads/main", "nothing"),
    ])
    func productionIsAnAllowList(event: String, ref: String, target: String) throws {
        let sandbox = try Sandbox()
        let result = try sandbox.run(.resolveBuild, Self.resolveInputs(["EVENT_NAME": event, "GIT_REF": ref]))
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let expected = switch target {
        case "production": Self.outputs(push: true, images: Self.productionImages, registries: Self.bothRegistries, version: ref.hasPrefix("refs/tags/") && event == "push" ? "1.4.0" : "")
        case "development": Self.outputs(push: true, production: false, images: ["ghcr.io/acme/dev/data-api"], registries: #"["ghcr.io"]"#)
        default: Self.outputs(push: false, images: Self.productionImages, registries: Self.bothRegistries)
        }
        #expect(result.output == expected)
        #expect(result.calls.isEmpty)
    }

    /// A merge queue's group builds and pushes to the development repositories only: no signing, no release, no deploy.
    @Test func mergeGroupPushesOnlyToDevelopment() throws {
        let sandbox = try Sandbox()
        let result = try sandbox.run(.resolveBuild, Self.resolveInputs([
            "EVENT_NAME": "merge_group", "GIT_REF": "refs/heads/gh-readonly-queue/main/pr-7-\(Self.commit)", "VERSION_BUMP": "minor",
        ]))
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.output == Self.outputs(push: true, production: false, images: ["ghcr.io/acme/dev/data-api"], registries: #"["ghcr.io"]"#))
        #expect(result.summary.hasSuffix("| `merge_group` | — | — | — | `ghcr.io/acme/dev/data-api` |\n"))
        #expect(result.calls.isEmpty)
        try Data().write(to: sandbox.output)
        let withoutDevelopment = try sandbox.run(.resolveBuild, Self.resolveInputs([
            "EVENT_NAME": "merge_group", "GIT_REF": "refs/heads/gh-readonly-queue/main/pr-7-\(Self.commit)", "DEV_REPOSITORIES": "",
        ]))
        #expect(withoutDevelopment.status == 0)
        #expect(withoutDevelopment.output == Self.outputs(push: false, images: Self.productionImages, registries: Self.bothRegistries))
    }

    /// A dispatch run from another branch (or a tag) builds for the development repositories: a release comes only from
    /// the source branch, so the requested bump is not made.
    @Test func dispatchFromAnotherBranchBuildsForDevelopmentWithoutARelease() throws {
        let sandbox = try Sandbox()
        let result = try sandbox.run(.resolveBuild, Self.resolveInputs([
            "EVENT_NAME": "workflow_dispatch", "GIT_REF": "refs/heads/feature/faster", "VERSION_BUMP": "minor", "TRIGGERED_BY": "manual",
        ]))
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.output == Self.outputs(
            push: true, production: false, images: ["ghcr.io/acme/dev/data-api"], registries: #"["ghcr.io"]"#, triggeredBy: "manual"))
        #expect(result.stdout == "::notice::Releases and pushes to the production repositories come only from main; this run builds for the development repositories\n")
        #expect(result.calls.isEmpty)
    }

    /// A pre-release tag push builds that pre-release: production repositories, signed, tagged with exactly its version
    /// (`prerelease` switches off every other tag). It never counts as the last release when a dispatch bumps.
    @Test(arguments: ["1.4.0-rc1", "1.4.0-rc.1", "2.0.0-alpha.0", "1.0.0-0.3.7", "1.0.0-x-y-z.--", "1.4.0-rc01"])
    func preReleaseTagBuildsExactlyThatVersion(version: String) throws {
        let sandbox = try Sandbox()
        let result = try sandbox.run(.resolveBuild, Self.resolveInputs(["GIT_REF": "refs/tags/data-api/v\(version)", "RELEASE_TAG_PREFIX": "data-api/v"]))
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.output == Self.outputs(
            push: true, images: Self.productionImages, registries: Self.bothRegistries, version: version, prerelease: true))
        #expect(result.summary.hasSuffix("| `push` | — | — | `\(version)` (pre-release) | `ghcr.io/acme/data-api`<br>`quay.io/acme/data-api` |\n"))
        #expect(result.calls.isEmpty)
    }

    /// Tags that are no SemVer pre-release (a numeric part with a leading zero, an empty part, `_`, build metadata,
    /// more than Docker's 128 characters) are no release at all: built, not pushed.
    @Test(arguments: ["1.4.0-01", "1.4.0-", "1.4.0-rc..1", "1.4.0-rc_1", "1.4.0-rc1+build.5", "1.4.0-" + String(repeating: "a", count: 123)])
    func malformedPreReleaseTagOnlyBuilds(version: String) throws {
        let sandbox = try Sandbox()
        let result = try sandbox.run(.resolveBuild, Self.resolveInputs(["GIT_REF": "refs/tags/v\(version)"]))
        #expect(result.status == 0)
        #expect(result.output == Self.outputs(push: false, images: Self.productionImages, registries: Self.bothRegistries))
    }

    @Test(arguments: [("patch", "1.10.1"), ("minor", "1.11.0"), ("major", "2.0.0")])
    func workflowDispatchBumpsTheHighestReleaseTag(bump: String, version: String) throws {
        let sandbox = try Sandbox()
        let result = try sandbox.run(.resolveBuild, Self.resolveInputs([
            "EVENT_NAME": "workflow_dispatch", "VERSION_BUMP": bump, "TRIGGERED_BY": "manual",
        ]))
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.output == Self.outputs(
            push: true, images: Self.productionImages, registries: Self.bothRegistries, version: version,
            releaseTag: "v\(version)", triggeredBy: "manual"))
        #expect(result.summary.contains("| `workflow_dispatch` | `manual` | — | `\(version)` (new tag `v\(version)`) | "))
    }

    @Test func versionFileHigherThanTheTags() throws {
        let sandbox = try Sandbox(files: ["VERSION": "  v3.1.4\n\n"])
        let result = try sandbox.run(.resolveBuild, Self.resolveInputs([
            "EVENT_NAME": "workflow_dispatch", "VERSION_BUMP": "patch", "VERSION_FILE": "VERSION",
        ]))
        #expect(result.status == 0)
        #expect(result.output == Self.outputs(
            push: true, images: Self.productionImages, registries: Self.bothRegistries, version: "3.1.5", releaseTag: "v3.1.5"))
    }

    @Test func versionFileLowerThanTheTagsAndMissingVersionFile() throws {
        for file in ["VERSION", "does/not/exist"] {
            let sandbox = try Sandbox(files: ["VERSION": "1.0.0"])
            let result = try sandbox.run(.resolveBuild, Self.resolveInputs([
                "EVENT_NAME": "workflow_dispatch", "VERSION_BUMP": "minor", "VERSION_FILE": file,
            ]))
            #expect(result.status == 0)
            #expect(result.output == Self.outputs(
                push: true, images: Self.productionImages, registries: Self.bothRegistries, version: "1.11.0", releaseTag: "v1.11.0"))
        }
    }

    @Test func noTagsStartsFromZero() throws {
        let sandbox = try Sandbox(tags: [])
        let result = try sandbox.run(.resolveBuild, Self.resolveInputs(["EVENT_NAME": "workflow_dispatch", "VERSION_BUMP": "patch"]))
        #expect(result.status == 0)
        #expect(result.output == Self.outputs(
            push: true, images: Self.productionImages, registries: Self.bothRegistries, version: "0.0.1", releaseTag: "v0.0.1"))
    }

    @Test func prefixedTagsAreCountedOnlyForTheirPrefix() throws {
        let sandbox = try Sandbox(tags: Self.tags + ["data-api/v1.3.9", "data-api/v1.4.0-rc1"])
        let result = try sandbox.run(.resolveBuild, Self.resolveInputs([
            "EVENT_NAME": "workflow_dispatch", "VERSION_BUMP": "patch", "RELEASE_TAG_PREFIX": "data-api/v",
        ]))
        #expect(result.status == 0)
        #expect(result.output == Self.outputs(
            push: true, images: Self.productionImages, registries: Self.bothRegistries, version: "1.3.10",
            releaseTag: "data-api/v1.3.10"))
    }

    @Test func repositoryDispatchWithABump() throws {
        let sandbox = try Sandbox()
        let result = try sandbox.run(.resolveBuild, Self.resolveInputs([
            "EVENT_NAME": "repository_dispatch", "VERSION_BUMP": "minor",
            "TRIGGERED_BY": "kargo/image-factory/rebuild-data-api.01jabc+1@stage:x",
        ]))
        #expect(result.status == 0)
        #expect(result.output == Self.outputs(
            push: true, images: Self.productionImages, registries: Self.bothRegistries, version: "1.11.0",
            releaseTag: "v1.11.0", triggeredBy: "kargo/image-factory/rebuild-data-api.01jabc+1@stage:x"))
    }

    /// `version_bump: none` rebuilds on the source branch without a release: production repositories, signed, no
    /// version and no tag.
    @Test(arguments: ["workflow_dispatch", "repository_dispatch"])
    func dispatchWithNoReleaseBuildsWithoutAVersion(event: String) throws {
        let sandbox = try Sandbox()
        let result = try sandbox.run(.resolveBuild, Self.resolveInputs(["EVENT_NAME": event, "VERSION_BUMP": "none", "TRIGGERED_BY": "manual"]))
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.output == Self.outputs(push: true, images: Self.productionImages, registries: Self.bothRegistries, triggeredBy: "manual"))
        #expect(result.summary.hasSuffix("| `\(event)` | `manual` | — | — | `ghcr.io/acme/data-api`<br>`quay.io/acme/data-api` |\n"))
        #expect(result.calls.isEmpty)
        #expect(result.stdout.isEmpty)
    }

    @Test func dispatchWithoutABumpHasNoVersion() throws {
        let sandbox = try Sandbox()
        let result = try sandbox.run(.resolveBuild, Self.resolveInputs(["EVENT_NAME": "repository_dispatch"]))
        #expect(result.status == 0)
        #expect(result.output == Self.outputs(push: true, images: Self.productionImages, registries: Self.bothRegistries))
    }

    // MARK: - resolve-build.sh: reserving the version

    static func createCall(_ tag: String, _ commit: String) -> String {
        "gh [api] [--method] [POST] [repos/acme/data-api/git/refs] [-f] [ref=refs/tags/\(tag)] [-f] [sha=\(commit)]\n"
    }

    static func readCall(_ tag: String) -> String {
        "gh [api] [repos/acme/data-api/git/ref/tags/\(tag)] [--jq] [.object.sha]\n"
    }

    /// The new version's tag is created on the commit before anything is built: it is the reservation, and the tag
    /// the release keeps.
    @Test func dispatchReservesItsVersionBeforeTheBuild() throws {
        let sandbox = try Sandbox()
        let result = try sandbox.run(.resolveBuild, Self.resolveInputs(["EVENT_NAME": "workflow_dispatch", "VERSION_BUMP": "patch"]))
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.output == Self.outputs(
            push: true, images: Self.productionImages, registries: Self.bothRegistries, version: "1.10.1", releaseTag: "v1.10.1"))
        #expect(result.calls == Self.createCall("v1.10.1", sandbox.head))
        #expect(try sandbox.remoteTag("v1.10.1") == sandbox.head)
        #expect(result.stdout == "Reserved version 1.10.1: created tag v1.10.1 at \(sandbox.head)\n")
    }

    /// A version another run or a tag push took after the checkout (so the tags here do not show it) is not built
    /// again: the next one of the same kind is tried.
    @Test(arguments: [("patch", ["v1.10.1", "v1.10.2"], "1.10.3"), ("minor", ["v1.11.0"], "1.12.0")])
    func takenVersionMovesOnToTheNext(bump: String, taken: [String], version: String) throws {
        let sandbox = try Sandbox()
        for tag in taken { try sandbox.shell("git --git-dir='\(sandbox.remote.path)' update-ref 'refs/tags/\(tag)' HEAD") }
        let result = try sandbox.run(.resolveBuild, Self.resolveInputs(["EVENT_NAME": "repository_dispatch", "VERSION_BUMP": bump]))
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.output == Self.outputs(
            push: true, images: Self.productionImages, registries: Self.bothRegistries, version: version, releaseTag: "v\(version)"))
        #expect(result.calls == taken.map { Self.createCall($0, sandbox.head) + Self.readCall($0) }.joined() + Self.createCall("v\(version)", sandbox.head))
        #expect(result.stdout == taken.map { "::notice::Version \($0.dropFirst()) is taken (tag \($0) exists); trying the next one\n" }.joined()
            + "Reserved version \(version): created tag v\(version) at \(sandbox.head)\n")
    }

    /// Two dispatches at once compute the same version; one creates its tag first, the other finds it taken and takes
    /// the next: both build, with different versions.
    @Test func concurrentBumpsReserveDifferentVersions() throws {
        let sandbox = try Sandbox()
        let barrier = sandbox.root.appendingPathComponent("barrier")
        try FileManager.default.createDirectory(at: barrier, withIntermediateDirectories: true)
        let results = try sandbox.runConcurrently(.resolveBuild, times: 2, Self.resolveInputs([
            "EVENT_NAME": "workflow_dispatch", "VERSION_BUMP": "patch", "GH_STUB_BARRIER": barrier.path,
        ]))
        for result in results { #expect(result.status == 0, "\(result.stdout)\(result.stderr)") }
        #expect(Set(results.map(\.output)) == [
            Self.outputs(push: true, images: Self.productionImages, registries: Self.bothRegistries, version: "1.10.1", releaseTag: "v1.10.1"),
            Self.outputs(push: true, images: Self.productionImages, registries: Self.bothRegistries, version: "1.10.2", releaseTag: "v1.10.2"),
        ])
        #expect(try sandbox.remoteTag("v1.10.1") == sandbox.head)
        #expect(try sandbox.remoteTag("v1.10.2") == sandbox.head)
        let calls = results[0].calls.split(separator: "\n").map(String.init).sorted()
        #expect(calls == [
            Self.createCall("v1.10.1", sandbox.head), Self.createCall("v1.10.1", sandbox.head), Self.createCall("v1.10.2", sandbox.head),
            Self.readCall("v1.10.1"),
        ].map { String($0.dropLast()) }.sorted())
    }

    /// The retries are bounded: after five taken versions the step fails, before anything is built or written.
    @Test func fiveTakenVersionsFail() throws {
        let sandbox = try Sandbox()
        for patch in 1...5 { try sandbox.shell("git --git-dir='\(sandbox.remote.path)' update-ref refs/tags/v1.10.\(patch) HEAD") }
        let result = try sandbox.run(.resolveBuild, Self.resolveInputs(["EVENT_NAME": "workflow_dispatch", "VERSION_BUMP": "patch"]))
        #expect(result.status == 1)
        #expect(result.output.isEmpty && result.summary.isEmpty)
        #expect(result.stdout.hasSuffix("::error::versions 1.10.1 to 1.10.5 were all taken while this run tried them; run it again\n"), "\(result.stdout)")
    }

    /// GitHub refuses the workflow token a tag on a commit whose `.github/workflows` differ from every branch head:
    /// the step fails before the build, naming the cause.
    @Test func refusedTagFailsBeforeTheBuild() throws {
        let sandbox = try Sandbox()
        let result = try sandbox.run(.resolveBuild, Self.resolveInputs([
            "EVENT_NAME": "workflow_dispatch", "VERSION_BUMP": "major", "GH_STUB_CREATE": "forbidden",
        ]))
        #expect(result.status == 1)
        #expect(result.output.isEmpty && result.summary.isEmpty)
        #expect(result.calls == Self.createCall("v2.0.0", sandbox.head) + Self.readCall("v2.0.0"))
        #expect(result.stdout == """
            ::error::could not create the tag v2.0.0 to reserve version 2.0.0: the token needs contents: write, and GitHub refuses \
            the workflow token a tag on a commit whose .github/workflows differ from every branch head (dispatch again on the branch's head)

            """)
        #expect(try sandbox.remoteTag("v2.0.0") == nil)
    }

    // MARK: - resolve-build.sh: base image

    @Test func dispatchedBaseImageOfTheDockerfileBecomesABuildArgument() throws {
        let sandbox = try Sandbox()
        let result = try sandbox.run(.resolveBuild, Self.resolveInputs([
            "EVENT_NAME": "repository_dispatch", "BASE_IMAGE": Self.pythonImage, "BUILD_ARGS": "PYTHONDONTWRITEBYTECODE=1",
            "TRIGGERED_BY": "kargo/image-factory/rebuild-data-api.01abc",
        ]))
        #expect(result.status == 0)
        #expect(result.output == Self.outputs(
            push: true, images: Self.productionImages, registries: Self.bothRegistries,
            buildArgs: ["PYTHONDONTWRITEBYTECODE=1", "BASE_IMAGE=\(Self.pythonImage)"], baseImage: Self.pythonImage,
            triggeredBy: "kargo/image-factory/rebuild-data-api.01abc"))
        #expect(!result.stdout.contains("::notice::"))
        #expect(result.summary.contains("| `repository_dispatch` | `kargo/image-factory/rebuild-data-api.01abc` | `\(Self.pythonImage)` | — | "))
    }

    @Test(arguments: [
        // A digest without a tag, and a registry with a port, also name the repository.
        ("\(python)@\(digest)", python, true),
        ("localhost:5000/base/python:3@\(digest)", "localhost:5000/base/python", true),
        ("localhost:5000/base/python@\(digest)", "localhost:5000/base/python", true),
        ("docker.io/library/python-slim:3.13@\(digest)", python, false),
        ("docker.io/library/python:3.13@\(digest)", "docker.io/library/python/x", false),
        ("\(pythonImage)", "", false),
    ])
    func baseImageRepositoryMatching(baseImage: String, repository: String, matches: Bool) throws {
        let sandbox = try Sandbox()
        let result = try sandbox.run(.resolveBuild, Self.resolveInputs(["BASE_IMAGE": baseImage, "BASE_IMAGE_REPOSITORY": repository]))
        #expect(result.status == 0)
        #expect(result.output == Self.outputs(
            push: true, images: Self.productionImages, registries: Self.bothRegistries,
            buildArgs: matches ? ["BASE_IMAGE=\(baseImage)"] : [], baseImage: matches ? baseImage : ""))
        #expect(result.stdout.contains("::notice::") == !matches)
    }

    @Test func dispatchedBaseImageOfAnotherRepositoryIsOnlyANotice() throws {
        let sandbox = try Sandbox()
        let other = "docker.io/library/node:22@\(Self.digest)"
        let result = try sandbox.run(.resolveBuild, Self.resolveInputs(["EVENT_NAME": "workflow_dispatch", "BASE_IMAGE": other]))
        #expect(result.status == 0)
        // Not the image's base: nothing labels the image with it.
        #expect(result.output == Self.outputs(push: true, images: Self.productionImages, registries: Self.bothRegistries, baseImage: ""))
        #expect(result.stdout == """
            ::notice::The dispatched base image \(other) is not the Dockerfile's BASE_IMAGE (\(Self.python)); the build pulls the Dockerfile's base image tag fresh instead

            """)
    }

    @Test func everyRunHasAFreshDelimiter() throws {
        let sandbox = try Sandbox()
        var delimiters: Set<String> = []
        for _ in 0..<2 {
            try Data().write(to: sandbox.output)
            _ = try sandbox.run(.resolveBuild, Self.resolveInputs())
            let raw = try String(contentsOf: sandbox.output, encoding: .utf8)
            let found = Set(raw.matches(of: #/(?m)^images<<(ghadelimiter_[0-9a-f]{32})$/#).map { String($0.output.1) })
            #expect(found.count == 1)
            delimiters.formUnion(found)
        }
        #expect(delimiters.count == 2)
    }

    // MARK: - resolve-build.sh: hostile input

    static let injection = "docker.io/library/python:3$(touch pwned)@\(digest)"

    @Test(arguments: [
        ("BASE_IMAGE", injection),
        ("BASE_IMAGE", "docker.io/library/python:3@\(digest)\nEVIL=1"),
        ("BASE_IMAGE", "docker.io/library/python:3\"; touch pwned; \"@\(digest)"),
        ("BASE_IMAGE", "docker.io/library/python:3';touch pwned;'@\(digest)"),
        ("BASE_IMAGE", "docker.io/library/python:3.13"),  // no digest
        ("BASE_IMAGE", "docker.io/Library/python:3@\(digest)"),
        ("BASE_IMAGE", "python:3@\(digest)"),  // no registry
        ("BASE_IMAGE_REPOSITORY", "docker.io/library/python\n"),
        ("TRIGGERED_BY", "kargo\n::set-output name=push::true"),
        ("TRIGGERED_BY", "`touch pwned`"),
        ("TRIGGERED_BY", String(repeating: "a", count: 201)),
        ("BUILD_ARGS", "GOOD=1\n1BAD=x"),
        ("BUILD_ARGS", "BAD KEY=x"),
        ("BUILD_ARGS", "NOVALUE"),
        ("BUILD_ARGS", "CR=x\r"),
        ("VERSION_BUMP", "huge"),
        ("REPOSITORIES", "ghcr.io/Acme/data-api"),
        ("REPOSITORIES", "ghcr.io/acme/data-api\nacme/data-api"),  // no registry host
        ("REPOSITORIES", "ghcr.io/acme/data-api:latest"),
        ("REPOSITORIES", "\n\n"),
        ("DEV_REPOSITORIES", "ghcr.io/acme/dev/data-api$(touch pwned)"),
        ("REPOSITORY", "acme/.."),
        ("HEAD_REPOSITORY", "acme/data-api\nx"),
        ("SOURCE_BRANCH", "main\nrelease"),
        ("SOURCE_BRANCH", "../main"),
        ("SOURCE_BRANCH", "-main"),
        ("SOURCE_BRANCH", ""),
        ("EVENT_NAME", "push\n"),
        ("GIT_REF", "refs/heads/main\nrefs/tags/v9.9.9"),
        ("RELEASE_TAG_PREFIX", "v$(touch pwned)"),
        ("RELEASE_TAG_PREFIX", "../v"),
        ("VERSION_FILE", "../VERSION"),
        ("VERSION_FILE", "/etc/passwd"),
        ("COMMIT_SHA", "1a2b3c4d"),
        ("COMMIT_SHA", commit + "\n"),
        ("GH_TOKEN", ""),
        ("GH_TOKEN", "ghs_x\nEVIL=1"),
    ])
    func hostileInputIsRejected(name: String, value: String) throws {
        let sandbox = try Sandbox()
        let inputs = ["EVENT_NAME": "workflow_dispatch", "VERSION_BUMP": "patch"].merging([name: value]) { $1 }
        let result = try sandbox.run(.resolveBuild, Self.resolveInputs(inputs))
        #expect(result.status == 1)
        #expect(result.output.isEmpty)
        #expect(result.summary.isEmpty)
        #expect(result.stdout.hasPrefix("::error::\(name) "), "\(result.stdout)")
        #expect(result.stdout.split(separator: "\n").count == 1)
        #expect(!sandbox.pwned)
    }

    @Test(arguments: ["3.1", "v3.1.4-rc1", "$(touch pwned)", ""])
    func versionFileWithoutAVersionIsRejected(contents: String) throws {
        let sandbox = try Sandbox(files: ["VERSION": contents])
        let result = try sandbox.run(.resolveBuild, Self.resolveInputs([
            "EVENT_NAME": "workflow_dispatch", "VERSION_BUMP": "patch", "VERSION_FILE": "VERSION",
        ]))
        #expect(result.status == 1)
        #expect(result.output.isEmpty)
        #expect(result.stdout == "::error::VERSION_FILE must contain a version X.Y.Z (optionally prefixed with v)\n")
        #expect(!sandbox.pwned)
    }

    // MARK: - sign-image.sh

    @Test func signsEveryRepositoryByDigest() throws {
        let sandbox = try Sandbox(tags: [])
        let result = try sandbox.run(.signImage, ["IMAGES": Self.production + "\nghcr.io/acme/data-api\n", "DIGEST": Self.digest])
        #expect(result.status == 0)
        #expect(result.calls == """
            cosign [sign] [--yes] [ghcr.io/acme/data-api@\(Self.digest)]
            cosign [sign] [--yes] [quay.io/acme/data-api@\(Self.digest)]

            """)
        #expect(result.output.isEmpty)
    }

    @Test func signingFailureFailsTheStep() throws {
        let sandbox = try Sandbox(tags: [])
        let result = try sandbox.run(.signImage, ["IMAGES": Self.production, "DIGEST": Self.digest, "COSIGN_STUB_STATUS": "3"])
        #expect(result.status == 3)
        #expect(result.calls == "cosign [sign] [--yes] [ghcr.io/acme/data-api@\(Self.digest)]\n")
    }

    @Test(arguments: [
        ["DIGEST": "sha256:abc"],
        ["DIGEST": Self.digest + "\n"],
        ["DIGEST": Self.digest.uppercased()],
        ["DIGEST": "latest"],
        ["DIGEST": ""],
        ["IMAGES": "ghcr.io/acme/data-api:latest"],
        ["IMAGES": "ghcr.io/acme/data-api\nghcr.io/Acme/other"],
        ["IMAGES": "ghcr.io/acme/$(touch pwned)"],
        ["IMAGES": ""],
    ])
    func signingRejectsBadInput(_ overrides: [String: String]) throws {
        let sandbox = try Sandbox(tags: [])
        let result = try sandbox.run(.signImage, ["IMAGES": Self.production, "DIGEST": Self.digest].merging(overrides) { $1 })
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("::error::\(overrides.keys.first!) "), "\(result.stdout)")
        #expect(result.calls.isEmpty)
        #expect(!sandbox.pwned)
    }
}
