import Testing
@testable import ImageFactory

private func problems(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> [String] {
    do {
        let file = try EnvFile.parse(text, path: "build.env")
        Issue.record("expected an error, read \(file.entries)", sourceLocation: sourceLocation)
        return []
    } catch {
        return error.diagnostics.map(\.description)
    }
}

struct EnvFileTests {
    @Test func readsCommentsQuotesAndExport() throws {
        let text = """
            # build args for the app
            export VERSION=1.2.3

              NODE_VERSION="22"
            BASE_TAG='bookworm-slim'
            EMPTY=
            SPACED=a b\tc
            HASH=abc#def
            EQUALS=a=b
            export=yes
            HALF="x
            \t# indented comment
            """
        let file = try EnvFile.parse(text, path: "build.env")
        #expect(file.path == "build.env")
        #expect(file.entries == [
            .init(key: "VERSION", value: "1.2.3", line: 2),
            .init(key: "NODE_VERSION", value: "22", line: 4),
            .init(key: "BASE_TAG", value: "bookworm-slim", line: 5),
            .init(key: "EMPTY", value: "", line: 6),
            .init(key: "SPACED", value: "a b\tc", line: 7),
            .init(key: "HASH", value: "abc#def", line: 8),
            .init(key: "EQUALS", value: "a=b", line: 9),
            .init(key: "export", value: "yes", line: 10),
            .init(key: "HALF", value: "\"x", line: 11),
        ])
        #expect(file.values["NODE_VERSION"] == "22")
        #expect(file.values.count == 9)
    }

    @Test func crlfLineEndingsAndAByteOrderMarkAreRead() throws {
        let file = try EnvFile.parse("\u{FEFF}A=1\r\nB='2'\r\n", path: "build.env")
        #expect(file.entries == [.init(key: "A", value: "1", line: 1), .init(key: "B", value: "2", line: 2)])
        #expect(try EnvFile.parse("", path: "build.env").entries.isEmpty)
    }

    @Test func reportsEveryProblemWithItsPosition() {
        let token = "ghp_" + String(repeating: "a1B2", count: 9)
        let text = """
            FOO
            1ABC=x
            =x
            A=1
              export A=2
            B=${{ secrets.X }}
            C="x\u{7}y"
            TOKEN=\(token)
            KEY =v
            D=x\ry
            """
        #expect(problems(text) == [
            "build.env:1:1: error: 'FOO' has no `=`; each line is KEY=value",
            "build.env:2:1: error: '1ABC' is not a build arg name (letters, digits and '_', not starting with a digit)",
            "build.env:3:1: error: nothing before `=`; each line is KEY=value",
            "build.env:5:10: error: A is set twice; it is first set on line 4",
            "build.env:6:3: error: the value of B contains '${{', which GitHub would evaluate as an expression in the workflow",
            "build.env:7:5: error: the value of C contains the control or invisible character U+0007",
            "build.env:8:7: error: the value of TOKEN looks like a credential (GitHub token); build args are written into the workflow in plain text; pass secrets as build secrets, not build args",
            "build.env:9:1: error: 'KEY ' has blanks before `=`; write KEY=value",
            "build.env:10:4: error: the value of D contains a carriage return (CR); lines may end in CRLF, but a CR elsewhere is refused",
        ])
    }

    @Test func aBadKeyAndABadValueOnOneLineAreBothReported() {
        #expect(problems("9X=${{ github.token }}") == [
            "build.env:1:1: error: '9X' is not a build arg name (letters, digits and '_', not starting with a digit)",
            "build.env:1:4: error: the value of '9X' contains '${{', which GitHub would evaluate as an expression in the workflow",
        ])
    }
}
