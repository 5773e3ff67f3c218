import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import ImageFactoryDockerfile

struct Analyze: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        // Named here rather than derived from the type name, which ArgumentParser reads through reflection at
        // every start.
        commandName: "analyze",
        abstract: "Checks that a Dockerfile builds on the base images the pipeline was generated for.",
        discussion: """
            Run by the analysis Stage's Job on each new version of an image, with the same Dockerfile parser \
            synth uses, for the platforms, target stage and build args synth read the Dockerfile with: the bases \
            are the images BuildKit pulls to build the target, on any of the platforms. Exits 0 when the bases match, 1 (naming each difference) when they do not, 2 when the \
            Dockerfile cannot be read or parsed, and 75 when downloading it failed in a way that may pass on a \
            second try (no answer, 408, 429, 5xx), so the Job tries again. An https:// Dockerfile is \
            downloaded, with the token in IMAGE_FACTORY_GIT_TOKEN when it is set and the URL's host is one of \
            the --token-host hosts (default raw.githubusercontent.com), so a GitHub token never reaches another \
            forge; a redirect to any other host is followed without it, and a redirect to plain http is refused.
            """
    )

    @Option(name: .long, help: "Path or https:// URL of the Dockerfile.")
    var dockerfile: String

    @Option(name: .long, parsing: .singleValue, help: "Expected base images, comma-separated (repeatable); `scratch` for none.")
    var expect: [String] = []

    @Option(name: .customLong("token-host"), parsing: .singleValue, help: "A host the token may be sent to (repeatable); default raw.githubusercontent.com.")
    var tokenHosts: [String] = []

    @Option(name: .customLong("build-arg"), parsing: .singleValue, help: "NAME=VALUE overriding an ARG default (repeatable).")
    var buildArgs: [String] = []

    @Option(name: .customLong("build-args"), help: "Build args, one NAME=VALUE per line (as the analysis Stage passes them).")
    var buildArgLines: String = ""

    @Option(
        name: .customLong("platform"), parsing: .singleValue,
        help: "Target platform os/arch[/variant] the image is built for; comma-separated or repeated (default linux/amd64).")
    var platformLists: [String] = []

    @Option(name: .long, help: "The stage the image is built from (docker build --target); empty for the last stage.")
    var target: String = ""

    func run() async throws {
        var arguments: [String: String] = [:]
        let lines = buildArgLines.split(separator: "\n", omittingEmptySubsequences: true).map { String($0) }
        for item in lines + buildArgs {
            guard let equals = item.firstIndex(of: "=") else { throw ValidationError("a build arg is NAME=VALUE, got '\(item)'") }
            arguments[String(item[..<equals])] = String(item[item.index(after: equals)...])
        }
        var platforms: [BuildPlatform] = []
        for name in platformLists.flatMap({ $0.split(separator: ",") }) {
            guard let platform = BuildPlatform(String(name)) else { throw ValidationError("--platform takes os/arch[/variant], got '\(name)'") }
            platforms.append(platform)
        }
        var expected: [ImageReference] = []
        for text in expect {
            do {
                expected += try BaseImageCheck.parseExpected(text)
            } catch {
                printError("image-factory analyze: --expect: \(error)")
                throw ExitStatus.invalidInput
            }
        }
        let text = try await readDockerfile()
        do {
            let parsed = try DockerfileParser.parse(
                text, buildArgs: arguments, platforms: platforms.isEmpty ? [.linuxAMD64] : platforms, target: target)
            let check = BaseImageCheck(found: parsed.baseImages, expected: expected)
            print(check.report)
            if !check.matches { throw ExitStatus.drift }
        } catch let error as DockerfileError {
            printError("\(dockerfile):\(error)")
            throw ExitStatus.invalidInput
        }
    }

    private func readDockerfile() async throws -> String {
        guard dockerfile.hasPrefix("https://") || dockerfile.hasPrefix("http://") else {
            guard let data = FileManager.default.contents(atPath: dockerfile), let text = String(data: data, encoding: .utf8) else {
                printError("image-factory analyze: cannot read \(dockerfile) as UTF-8 text")
                throw ExitStatus.invalidInput
            }
            return text
        }
        guard let url = URL(string: dockerfile), url.scheme == "https" || TokenRedirectGuard.isLoopback(url.host?.lowercased() ?? "") else {
            printError("image-factory analyze: only https:// URLs are fetched: \(dockerfile)")
            throw ExitStatus.invalidInput
        }
        var request = URLRequest(url: url, timeoutInterval: 30)
        let allowedHosts = Set(tokenHosts.isEmpty ? [BaseImageCheck.defaultTokenHost] : tokenHosts.map { $0.lowercased() })
        if let token = ProcessInfo.processInfo.environment[BaseImageCheck.tokenVariable], !token.isEmpty,
           let host = url.host?.lowercased(), allowedHosts.contains(host) {
            request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        }
        let redirects = TokenRedirectGuard(tokenHosts: allowedHosts)
        let session = URLSession(configuration: .ephemeral, delegate: redirects, delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: request)
        } catch {
            printError("image-factory analyze: cannot download \(dockerfile): \(error.localizedDescription)")
            throw ExitStatus.unavailable
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard status == 200 else {
            printError("image-factory analyze: downloading \(dockerfile) answered HTTP \(status)\(status == 404 ? " (a private repository needs IMAGE_FACTORY_GIT_TOKEN)" : "")")
            throw status == 408 || status == 429 || status >= 500 ? ExitStatus.unavailable : ExitStatus.invalidInput
        }
        guard data.count <= 4 << 20, let text = String(data: data, encoding: .utf8) else {
            printError("image-factory analyze: \(dockerfile) is not a UTF-8 text file of at most 4 MiB")
            throw ExitStatus.invalidInput
        }
        return text
    }
}

/// Follows a redirect only over https (or between loopback addresses, for tests), and without the token when it
/// leaves the hosts the token may go to: URLSession would otherwise carry the `Authorization` header along.
final class TokenRedirectGuard: NSObject, URLSessionTaskDelegate, Sendable {
    let tokenHosts: Set<String>

    init(tokenHosts: Set<String>) {
        self.tokenHosts = tokenHosts
    }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse, newRequest request: URLRequest,
        completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(Self.follow(request, tokenHosts: tokenHosts))
    }

    /// The request to send instead of `request`, or nil to stop at the redirect.
    static func follow(_ request: URLRequest, tokenHosts: Set<String>) -> URLRequest? {
        guard let url = request.url, let host = url.host?.lowercased() else { return nil }
        guard url.scheme == "https" || isLoopback(host) else { return nil }
        var request = request
        if !tokenHosts.contains(host) { request.setValue(nil, forHTTPHeaderField: "Authorization") }
        return request
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }
}
