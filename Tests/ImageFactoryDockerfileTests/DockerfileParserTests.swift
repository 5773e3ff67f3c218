import Testing
@testable import ImageFactoryDockerfile

private let hex = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

private func hub(_ name: String, _ tag: String?, digest: String? = nil) -> ImageReference {
    ImageReference(registry: "docker.io", repository: "library/" + name, tag: tag, digest: digest)
}

private func stages(_ text: String, buildArgs: [String: String] = [:]) throws -> [Dockerfile.Stage] {
    try DockerfileParser.parse(text, buildArgs: buildArgs).stages
}

private func expectError(
    _ text: String, buildArgs: [String: String] = [:], _ line: Int, _ column: Int, _ message: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(throws: DockerfileError(line: line, column: column, message: message), sourceLocation: sourceLocation) {
        try DockerfileParser.parse(text, buildArgs: buildArgs)
    }
}

struct DockerfileParserTests {
    @Test func readsCaseInsensitiveInstructions() throws {
        let text = """
            from node:22 as Build
            Run npm ci
            FrOm build
            """
        #expect(try stages(text) == [
            Dockerfile.Stage(base: .image(hub("node", "22")), name: "build", line: 1),
            Dockerfile.Stage(base: .stage(0), line: 3),
        ])
    }

    @Test func joinsContinuationLinesSkippingCommentsAndBlankLines() throws {
        let text = """
            FROM \\
            # a comment inside the instruction
              node:22 \\

              AS build
            RUN echo \\\\
            FROM alpine:3.20
            """
        #expect(try stages(text) == [
            Dockerfile.Stage(base: .image(hub("node", "22")), name: "build", line: 1, isNeeded: false),
            Dockerfile.Stage(base: .image(hub("alpine", "3.20")), line: 7),
        ])
    }

    @Test func reportsErrorColumnsOnTheContinuationLine() {
        let text = """
            FROM \\
              Node:22
            """
        expectError(
            text, 2, 3,
            "FROM Node:22: invalid image reference \"Node:22\": repository name must be lowercase")
    }

    @Test func escapeDirectiveSwitchesToBacktick() throws {
        let text = """
            # syntax=docker/dockerfile:1
            # escape=`
            FROM mcr.microsoft.com/windows/servercore:ltsc2022 `
              AS base
            RUN dir c:\\
            FROM base
            ARG V=1`$2
            """
        #expect(try stages(text) == [
            Dockerfile.Stage(
                base: .image(ImageReference(
                    registry: "mcr.microsoft.com", repository: "windows/servercore", tag: "ltsc2022", digest: nil)),
                name: "base", line: 3),
            Dockerfile.Stage(base: .stage(0), line: 6),
        ])
    }

    @Test func backtickEscapesDollarInSubstitution() throws {
        let text = """
            # Escape=`
            ARG TAG=22
            FROM node:`$TAG
            """
        expectError(
            text, 3, 6,
            "FROM node:`$TAG: invalid image reference \"node:$TAG\": tag \"$TAG\" is invalid: expected up to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'")
    }

    @Test func directivesEndAtTheFirstOtherLine() {
        let text = """
            # syntax=docker/dockerfile:1

            # escape=`
            FROM node `
              AS build
            """
        expectError(text, 4, 11, "FROM expects AS before a stage name, found \"`\"")
    }

    @Test func rejectsRepeatedAndInvalidDirectives() {
        expectError("# escape=`\n# ESCAPE=\\\nFROM node", 2, 1, "only one escape parser directive can be used")
        expectError("# escape=x\nFROM node", 1, 1, "invalid escape token 'x' does not match ` or \\")
    }

    @Test func expandsPlatformFlags() throws {
        let text = """
            ARG ARCH=arm64
            FROM --platform=$BUILDPLATFORM golang:1.23 AS build
            FROM --platform=linux/${ARCH} alpine:3.20
            FROM --platform="linux/amd64" debian:12
            FROM --platform=${TARGETOS:-linux}/$ARCH busybox
            """
        #expect(try stages(text) == [
            Dockerfile.Stage(base: .image(hub("golang", "1.23")), name: "build", platform: "linux/amd64", line: 2, isNeeded: false),
            Dockerfile.Stage(base: .image(hub("alpine", "3.20")), platform: "linux/arm64", line: 3, isNeeded: false),
            Dockerfile.Stage(base: .image(hub("debian", "12")), platform: "linux/amd64", line: 4, isNeeded: false),
            Dockerfile.Stage(base: .image(hub("busybox", "latest")), platform: "linux/arm64", line: 5),
        ])
    }

    /// BuildKit v0.32.2 (probes `fromunknown`, `fromdup`): FROM takes `--platform` alone, once, with a value.
    @Test func refusesOtherFromFlags() throws {
        expectError("FROM --other=x --platform=linux/arm64 node", 1, 6, "unknown flag: --other (FROM takes --platform)")
        expectError("FROM --platform node", 1, 6, "missing a value on flag: --platform")
        expectError("FROM --platform=linux/amd64 --platform=linux/arm64 node", 1, 29, "duplicate flag specified: --platform")
    }

    /// BuildKit v0.32.2 (ORACLE.md #8): stage names are lowercased, and `FROM` looks a name up as written, so
    /// `FROM Deps` is the image `Deps`, an invalid reference.
    @Test func fromNamesAStageInLowercaseOnly() throws {
        let text = """
            FROM node:22 AS Deps
            FROM deps AS build
            FROM build
            FROM runtime
            """
        #expect(try stages(text) == [
            Dockerfile.Stage(base: .image(hub("node", "22")), name: "deps", line: 1, isNeeded: false),
            Dockerfile.Stage(base: .stage(0), name: "build", line: 2, isNeeded: false),
            Dockerfile.Stage(base: .stage(1), line: 3, isNeeded: false),
            Dockerfile.Stage(base: .image(hub("runtime", "latest")), line: 4),
        ])
        expectError(
            "FROM node:22 AS Deps\nFROM DEPS", 2, 6,
            "FROM DEPS: invalid image reference \"DEPS\": repository name must be lowercase")
    }

    @Test func onlyEarlierStagesAreStageReferences() throws {
        let text = """
            FROM app AS base
            FROM alpine AS app
            """
        #expect(try stages(text).map(\.base) == [.image(hub("app", "latest")), .image(hub("alpine", "latest"))])
    }

    @Test func readsScratch() throws {
        let text = """
            FROM golang:1.23 AS build
            FROM scratch
            COPY --from=build /app /app
            """
        let dockerfile = try DockerfileParser.parse(text)
        #expect(dockerfile.stages.map(\.base) == [.image(hub("golang", "1.23")), .scratch])
        #expect(dockerfile.baseImages == [hub("golang", "1.23")])
    }

    /// BuildKit v0.32.2 (probes `scratchup`, `scratchcap`): only `scratch` in lowercase is the empty image.
    @Test func scratchIsLowercase() {
        expectError("FROM SCRATCH", 1, 6, "FROM SCRATCH: invalid image reference \"SCRATCH\": repository name must be lowercase")
    }

    @Test func substitutesGlobalArgs() throws {
        let text = """
            ARG BASE=node
            ARG TAG=22
            ARG VARIANT
            FROM ${BASE}:${TAG}
            FROM $BASE:$TAG-slim
            FROM ${BASE}:${VARIANT:-bookworm}
            FROM "${BASE}":'20'
            """
        #expect(try stages(text).map(\.base) == [
            .image(hub("node", "22")),
            .image(hub("node", "22-slim")),
            .image(hub("node", "bookworm")),
            .image(hub("node", "20")),
        ])
    }

    @Test func escapedDollarIsLiteral() {
        expectError(
            "ARG TAG=22\nFROM node:\\$TAG", 2, 6,
            "FROM node:\\$TAG: invalid image reference \"node:$TAG\": tag \"$TAG\" is invalid: expected up to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'")
    }

    @Test func supportsShellModifiers() throws {
        let text = """
            ARG VERSION=1.22.3
            ARG EMPTY=
            ARG IMAGE=docker.io/library/golang
            FROM golang:${VERSION%.*}
            FROM golang:${VERSION%%.*}
            FROM golang:${VERSION#*.}
            FROM golang:${VERSION##*.}
            FROM ${IMAGE/golang/node}:${VERSION//./-}
            FROM node:${EMPTY:-20}
            FROM node${EMPTY-:20}
            FROM node:${VERSION:+set}
            FROM node:${UNSET+set}x
            """
        #expect(try stages(text).map(\.base) == [
            .image(hub("golang", "1.22")),
            .image(hub("golang", "1")),
            .image(hub("golang", "22.3")),
            .image(hub("golang", "3")),
            .image(hub("node", "1-22-3")),
            .image(hub("node", "20")),
            .image(hub("node", "latest")),
            .image(hub("node", "set")),
            .image(hub("node", "x")),
        ])
    }

    @Test func requiredVariableErrors() {
        expectError("ARG X\nFROM ${X:?required}", 2, 6, "FROM ${X:?required}: X: required")
        expectError("ARG X=\nFROM ${X:?}", 2, 6, "FROM ${X:?}: X: is not allowed to be empty")
        expectError("FROM ${X?}", 1, 6, "FROM ${X?}: X: is not allowed to be unset")
        expectError("FROM ${X", 1, 6, "FROM ${X: syntax error: missing '}'")
        expectError("FROM ${:}", 1, 6, "FROM ${:}: syntax error: bad substitution")
        expectError("FROM ${X^^}", 1, 6, "FROM ${X^^}: unsupported modifier (^) in substitution")
    }

    @Test func argValuesHandleQuotesSeveralPerLineAndEarlierArgs() throws {
        let text = """
            ARG REGISTRY="ghcr.io" ORG='my-org'
            ARG IMAGE=${REGISTRY}/$ORG/app \\
                TAG="v1.\\$"
            ARG TAG=v2
            FROM $IMAGE:$TAG
            """
        #expect(try stages(text).map(\.base) == [
            .image(ImageReference(registry: "ghcr.io", repository: "my-org/app", tag: "v2", digest: nil)),
        ])
    }

    @Test func buildArgsOverrideDeclaredGlobalArgsOnly() throws {
        let text = """
            ARG TAG=20
            ARG VARIANT
            FROM node:${TAG}${VARIANT}
            FROM node:${UNDECLARED:-22}
            """
        let result = try stages(text, buildArgs: ["TAG": "22", "VARIANT": "-slim", "UNDECLARED": "99"])
        #expect(result.map(\.base) == [.image(hub("node", "22-slim")), .image(hub("node", "22"))])
    }

    @Test func argsAfterFromAreNotUsedByFrom() throws {
        let text = """
            ARG TAG=20
            FROM node:${TAG} AS a
            ARG TAG=22
            FROM node:${TAG}
            """
        #expect(try stages(text, buildArgs: [:]).map(\.base) == [.image(hub("node", "20")), .image(hub("node", "20"))])
    }

    @Test func undefinedArgErrorsNameTheVariable() {
        expectError(
            "ARG X\n\nFROM ${X}", 3, 6,
            "FROM ${X}: ARG X has no default value and no build arg was given")
        expectError("FROM ${X}", 1, 6, "FROM ${X}: ARG X is not declared before the first FROM")
        expectError(
            "FROM node AS a\nARG BASE=alpine\nFROM $BASE", 3, 6,
            "FROM $BASE: ARG BASE is declared after the first FROM, so FROM instructions cannot use it")
        expectError(
            "ARG TAG\nFROM node:${TAG}", 2, 6,
            "FROM node:${TAG}: ARG TAG has no default value and no build arg was given")
    }

    @Test func emptyImageAfterExpansion() {
        expectError("ARG X=\nFROM $X", 2, 6, "FROM $X: base image name is empty after ARG expansion")
    }

    /// The global `ARG BASE_IMAGE`, which a dispatched rebuild sets: its default, a build arg's value, and with
    /// platform ARGs the first platform's; undeclared, or declared in a stage, it is nothing.
    @Test func baseImageArgument() throws {
        let text = "ARG BASE_IMAGE=python:3.12-slim\nFROM ${BASE_IMAGE}\n"
        #expect(try DockerfileParser.parse(text).baseImageArgument == hub("python", "3.12-slim"))
        #expect(try DockerfileParser.parse(text, buildArgs: ["BASE_IMAGE": "python:3.13"]).baseImageArgument == hub("python", "3.13"))
        let perPlatform = "ARG BASE_IMAGE=base:${TARGETARCH}\nFROM ${BASE_IMAGE}\n"
        let platforms = [BuildPlatform.linuxAMD64, BuildPlatform(os: "linux", architecture: "arm64")]
        #expect(try DockerfileParser.parse(perPlatform, platforms: platforms).baseImageArgument == hub("base", "amd64"))
        #expect(try DockerfileParser.parse("FROM python:3.12\nARG BASE_IMAGE=x").baseImageArgument == nil)
        #expect(try DockerfileParser.parse("FROM python:3.12", buildArgs: ["BASE_IMAGE": "x"]).baseImageArgument == nil)
    }

    @Test func readsRegistryWithPort() throws {
        let text = "FROM registry.example.com:5000/team/base:1.0 AS base"
        #expect(try stages(text) == [
            Dockerfile.Stage(
                base: .image(ImageReference(
                    registry: "registry.example.com:5000", repository: "team/base", tag: "1.0", digest: nil)),
                name: "base", line: 1),
        ])
    }

    @Test func readsDigests() throws {
        let text = """
            FROM node:22@sha256:\(hex)
            FROM alpine@sha256:\(hex)
            COPY --from=0 /app /app
            """
        #expect(try DockerfileParser.parse(text).baseImages == [
            hub("node", "22", digest: "sha256:\(hex)"),
            hub("alpine", nil, digest: "sha256:\(hex)"),
        ])
    }

    @Test func defaultsToLatest() throws {
        #expect(try DockerfileParser.parse("FROM ubuntu").baseImages == [hub("ubuntu", "latest")])
    }

    @Test func skipsHeredocBodies() throws {
        let text = """
            FROM alpine:3.20
            RUN <<EOF
            FROM evil
            EOF
            COPY <<-A <<"B" /dst/
            \tFROM evil-a
            \tA
            FROM evil-b
            B
            run 3<<'END' cat
            FROM evil-c
            END
            RUN cat <<EOF > /x
              EOF
            FROM evil-d
            EOF
            RUN echo "<<NOT" '<<NOT'
            FROM busybox
            """
        #expect(try stages(text) == [
            Dockerfile.Stage(base: .image(hub("alpine", "3.20")), line: 1, isNeeded: false),
            Dockerfile.Stage(base: .image(hub("busybox", "latest")), line: 18),
        ])
    }

    /// LABEL takes no heredoc: `FROM busybox` is an instruction, and so is `EOF`, which BuildKit does not know.
    @Test func heredocsOnlyApplyToRunCopyAndAdd() throws {
        let text = """
            FROM alpine
            LABEL x=<<EOF
            FROM busybox
            EOF
            """
        expectError(text, 4, 1, "unknown instruction \"EOF\"")
    }

    @Test func rejectsUnterminatedHeredoc() {
        expectError("FROM alpine\nRUN cat <<EOF\nFROM evil", 2, 9, "unterminated heredoc: no line \"EOF\" before the end of the file")
    }

    @Test func multiStageBaseImagesAreDeduplicatedInOrder() throws {
        let text = """
            FROM node:22 AS deps
            RUN npm ci
            FROM node:22 AS build
            COPY --from=deps /app /app
            FROM gcr.io/distroless/nodejs22 AS runtime
            FROM build AS test
            """
        let dockerfile = try DockerfileParser.parse(text)
        #expect(dockerfile.stages.count == 4)
        #expect(dockerfile.stages.map(\.isNeeded) == [true, true, false, true])
        #expect(dockerfile.baseImages == [hub("node", "22")])
    }

    @Test func acceptsCRLFLineEndings() throws {
        let text = "# escape=\\\r\nARG TAG=22\r\nFROM node:${TAG} \\\r\n  AS build\r\nFROM build\r\n"
        #expect(try stages(text) == [
            Dockerfile.Stage(base: .image(hub("node", "22")), name: "build", line: 3),
            Dockerfile.Stage(base: .stage(0), line: 5),
        ])
    }

    @Test func ignoresByteOrderMark() throws {
        #expect(try stages("\u{FEFF}# escape=`\nFROM node `\n AS x") == [
            Dockerfile.Stage(base: .image(hub("node", "latest")), name: "x", line: 2),
        ])
        expectError("\u{FEFF}FROM Node", 1, 6, "FROM Node: invalid image reference \"Node\": repository name must be lowercase")
    }

    @Test func requiresAFromInstruction() {
        expectError("ARG X=1\n# only a comment\n", 1, 1, "no FROM instruction")
        expectError("", 1, 1, "no FROM instruction")
        expectError("\n  \n# comment\n", 1, 1, "no FROM instruction")
    }

    @Test func rejectsInstructionsBeforeTheFirstFrom() {
        expectError("ARG X=1\n  run echo hi\nFROM node", 2, 3, "RUN instruction before the first FROM: no build stage in current context")
        expectError("FOO bar\nFROM node", 1, 1, "unknown instruction \"FOO\" before the first FROM")
    }

    @Test func rejectsNulBytes() {
        expectError("FROM node\n\u{0}", 1, 1, "not a text file (contains NUL bytes)")
    }

    @Test func rejectsOversizedInput() {
        let text = "FROM node\n" + String(repeating: "#", count: DockerfileParser.maximumSize)
        expectError(text, 1, 1, "Dockerfile is larger than 4 MiB")
    }

    @Test func rejectsMalformedFromInstructions() {
        expectError("FROM", 1, 1, "FROM requires a base image")
        expectError("FROM --platform=linux/amd64", 1, 1, "FROM requires a base image")
        expectError("FROM node AS", 1, 11, "FROM node AS requires a stage name")
        expectError("FROM node AS a b", 1, 16, "FROM requires either one or three arguments (<image> [AS <name>]), found 4")
        expectError("FROM node # base", 1, 11, "FROM does not allow a comment after its arguments; put it on its own line")
        expectError("FROM node AS 1st", 1, 14, "invalid name for build stage: \"1st\", name can't start with a number or contain symbols")
        expectError("ARG", 1, 1, "ARG requires at least one argument")
        expectError("ARG =x\nFROM node", 1, 5, "ARG names can not be blank")
    }

    @Test func heredocsInOnbuildAndJsonForm() throws {
        let text = """
            FROM alpine
            ONBUILD RUN <<EOF
            FROM evil
            EOF
            RUN ["sh", "-c", "cat <<EOF"]
            FROM busybox
            """
        #expect(try stages(text).map(\.base) == [.image(hub("alpine", "latest")), .image(hub("busybox", "latest"))])
    }

    @Test func acceptsCheckDirective() throws {
        let text = """
            # check=skip=JSONArgsRecommended
            # syntax=docker/dockerfile:1
            FROM node
            """
        #expect(try stages(text) == [Dockerfile.Stage(base: .image(hub("node", "latest")), line: 3)])
    }

    @Test func longTokensAreAbbreviatedInMessages() {
        let name = String(repeating: "A", count: 300)
        let shown = String(repeating: "A", count: 200) + "…"
        expectError(
            "FROM \(name)", 1, 6,
            "FROM \(shown): invalid image reference \"\(shown)\": repository name must be lowercase")
    }

    @Test func boundsRunawayArgExpansion() {
        let text = "ARG A=x\n" + String(repeating: "ARG A=${A}${A}\n", count: 40) + "FROM node"
        expectError(
            text, 27, 7,
            "ARG A=${A}${A}: variable substitution needs too much work (is an ARG value growing without bound?)")
    }

    @Test func errorDescriptionIsLineColonColumn() {
        #expect(DockerfileError(line: 3, column: 6, message: "boom").description == "3:6: boom")
    }

    @Test func columnsCountCharactersNotBytes() {
        expectError("ARG É=1\nFROM  \t Node", 2, 9, "FROM Node: invalid image reference \"Node\": repository name must be lowercase")
        expectError("FROM node AS ünïcode", 1, 14, "invalid name for build stage: \"ünïcode\", name can't start with a number or contain symbols")
    }

    @Test func largeInputIsParsedInLinearTime() throws {
        var text = "FROM node:22 AS build\n"
        for index in 0..<20_000 {
            text += "RUN echo \(index) \\\n  && true\n"
        }
        text += "FROM build\n"
        let dockerfile = try DockerfileParser.parse(text)
        #expect(dockerfile.stages.map(\.line) == [1, 40_002])
    }
}
