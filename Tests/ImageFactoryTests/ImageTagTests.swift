import Testing
@testable import ImageFactory

private let allowed = "a Docker tag allows only letters, digits, '_', '.' and '-'"
private let known = "known variables: .ShortSHA, .CommitSHA, .Date, .Time, .PRNumber, .Env \"NAME\""
private let prOnly = ",enable=${{ github.event_name == 'pull_request' }}"

private func expectRefused(_ text: String, _ reason: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(throws: ImageTagError(reason: reason), sourceLocation: sourceLocation) { try ImageTag.parse(text) }
}

struct ImageTagTests {
    @Test func plainTag() throws {
        let tag = try ImageTag.parse("latest")
        #expect(tag == ImageTag(name: "latest", parts: [.text("latest")], written: "latest"))
        #expect(try tag.metadataRule() == "type=raw,value=latest")
        #expect(!tag.usesPullRequestNumber)
    }

    @Test func namedTag() throws {
        let tag = try ImageTag.parse("stable=v{{ .Date }}")
        #expect(tag == ImageTag(name: "stable", parts: [.text("v"), .date], written: "v{{ .Date }}"))
        #expect(try tag.metadataRule() == "type=raw,value=v{{date 'YYYYMMDD'}}")
    }

    @Test(arguments: [
        ("v{{ .ShortSHA }}-{{ .Date }}", "vShortSHA-Date"), ("latest", "latest"), ("1.2", "12"), ("{{.Time}}", "Time"),
        ("{{ .Env \"VERSION\" }}", "EnvVERSION"),
    ])
    func derivesTheNameFromTheValue(text: String, name: String) throws {
        #expect(try ImageTag.parse(text).name == name)
    }

    @Test func shortSHAAndDate() throws {
        let tag = try ImageTag.parse("v{{ .ShortSHA }}-{{ .Date }}")
        #expect(tag.parts == [.text("v"), .shortSHA, .text("-"), .date])
        #expect(tag.written == "v{{ .ShortSHA }}-{{ .Date }}")
        #expect(try tag.metadataRule() == "type=raw,value=v{{sha}}-{{date 'YYYYMMDD'}}")
    }

    @Test func everyVariable() throws {
        let tag = try ImageTag.parse("all={{.ShortSHA}}.{{ .CommitSHA }}_{{  .Date  }}-{{ .Time }}.{{ .PRNumber }}")
        #expect(tag.name == "all")
        #expect(tag.parts == [.shortSHA, .text("."), .commitSHA, .text("_"), .date, .text("-"), .time, .text("."), .prNumber])
        #expect(tag.usesPullRequestNumber)
        #expect(try tag.metadataRule() == "type=raw,value={{sha}}.${{ github.event.pull_request.head.sha || github.sha }}_{{date 'YYYYMMDD'}}-{{date 'HHmmss'}}."
            + "${{ github.event.pull_request.number }}" + prOnly)
    }

    @Test func pullRequestTagsAreEnabledOnlyOnPullRequests() throws {
        let tag = try ImageTag.parse("pr-{{ .PRNumber }}")
        #expect(tag == ImageTag(name: "pr-PRNumber", parts: [.text("pr-"), .prNumber], written: "pr-{{ .PRNumber }}"))
        #expect(try tag.metadataRule() == "type=raw,value=pr-${{ github.event.pull_request.number }}" + prOnly)
    }

    @Test func environmentValuesAreResolvedFromTheBuildEnvFile() throws {
        let tag = try ImageTag.parse("v{{ .Env \"VERSION\" }}-{{ .ShortSHA }}")
        #expect(tag.parts == [.text("v"), .env("VERSION"), .text("-"), .shortSHA])
        #expect(throws: ImageTagError(
            reason: "tag 'v{{ .Env \"VERSION\" }}-{{ .ShortSHA }}': `{{ .Env \"VERSION\" }}` must be resolved from the build env file before the workflow rule is written"
        )) { try tag.metadataRule() }

        let resolved = try tag.resolvingEnvironment(["VERSION": "1.2.3", "OTHER": "x"], file: "build.env")
        #expect(resolved == ImageTag(name: "vEnvVERSION-ShortSHA", parts: [.text("v1.2.3-"), .shortSHA], written: tag.written))
        #expect(try resolved.metadataRule() == "type=raw,value=v1.2.3-{{sha}}")
        #expect(try ImageTag.parse("{{ .Env \"A\" }}{{ .Env \"B\" }}").resolvingEnvironment(["A": "x", "B": "y"], file: nil).parts == [.text("xy")])
    }

    @Test func unknownVariableSuggestsTheClosest() {
        expectRefused("v{{ .ShortSha }}", "tag 'v{{ .ShortSha }}': unknown variable `.ShortSha` (did you mean `.ShortSHA`?); \(known)")
        expectRefused("{{ .Branch }}", "tag '{{ .Branch }}': unknown variable `.Branch`; \(known)")
        expectRefused("{{ sha }}", "tag '{{ sha }}': unknown variable `sha`; \(known)")
        expectRefused("v{{ }}", "tag 'v{{ }}': `{{ }}` is empty; \(known)")
        expectRefused("{{ .Date \"x\" }}", "tag '{{ .Date \"x\" }}': `{{ .Date \"x\" }}`: .Date takes nothing after it; write `{{ .Date }}`")
    }

    @Test func environmentActionsNeedAQuotedName() {
        expectRefused(
            "{{ .Env VERSION }}", "tag '{{ .Env VERSION }}': `.Env` needs a variable name in double quotes, as in `{{ .Env \"VERSION\" }}`")
        expectRefused("{{ .Env 'TAG' }}", "tag '{{ .Env 'TAG' }}': `.Env` needs a variable name in double quotes, as in `{{ .Env \"TAG\" }}`")
        expectRefused(
            "{{ .Env \"1X\" }}",
            "tag '{{ .Env \"1X\" }}': '1X' is not an environment variable name (letters, digits and '_', not starting with a digit)")
    }

    @Test func bracesMustPair() {
        expectRefused("v{{ .Date", "tag 'v{{ .Date': `{{` has no closing `}}`")
        expectRefused("v{{ .Date }", "tag 'v{{ .Date }': `{{` has no closing `}}`")
        expectRefused("v}}", "tag 'v}}': `}}` without an opening `{{`")
        expectRefused("{{ {{ .Date }} }}", "tag '{{ {{ .Date }} }}': `{{` inside `{{ }}`; actions cannot be nested")
        expectRefused("{{- .Date }}", "tag '{{- .Date }}': trim markers (`{{-`, `-}}`) are not supported in a tag")
        expectRefused("{{ .Date -}}", "tag '{{ .Date -}}': trim markers (`{{-`, `-}}`) are not supported in a tag")
    }

    @Test func nameAndValueShape() {
        expectRefused("", "a tag must not be empty")
        expectRefused("a=b=c", "a tag is `value` or `name=value`; 'a=b=c' has 2 `=`")
        expectRefused("stable=", "tag 'stable=' has no value after `=`")
        expectRefused("=latest", "tag '=latest': the name '' must be 1 to 64 letters, digits, '_' or '-'")
        expectRefused("my tag=latest", "tag 'my tag=latest': the name 'my tag' must be 1 to 64 letters, digits, '_' or '-'")
    }

    @Test func onlyDockerTagCharacters() {
        expectRefused("a,b", "tag 'a,b': ',' is not allowed; \(allowed)")
        expectRefused("a b", "tag 'a b': a space is not allowed; \(allowed)")
        expectRefused("a\u{7}b", "tag 'a\\u{7}b': U+0007 is not allowed; \(allowed)")
        expectRefused("café", "tag 'café': 'é' (U+00E9) is not allowed; \(allowed)")
        expectRefused("-x", "tag '-x' starts with '-'; a Docker tag must start with a letter, digit or '_'")
        expectRefused(".x", "tag '.x' starts with '.'; a Docker tag must start with a letter, digit or '_'")
    }

    @Test func renderedLengthIsAtMost128() throws {
        _ = try ImageTag.parse(String(repeating: "a", count: 88) + "{{ .CommitSHA }}")
        let long = String(repeating: "a", count: 100) + "{{ .CommitSHA }}-{{ .Date }}"
        expectRefused(
            long, "tag '\(long)' can render to 149 characters (counting .CommitSHA as 40 and .Date as 8); a Docker tag has at most 128")
        let plain = String(repeating: "a", count: 129)
        expectRefused(plain, "tag '\(plain)' can render to 129 characters; a Docker tag has at most 128")
    }

    @Test func missingEnvironmentValue() throws {
        let tag = try ImageTag.parse("{{ .Env \"VERSION\" }}")
        #expect(throws: ImageTagError(reason: "`{{ .Env \"VERSION\" }}` needs VERSION in the build env file images/app/build.env")) {
            try tag.resolvingEnvironment(["VERSIONS": "1"], file: "images/app/build.env")
        }
        #expect(throws: ImageTagError(
            reason: "`{{ .Env \"VERSION\" }}` needs VERSION in the build env file, but the image has no build env file (build.argsFile)"
        )) { try tag.resolvingEnvironment([:], file: nil) }
    }

    @Test func environmentValuesMustFitATag() throws {
        let tag = try ImageTag.parse("{{ .Env \"V\" }}{{ .CommitSHA }}")
        #expect(throws: ImageTagError(reason: "`{{ .Env \"V\" }}` cannot be used in a tag: V is '1.2/3' in build.env, and '/' is not allowed; \(allowed)")) {
            try tag.resolvingEnvironment(["V": "1.2/3"], file: "build.env")
        }
        #expect(throws: ImageTagError(reason: "`{{ .Env \"V\" }}` cannot be used in a tag: V is empty in build.env")) {
            try tag.resolvingEnvironment(["V": ""], file: "build.env")
        }
        #expect(throws: ImageTagError(
            reason: "tag '{{ .Env \"V\" }}{{ .CommitSHA }}' would start with '-' (V is '-1'); a Docker tag must start with a letter, digit or '_'"
        )) { try tag.resolvingEnvironment(["V": "-1"], file: "build.env") }
        #expect(throws: ImageTagError(
            reason: "tag '{{ .Env \"V\" }}{{ .CommitSHA }}' can render to 130 characters (counting .CommitSHA as 40) with the values from build.env; a Docker tag has at most 128"
        )) { try tag.resolvingEnvironment(["V": String(repeating: "v", count: 90)], file: "build.env") }
    }

    @Test func handBuiltTextIsCheckedBeforeItReachesTheWorkflow() {
        let tag = ImageTag(name: "x", parts: [.text("a,b")], written: "a,b")
        #expect(throws: ImageTagError(reason: "tag 'a,b': the text 'a,b' is not valid in a Docker tag; \(allowed)")) { try tag.metadataRule() }
    }
}
