import Testing
@testable import ImageFactoryDockerfile

/// BuildKit v0.32.2's rules for which images a build pulls, each settled by running the Dockerfile through
/// BuildKit's own `dockerfile2llb.Dockerfile2LLB` (the oracle described in `DockerfileCorpus/README.md`): "probe
/// `x`" names the throw-away Dockerfile the rule was checked with, "corpus `n`" a file of the corpus,
/// "ORACLE #n" a point of the oracle's notes.
struct BuildKitRulesTests {
    private static let amd64 = BuildPlatform.linuxAMD64
    private static let arm64 = BuildPlatform(os: "linux", architecture: "arm64")

    private func images(
        _ text: String, buildArgs: [String: String] = [:], platforms: [BuildPlatform] = [.linuxAMD64], target: String? = nil
    ) throws -> [String] {
        try DockerfileParser.parse(text, buildArgs: buildArgs, platforms: platforms, target: target).baseImages.map(\.description)
    }

    private func expectError(
        _ text: String, buildArgs: [String: String] = [:], platforms: [BuildPlatform] = [.linuxAMD64], target: String? = nil,
        _ line: Int, _ column: Int, _ message: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(throws: DockerfileError(line: line, column: column, message: message), sourceLocation: sourceLocation) {
            try DockerfileParser.parse(text, buildArgs: buildArgs, platforms: platforms, target: target)
        }
    }

    // MARK: Automatic platform ARGs

    /// Probe `targs`: every automatic ARG, for a build on linux/amd64.
    @Test func automaticPlatformArgsNeedNoDeclaration() throws {
        let text = #"FROM img:${TARGETPLATFORM//\//-}-${TARGETOS}-${TARGETARCH}-${TARGETVARIANT:-none}-${BUILDPLATFORM//\//-}-${BUILDARCH}-${BUILDVARIANT:-none}-${TARGETOSVERSION:-none}"#
        #expect(try images(text) == ["docker.io/library/img:linux-amd64-linux-amd64-none-linux-amd64-amd64-none-none"])
        #expect(try images(text, platforms: [Self.arm64]) == ["docker.io/library/img:linux-arm64-linux-arm64-none-linux-amd64-amd64-none-none"])
        let arm = try #require(BuildPlatform("linux/arm/v7"))
        #expect(try images(text, platforms: [arm]) == ["docker.io/library/img:linux-arm-v7-linux-arm-v7-linux-amd64-amd64-none-none"])
    }

    /// Corpus 16: `FROM ${BASE_IMAGE}:latest-${TARGETARCH}` with no `ARG TARGETARCH`, for each platform.
    @Test func targetArchInAFromPerPlatform() throws {
        let text = """
            ARG BASE_IMAGE=kargo-base
            FROM ${BASE_IMAGE}:latest-${TARGETARCH}
            """
        let dockerfile = try DockerfileParser.parse(text, platforms: [Self.amd64, Self.arm64])
        #expect(dockerfile.builds.map { $0.baseImages.map(\.description) } == [
            ["docker.io/library/kargo-base:latest-amd64"], ["docker.io/library/kargo-base:latest-arm64"],
        ])
        #expect(dockerfile.baseImages.map(\.description) == ["docker.io/library/kargo-base:latest-amd64", "docker.io/library/kargo-base:latest-arm64"])
        #expect(dockerfile.basesDifferByPlatform)
    }

    /// Probes `targsdecl`, `targsfixed`, `targsbuild`, `targsbuild2` (ORACLE #3): `ARG TARGETARCH` keeps the automatic
    /// value, `ARG TARGETARCH=fixed` replaces it, a build arg replaces both.
    @Test func declaringAnAutomaticArg() throws {
        #expect(try images("ARG TARGETARCH\nFROM img:${TARGETARCH}", platforms: [Self.arm64]) == ["docker.io/library/img:arm64"])
        #expect(try images("ARG TARGETARCH=fixed\nFROM img:${TARGETARCH}", platforms: [Self.arm64]) == ["docker.io/library/img:fixed"])
        #expect(try images("ARG TARGETARCH=fixed\nFROM img:${TARGETARCH}", buildArgs: ["TARGETARCH": "x"], platforms: [Self.arm64]) == ["docker.io/library/img:x"])
        #expect(try images("FROM img:${TARGETARCH}", buildArgs: ["TARGETARCH": "x"], platforms: [Self.arm64]) == ["docker.io/library/img:x"])
    }

    /// Probes `argchain`, `argredecl`, `undeclbuildarg` (ORACLE #4): global ARGs use earlier ones (automatic ones
    /// too); `ARG A` keeps an earlier `ARG A=1`; a build arg for an undeclared name does not reach a FROM.
    @Test func globalArgsInOrder() throws {
        #expect(try images("ARG A=${TARGETARCH}\nARG B=x-${A}\nFROM img:${B}", platforms: [Self.arm64]) == ["docker.io/library/img:x-arm64"])
        #expect(try images("ARG A=1\nARG A\nFROM img:${A}") == ["docker.io/library/img:1"])
        #expect(try images("FROM img:${UNDECLARED:-none}", buildArgs: ["UNDECLARED": "99"]) == ["docker.io/library/img:none"])
    }

    /// Probe `buildplat` (ORACLE #2, #3): a FROM expands with the global ARGs, in a `$BUILDPLATFORM` stage too, and a
    /// stage built FROM it follows it.
    @Test func targetArgsInABuildPlatformStage() throws {
        let text = """
            FROM --platform=$BUILDPLATFORM img:${TARGETARCH} AS b
            FROM b
            """
        let dockerfile = try DockerfileParser.parse(text, platforms: [Self.arm64])
        #expect(dockerfile.baseImages.map(\.description) == ["docker.io/library/img:arm64"])
        #expect(dockerfile.stages.map(\.platform) == ["linux/amd64", nil])
    }

    /// Probes `targetstage`, `targetstage2`, `targetstage3`: TARGETSTAGE is the target as given, or the last stage's
    /// name, or `default`.
    @Test func targetStageArg() throws {
        let text = "FROM alpine:${TARGETSTAGE} AS build\nFROM debian"
        #expect(try DockerfileParser.parse(text, target: "Build").baseImages.map(\.description) == ["docker.io/library/alpine:Build"])
        #expect(try DockerfileParser.parse(text).stages[0].base == .image(ImageReference(
            registry: "docker.io", repository: "library/alpine", tag: "default", digest: nil)))
        #expect(try DockerfileParser.parse(text + " AS Final").stages[0].base == .image(ImageReference(
            registry: "docker.io", repository: "library/alpine", tag: "final", digest: nil)))
    }

    /// A target platform is read as BuildKit's frontend reads it (`platforms.Parse` then `Normalize`).
    @Test func targetPlatformsAreNormalized() throws {
        #expect(BuildPlatform("linux/arm64/v8")?.description == "linux/arm64")
        #expect(BuildPlatform("linux/arm")?.description == "linux/arm/v7")
        #expect(BuildPlatform("linux/x86_64")?.description == "linux/amd64")
        #expect(BuildPlatform("linux/amd64/v2")?.description == "linux/amd64/v2")
        #expect(BuildPlatform("linux/*") == nil)
        #expect(BuildPlatform("a/b/c/d") == nil)
    }

    /// A Dockerfile whose FROMs use no platform value is evaluated once, and every platform builds the same.
    @Test func platformIndependentFilesAreEvaluatedOnce() throws {
        let dockerfile = try DockerfileParser.parse("ARG V=3\nFROM --platform=$BUILDPLATFORM golang AS b\nFROM alpine:$V", platforms: [Self.amd64, Self.arm64])
        #expect(dockerfile.builds.map(\.platform) == ["linux/amd64", "linux/arm64"])
        #expect(dockerfile.builds[0].baseImages == dockerfile.builds[1].baseImages)
        #expect(!dockerfile.basesDifferByPlatform)
    }

    // MARK: FROM --platform

    /// Probes `platempty`, `platbad`, `platbad2`, `platos`, `platarch`, `platwin`, `platemptyflag`: every stage's
    /// `--platform` is expanded and parsed, needed or not.
    @Test func fromPlatformIsCheckedInEveryStage() throws {
        expectError("FROM --platform=$NOPE alpine AS a\nFROM debian", 1, 6, "FROM --platform=$NOPE: ARG NOPE is not declared before the first FROM")
        expectError("FROM --platform=foo alpine AS a\nFROM debian", 1, 6, "FROM --platform=foo: invalid platform \"foo\": unknown operating system or architecture")
        expectError(
            "FROM --platform=linux/amd64/v2/x alpine AS a\nFROM debian", 1, 6,
            "FROM --platform=linux/amd64/v2/x: invalid platform \"linux/amd64/v2/x\": cannot parse platform specifier")
        for platform in ["linux", "arm64", "windows(10.0.17763)/amd64"] {
            #expect(try images("FROM --platform=\(platform) alpine AS a\nFROM debian") == ["docker.io/library/debian:latest"])
        }
        #expect(try images("FROM --platform= alpine") == ["docker.io/library/alpine:latest"])
    }

    // MARK: COPY --from and RUN --mount

    /// The uv install its documentation gives: the image a COPY reads is a base.
    @Test func copyFromAnImageIsABase() throws {
        let text = """
            FROM python:3.12-slim
            COPY --from=ghcr.io/astral-sh/uv:0.5 /uv /uvx /bin/
            """
        let dockerfile = try DockerfileParser.parse(text)
        #expect(dockerfile.baseImages.map(\.description) == ["docker.io/library/python:3.12-slim", "ghcr.io/astral-sh/uv:0.5"])
        #expect(dockerfile.stages[0].sources == [.image(ImageReference(registry: "ghcr.io", repository: "astral-sh/uv", tag: "0.5", digest: nil))])
    }

    /// Probes `copyquoted`, `copyesc`, `copyplus`, `copyempty` (corpus 56, 57): a `--from` names a stage by name in
    /// any case, or by index; quotes and escapes go; an empty one copies from the build context.
    @Test func copyFromAStage() throws {
        let text = """
            FROM golang:1.23 AS Build
            FROM alpine
            COPY --from=BUILD /a /a
            COPY --from="build" /b /b
            COPY --from=+0 /c /c
            COPY --from= /d /d
            """
        let dockerfile = try DockerfileParser.parse(text)
        #expect(dockerfile.stages[1].sources == [.stage(0), .stage(0), .stage(0)])
        #expect(dockerfile.baseImages.map(\.description) == ["docker.io/library/golang:1.23", "docker.io/library/alpine:latest"])
    }

    /// Probe `idximplicit`: an index counts the states BuildKit made for earlier links to images too.
    @Test func copyFromAnIndexPastTheStages() throws {
        let text = """
            FROM alpine
            COPY --from=busybox / /
            COPY --from=1 / /
            """
        #expect(try DockerfileParser.parse(text).stages[0].sources == [
            .image(ImageReference(registry: "docker.io", repository: "library/busybox", tag: "latest", digest: nil)),
            .image(ImageReference(registry: "docker.io", repository: "library/busybox", tag: "latest", digest: nil)),
        ])
    }

    /// Probes `copyneg`, `copybig`: a negative index fails the build; a number too large for an index is an image.
    @Test func copyFromNumbers() throws {
        expectError("FROM alpine\nFROM busybox AS b\nCOPY --from=-1 / /\nFROM debian", 3, 6, "COPY --from=-1: invalid stage index -1 (the Dockerfile has 3 stages, counted from 0)")
        #expect(try images("FROM busybox\nCOPY --from=99999999999999999999 / /") == [
            "docker.io/library/busybox:latest", "docker.io/library/99999999999999999999:latest",
        ])
    }

    /// Probes `mountidx`, `mountcase`, `mountcsv`, `mountquoted`, `mountempty`, `mountcsvbad` (corpus 03): a mount's
    /// `from` names a stage by name in any case (not by index: `from=0` is the image `0`), or an image; without
    /// one (or empty) it reads scratch.
    @Test func runMountFrom() throws {
        let text = """
            FROM alpine AS Builder
            FROM busybox
            RUN --mount=FROM=BUILDER,target=/a --mount=type=bind,"from=debian",target=/b true
            RUN --mount="type=bind,from=debian:12,target=/c" --mount=from=0,target=/d true
            RUN --mount=type=cache,target=/e --mount=from=,target=/f true
            RUN --mount=type=bind,fr"om=node,target=/x true
            """
        let dockerfile = try DockerfileParser.parse(text)
        func hub(_ name: String, _ tag: String) -> Dockerfile.Stage.Base {
            .image(ImageReference(registry: "docker.io", repository: "library/" + name, tag: tag, digest: nil))
        }
        #expect(dockerfile.stages[1].sources == [.stage(0), hub("debian", "latest"), hub("debian", "12"), hub("0", "latest"), .scratch, .scratch, hub("node", "latest")])
        #expect(dockerfile.baseImages.map(\.description) == [
            "docker.io/library/alpine:latest", "docker.io/library/busybox:latest", "docker.io/library/debian:latest",
            "docker.io/library/debian:12", "docker.io/library/0:latest", "docker.io/library/node:latest",
        ])
    }

    /// Probes `tmpfsfrom`, `sshfrom`, `cachefrom`, `tmpfsstage`, `bindnofrom`, `cachenofrom`: the build reads what a
    /// bind or cache mount names, and a cache mount without `from` reads `scratch` (or the stage named so); a tmpfs
    /// or ssh mount, or a bind mount without `from` (the build context), pulls nothing of it, though BuildKit still
    /// builds a stage it names.
    @Test func mountsThatReadTheirSource() throws {
        #expect(try images("FROM busybox\nRUN --mount=type=cache,from=alpine:3.20,target=/t true") == [
            "docker.io/library/busybox:latest", "docker.io/library/alpine:3.20",
        ])
        #expect(try images("FROM alpine AS scratch\nFROM busybox\nRUN --mount=type=cache,target=/t true") == [
            "docker.io/library/alpine:latest", "docker.io/library/busybox:latest",
        ])
        for type in ["tmpfs", "ssh"] {
            #expect(try images("FROM busybox\nRUN --mount=type=\(type),from=alpine:3.20,target=/t true") == ["docker.io/library/busybox:latest"])
        }
        let tmpfs = try DockerfileParser.parse("FROM golang AS builder\nFROM busybox\nRUN --mount=type=tmpfs,from=builder,target=/t true")
        #expect(tmpfs.baseImages.map(\.description) == ["docker.io/library/busybox:latest"])
        #expect(tmpfs.stages.map(\.isNeeded) == [false, true])
        #expect(try images("FROM alpine AS scratch\nFROM busybox\nRUN --mount=target=/t true") == ["docker.io/library/busybox:latest"])
    }

    /// Probes `tmpfslaterstage`, `bindnofromlater`, `cachenofromlater`: the order of stages is checked for a mount
    /// with a `from`, and for a cache mount, whose `scratch` may be a later stage.
    @Test func mountsOfLaterStages() throws {
        expectError(
            "FROM busybox AS a\nRUN --mount=type=tmpfs,from=later,target=/t true\nFROM alpine AS later", target: "a", 2, 5,
            "RUN --mount=from=later: cannot mount from stage \"later\" to \"/t\", stage needs to be defined before current command")
        #expect(try images("FROM busybox AS a\nRUN --mount=target=/t true\nFROM alpine AS scratch", target: "a") == ["docker.io/library/busybox:latest"])
        expectError(
            "FROM busybox AS a\nRUN --mount=type=cache,target=/t true\nFROM alpine AS scratch", target: "a", 2, 5,
            "RUN --mount=from=scratch: cannot mount from stage \"scratch\" to \"/t\", stage needs to be defined before current command")
    }

    /// Probes `mountsecretfromreach`, `secretfromunneeded`, `mountbadkey`, `mountbadtype`, `mountuid`,
    /// `mountrequired`, `mountsharing`: a mount's other options are checked when its stage is built, so in needed
    /// stages only; a value with a variable is taken as valid (its value may come from the base image).
    @Test func mountOptionsOfNeededStages() throws {
        let cases = [
            ("type=secret,from=debian,id=x", "secret mount should not have a from"),
            ("type=bind,foo=bar,target=/t", "unexpected key 'foo' in 'foo=bar'"),
            ("type=bog,target=/t", "unsupported mount type \"bog\""),
            ("type=bind,uid=1,target=/t", "uid not allowed for \"bind\" type mounts"),
            ("type=bind,required,target=/t", "unexpected key 'required' for mount type 'bind'"),
            ("type=bind,sharing=locked,target=/t", "invalid cache sharing set for bind mount"),
        ]
        for (options, message) in cases {
            expectError("FROM busybox\nRUN --mount=\(options) true", 2, 5, "--mount=\(options): \(message)")
            #expect(try images("FROM busybox AS b\nRUN --mount=\(options) true\nFROM debian") == ["docker.io/library/debian:latest"])
        }
        #expect(try images("FROM busybox\nRUN --mount=type=$T,uid=1,target=/t --mount=type=cache,mode=0755,uid=$U,target=/c true") == [
            "docker.io/library/busybox:latest",
        ])
    }

    /// Probe `mountempty2`, `mountcsvbad`: a mount's value is CSV.
    @Test func runMountValueErrors() {
        expectError("FROM busybox\nRUN --mount= true", 2, 5, "--mount=: failed to parse csv mounts: EOF")
        expectError(
            "FROM busybox\nRUN --mount=a\\\"b true", 2, 5,
            "--mount=a\"b: failed to parse csv mounts: parse error on line 1, column 2: bare \" in non-quoted-field")
    }

    /// Corpus 58, probes `mountvar`, `mountvarend`, `onbuildvar` (ORACLE #10): variables in `--from` are refused, in
    /// stages the target does not need too; a mount's `from` may end in `$`.
    @Test func variablesInFromAreRefused() {
        expectError(
            "FROM alpine AS a\nCOPY --from=$X / /\nFROM debian", 2, 6,
            "COPY --from=$X: variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround")
        expectError(
            "FROM alpine AS a\nCOPY --from=img:${V:-1} / /\nFROM debian", 2, 6,
            "COPY --from=img:${V:-1}: variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround")
        expectError(
            "FROM alpine AS a\nRUN --mount=from=$X,target=/x true\nFROM debian", 2, 5,
            "--mount=from=$X,target=/x: 'from' doesn't support variable expansion, define alias stage instead")
        expectError(
            "FROM busybox\nRUN --mount=from=debian$,target=/x true", 2, 5,
            "RUN --mount=from=debian$: invalid image reference \"debian$\": repository path component \"debian$\" is invalid: expected lowercase letters and digits separated by '.', '_', '__' or dashes")
    }

    /// Probes `copydup`, `copyunknown`, `netbad`: COPY's and RUN's flags are checked as BuildKit's parser checks them.
    @Test func copyAndRunFlags() {
        expectError("FROM busybox\nCOPY --from=a --from=b / /", 2, 15, "duplicate flag specified: --from")
        expectError(
            "FROM alpine AS a\nFROM busybox AS b\nCOPY --frm=a / /\nFROM debian", 3, 6,
            "unknown flag: --frm (COPY takes --chown, --from, --chmod, --link, --exclude, --parents)")
        expectError("FROM busybox\nCOPY --link=maybe . /", 2, 6, "expecting boolean value for flag --link, not: maybe")
        expectError("FROM busybox\nRUN --network=bogus true", 2, 5, "invalid network mode \"bogus\" (default, none or host)")
        expectError("FROM busybox\nRUN --mount true", 2, 5, "missing a value on flag: --mount")
    }

    /// The file's escape character escapes in flags too (`extractBuilderFlags` uses it).
    @Test func flagsUseTheEscapeDirective() throws {
        #expect(try images("# escape=`\nFROM alpine AS a\nFROM debian AS unused\nFROM busybox\nCOPY --from=`a / /") == [
            "docker.io/library/alpine:latest", "docker.io/library/busybox:latest",
        ])
    }

    // MARK: Which stages are needed

    /// Corpus 08 and others (ORACLE #6): only the stages the target needs are pulled.
    @Test func onlyNeededStagesArePulled() throws {
        let text = """
            FROM golang:1.23 AS build
            FROM node:22 AS docs
            FROM alpine AS release
            COPY --from=build /app /app
            RUN --mount=from=ghcr.io/acme/tools:1,target=/t true
            FROM release AS debug
            COPY --from=busybox:1 /bin/sh /bin/sh
            """
        #expect(try images(text) == [
            "docker.io/library/golang:1.23", "docker.io/library/alpine:latest", "ghcr.io/acme/tools:1", "docker.io/library/busybox:1",
        ])
        #expect(try images(text, target: "release") == ["docker.io/library/golang:1.23", "docker.io/library/alpine:latest", "ghcr.io/acme/tools:1"])
        #expect(try images(text, target: "DOCS") == ["docker.io/library/node:22"])
        #expect(try DockerfileParser.parse(text, target: "release").stages.map(\.isNeeded) == [true, false, true, false])
    }

    /// Probe `targetmissing`.
    @Test func targetMustBeAStage() {
        expectError("FROM alpine AS build\nFROM debian", target: "nope", 1, 1, "target stage \"nope\" could not be found: the stages are named build")
    }

    /// Corpus 13, 47, 48, probes `copyupperunreach`, `kargo` (ORACLE #5): errors in stages the target does not need
    /// still fail the build; an image Kargo cannot watch does not matter there.
    @Test func errorsInStagesNobodyNeeds() throws {
        expectError("ARG BASE\nFROM $BASE AS a\nFROM debian", 2, 6, "FROM $BASE: ARG BASE has no default value and no build arg was given")
        expectError(
            "FROM img2:${TARGETPLATFORM} AS a\nFROM debian", 1, 6,
            "FROM img2:${TARGETPLATFORM}: invalid image reference \"img2:linux/amd64\": registry \"img2:linux\" is invalid: expected a host name or [IPv6] address with an optional :port")
        expectError(
            "FROM busybox AS a\nCOPY --from=Builder / /\nFROM debian", 2, 6,
            "COPY --from=Builder: invalid image reference \"Builder\": repository name must be lowercase")
        #expect(try images("FROM alpine AS a\nFROM example.com/a--b:1 AS b\nFROM debian") == ["docker.io/library/debian:latest"])
        expectError(
            "FROM example.com/a--b:1", 1, 6,
            "FROM example.com/a--b:1: invalid image reference \"example.com/a--b:1\": Kargo's image repoURL pattern rejects \"example.com/a--b\": each part must be word characters joined by single '.' or '-'")
    }

    /// Probes `idxself`, `circular2`: a stage that needs itself fails the build, needed or not.
    @Test func circularDependencies() {
        expectError("FROM alpine\nCOPY --from=0 / /", 2, 6, "COPY --from=0: circular dependency detected on stage: stage-0")
        expectError(
            "FROM alpine AS a\nCOPY --from=b / /\nFROM alpine AS b\nCOPY --from=a / /\nFROM debian", 4, 6,
            "COPY --from=a: circular dependency detected on stage: a")
    }

    /// Probes `copylaterreach`, `copylaterunreach`, `mountlater`, `fwdtarget`, `fwdmounttarget` (ORACLE #7): a link to
    /// a later stage fails only when the stage with it is built.
    @Test func linksToLaterStages() throws {
        let copy = "FROM busybox AS a\nCOPY --from=later / /\nFROM alpine AS later"
        #expect(try images(copy) == ["docker.io/library/alpine:latest"])
        expectError(copy, target: "a", 2, 6, "COPY --from=later: cannot copy from stage \"later\", it needs to be defined before current stage \"a\"")
        let mount = "FROM busybox AS a\nRUN --mount=from=later,target=/x true\nFROM alpine AS later"
        #expect(try images(mount) == ["docker.io/library/alpine:latest"])
        expectError(
            mount, target: "a", 2, 5,
            "RUN --mount=from=later: cannot mount from stage \"later\" to \"/x\", stage needs to be defined before current command")
    }

    /// Probes `onbuild`, `onbuildunreach`, `onbuildvar2`, `onbuildbad`, `onbuildunknown`, `onbuildimage`: a stage built
    /// FROM a stage with `ONBUILD COPY --from` or `RUN --mount` reads that too, and its errors come then.
    @Test func onbuildInstructionsOfABaseStage() throws {
        #expect(try images("FROM alpine AS a\nONBUILD COPY --from=busybox:1 / /\nFROM a") == ["docker.io/library/alpine:latest", "docker.io/library/busybox:1"])
        #expect(try images("FROM alpine AS a\nONBUILD COPY --from=busybox:1 / /\nFROM a AS b\nFROM debian") == ["docker.io/library/debian:latest"])
        #expect(try images("FROM alpine AS a\nONBUILD RUN --mount=from=busybox:2,target=/x true\nFROM a AS b\nFROM b") == [
            "docker.io/library/alpine:latest", "docker.io/library/busybox:2",
        ])
        #expect(try images("FROM alpine AS a\nONBUILD COPY --from=$X / /\nFROM debian") == ["docker.io/library/debian:latest"])
        expectError(
            "FROM alpine AS a\nONBUILD COPY --from=$X / /\nFROM a", 2, 1,
            "ONBUILD COPY: COPY --from=$X: variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround (run by a stage built FROM this one)")
        expectError(
            "FROM alpine AS a\nONBUILD COPY --frm=x / /\nFROM a", 2, 1,
            "ONBUILD COPY: unknown flag: --frm (COPY takes --chown, --from, --chmod, --link, --exclude, --parents) (run by a stage built FROM this one)")
        expectError("FROM alpine AS a\nONBUILD FOO bar\nFROM a", 2, 1, "ONBUILD FOO: unknown instruction: FOO (run by a stage built FROM this one)")
        expectError("FROM alpine\nONBUILD FROM busybox", 2, 9, "FROM isn't allowed as an ONBUILD trigger")
    }

    // MARK: Names

    /// Probes `dupname`, `dupname2`: a name used twice means the latest stage of that name defined so far for a FROM,
    /// and the last one for `COPY --from`.
    @Test func duplicateStageNames() throws {
        #expect(try images("FROM alpine AS x\nFROM busybox AS x\nFROM x") == ["docker.io/library/busybox:latest"])
        #expect(try images("FROM alpine AS x\nFROM x AS y\nFROM busybox AS x\nFROM debian\nCOPY --from=x / /") == [
            "docker.io/library/busybox:latest", "docker.io/library/debian:latest",
        ])
    }

    /// Probes `namedscratch`, `copyscratchnamed`, `copyfromscratch`, `copyfromSCRATCH` (ORACLE #11): a stage named
    /// `scratch` is that stage; else `scratch` is the empty image, in lowercase only.
    @Test func scratchAndAStageNamedScratch() throws {
        #expect(try images("FROM alpine AS scratch\nFROM scratch") == ["docker.io/library/alpine:latest"])
        #expect(try images("FROM alpine AS scratch\nFROM busybox\nCOPY --from=scratch / /") == ["docker.io/library/alpine:latest", "docker.io/library/busybox:latest"])
        #expect(try images("FROM busybox\nCOPY --from=scratch / /") == ["docker.io/library/busybox:latest"])
        expectError(
            "FROM busybox AS a\nCOPY --from=SCRATCH / /\nFROM debian", 2, 6,
            "COPY --from=SCRATCH: invalid image reference \"SCRATCH\": repository name must be lowercase")
    }

    /// Corpus 10, 12 (ORACLE #7): a name that is no stage is an image; synth follows BuildKit, with a note.
    @Test func namesThatAreNoStageGetANote() throws {
        let text = """
            FROM golang:1.23 AS license-set
            FROM alpine
            COPY --from=set /licenses /licenses
            COPY --from=ghcr.io/astral-sh/uv:0.5 /uv /bin/
            """
        let dockerfile = try DockerfileParser.parse(text)
        #expect(dockerfile.baseImages.map(\.description) == [
            "docker.io/library/alpine:latest", "docker.io/library/set:latest", "ghcr.io/astral-sh/uv:0.5",
        ])
        #expect(dockerfile.notes == [DockerfileNote(
            line: 3, column: 6,
            message: "COPY --from=set: no stage is named \"set\" (its stages are license-set), so BuildKit pulls the image docker.io/library/set:latest and synth watches it; if a stage was meant, correct the name")])
        let forward = try DockerfileParser.parse("FROM later AS x\nFROM alpine AS later\nCOPY --from=x / /")
        #expect(forward.baseImages.map(\.description) == ["docker.io/library/later:latest", "docker.io/library/alpine:latest"])
        #expect(forward.notes == [DockerfileNote(
            line: 1, column: 6,
            message: "FROM later: the stage \"later\" is defined later (line 2) and a FROM only sees earlier stages, so BuildKit pulls the image docker.io/library/later:latest and synth watches it; move the stage up if it was meant")])
    }

    /// Probe `unknowninstr`, `unknowninstrcase`: an instruction BuildKit does not know fails the build anywhere.
    @Test func unknownInstructionsAfterTheFirstFrom() throws {
        expectError("FROM busybox\nFOO bar", 2, 1, "unknown instruction \"FOO\"")
        #expect(try images("FROM busybox\nwOrKdIr /x") == ["docker.io/library/busybox:latest"])
    }

    /// An error that only one platform's build hits names the platform.
    @Test func platformErrorsNameThePlatform() {
        expectError(
            "FROM img:${TARGETVARIANT}", platforms: [Self.amd64, Self.arm64], 1, 6,
            "FROM img:${TARGETVARIANT}: invalid image reference \"img:\": tag after ':' is empty (building for linux/amd64)")
    }
}
