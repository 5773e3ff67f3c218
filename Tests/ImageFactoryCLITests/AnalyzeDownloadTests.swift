import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
@testable import ImageFactoryCLI
import Testing
import ImageFactoryTestSupport

/// `image-factory analyze` downloading a Dockerfile from loopback HTTP servers (python3's http.server): where the
/// token goes when a server redirects, and which failures the Job should try again (exit 75).
@Suite(.serialized)
struct AnalyzeDownloadTests {
    /// Two servers, on 127.0.0.1 and 127.0.0.2. Each logs `<path> <Authorization or ->` per request to `log`;
    /// `/moved` answers 302 to the path `/Dockerfile` on the other server, `/here` 302 to `/Dockerfile` on itself,
    /// `/status/<n>` answers n, anything else a Dockerfile.
    static let serverScript = #"""
        import http.server, sys, threading
        log = open(sys.argv[1], "a", buffering=1)
        servers = []
        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args): pass
            def do_GET(self):
                me = self.server.server_address
                log.write(f"{me[0]} {self.path} {self.headers.get('Authorization', '-')}\n")
                other = servers[1] if self.server is servers[0] else servers[0]
                if self.path == "/moved":
                    self.send_response(302)
                    self.send_header("Location", f"http://{other.server_address[0]}:{other.server_address[1]}/Dockerfile")
                    self.end_headers()
                elif self.path == "/here":
                    self.send_response(302)
                    self.send_header("Location", "/Dockerfile")
                    self.end_headers()
                elif self.path.startswith("/status/"):
                    self.send_response(int(self.path.rsplit("/", 1)[1]))
                    self.end_headers()
                else:
                    body = b"FROM scratch\n"
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
        for address in ("127.0.0.1", "127.0.0.2"):
            servers.append(http.server.ThreadingHTTPServer((address, 0), Handler))
        for server in servers:
            threading.Thread(target=server.serve_forever, daemon=True).start()
        print(servers[0].server_address[1], servers[1].server_address[1], flush=True)
        sys.stdin.read()
        """#

    final class Servers {
        let process = Process()
        let input = Pipe()
        let log: URL
        let first: Int
        let second: Int

        init() throws {
            log = FileManager.default.temporaryDirectory.appendingPathComponent("analyze-servers-\(UUID().uuidString).log")
            try Data().write(to: log)
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-c", AnalyzeDownloadTests.serverScript, log.path]
            let output = Pipe()
            process.standardOutput = output
            process.standardInput = input
            try process.run()
            var line = Data()
            while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) { line += byte }
            let ports = String(decoding: line, as: UTF8.self).split(separator: " ").compactMap { Int($0) }
            guard ports.count == 2 else { throw ServerError() }
            (first, second) = (ports[0], ports[1])
        }

        deinit {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
            try? FileManager.default.removeItem(at: log)
        }

        /// `<host> <path> <Authorization>` per request, in order.
        var requests: [String] {
            (try? String(contentsOf: log, encoding: .utf8))?.split(separator: "\n").map(String.init) ?? []
        }

        struct ServerError: Error {}
    }

    static func analyze(_ url: String, tokenHosts: [String]) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLIProcess.executable)
        process.arguments = ["analyze", "--dockerfile", url, "--expect", "scratch"] + tokenHosts.flatMap { ["--token-host", $0] }
        var environment = ProcessInfo.processInfo.environment
        environment["IMAGE_FACTORY_GIT_TOKEN"] = "s3cret"
        process.environment = environment
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stderr, as: UTF8.self))
    }

    @Test func theTokenDoesNotFollowARedirectToAnotherHost() throws {
        let servers = try Servers()
        let result = try Self.analyze("http://127.0.0.1:\(servers.first)/moved", tokenHosts: ["127.0.0.1"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(servers.requests == ["127.0.0.1 /moved Bearer s3cret", "127.0.0.2 /Dockerfile -"])
    }

    @Test func theTokenFollowsARedirectWithinItsHost() throws {
        let servers = try Servers()
        let result = try Self.analyze("http://127.0.0.1:\(servers.first)/here", tokenHosts: ["127.0.0.1"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(servers.requests == ["127.0.0.1 /here Bearer s3cret", "127.0.0.1 /Dockerfile Bearer s3cret"])
    }

    @Test func noTokenForAHostThatIsNotATokenHost() throws {
        let servers = try Servers()
        let result = try Self.analyze("http://127.0.0.2:\(servers.second)/Dockerfile", tokenHosts: ["127.0.0.1"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(servers.requests == ["127.0.0.2 /Dockerfile -"])
    }

    @Test(arguments: [(503, Int32(75)), (429, 75), (408, 75), (404, 2), (401, 2), (403, 2)])
    func failuresThatMayPassOnASecondTryExit75(status: Int, exit: Int32) throws {
        let servers = try Servers()
        let result = try Self.analyze("http://127.0.0.1:\(servers.first)/status/\(status)", tokenHosts: ["127.0.0.1"])
        #expect(result.status == exit)
        #expect(result.stderr.contains("answered HTTP \(status)"))
    }

    @Test func noAnswerExits75() throws {
        // A port nothing listens on: taken from a server that has stopped.
        let port: Int
        do {
            let servers = try Servers()
            port = servers.second
        }
        let result = try Self.analyze("http://127.0.0.2:\(port)/Dockerfile", tokenHosts: [])
        #expect(result.status == 75)
        #expect(result.stderr.contains("cannot download"))
    }

    @Test func redirectsToPlainHTTPElsewhereAreNotFollowed() throws {
        var request = URLRequest(url: URL(string: "http://example.com/Dockerfile")!)
        request.setValue("Bearer s3cret", forHTTPHeaderField: "Authorization")
        #expect(TokenRedirectGuard.follow(request, tokenHosts: ["example.com"]) == nil)
        var secure = request
        secure.url = URL(string: "https://elsewhere.example/Dockerfile")
        let followed = try #require(TokenRedirectGuard.follow(secure, tokenHosts: ["example.com"]))
        #expect(followed.value(forHTTPHeaderField: "Authorization") == nil)
    }
}
