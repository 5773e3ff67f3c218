/// The instructions besides `FROM` and `ARG` that name stages or images: `COPY --from` and `RUN --mount`, and
/// the same in an `ONBUILD` instruction, read as BuildKit v0.32.2's `instructions.Parse` reads them.
enum DockerfileInstructions<C: DockerfileCharacter> {

    /// Whether `word` is the lowercase ASCII `keyword` in any case (as `lowercased()` would compare it).
    static func isKeyword(_ word: ArraySlice<C>, _ keyword: StaticString) -> Bool {
        guard word.count == keyword.utf8CodeUnitCount else { return false }
        // Only ASCII letters lowercase to ASCII letters (in the keywords): each character must be the keyword's
        // letter or its uppercase, which differ in bit 0x20 alone.
        return keyword.withUTF8Buffer { letters in
            zip(word, letters).allSatisfy { character, letter in character.asciiCode.map { $0 | 0x20 } == letter }
        }
    }

    /// Whether `word` is an instruction BuildKit knows, in any case (compared letter by letter, without a string).
    static func isKnownInstruction(_ word: ArraySlice<C>) -> Bool {
        switch word.count {
        case 3: isKeyword(word, "add") || isKeyword(word, "arg") || isKeyword(word, "cmd") || isKeyword(word, "env")
            || isKeyword(word, "run")
        case 4: isKeyword(word, "copy") || isKeyword(word, "from") || isKeyword(word, "user")
        case 5: isKeyword(word, "label") || isKeyword(word, "shell")
        case 6: isKeyword(word, "expose") || isKeyword(word, "volume")
        case 7: isKeyword(word, "onbuild") || isKeyword(word, "workdir")
        case 10: isKeyword(word, "entrypoint") || isKeyword(word, "maintainer") || isKeyword(word, "stopsignal")
        case 11: isKeyword(word, "healthcheck")
        default: false
        }
    }

    /// `COPY`'s flags (checked as BuildKit checks them) and its `--from`: nil without one, or with an empty one
    /// (which copies from the build context). `position` maps an offset of `characters` to where it is.
    static func copyLink(
        _ characters: [C], argumentsStart: Int, escape: C, position: (Int) -> SourcePosition
    ) throws(InstructionProblem) -> StageLink? {
        let (flags, _) = InstructionFlags.read(characters, from: argumentsStart, escape: escape)
        guard !flags.isEmpty else { return nil }
        try InstructionFlags.check(flags, allowed: InstructionFlags.copy, instruction: "COPY")
        guard let (from, offset) = InstructionFlags.value(of: "from", in: flags), !from.isEmpty else { return nil }
        return StageLink(kind: .copy, name: from, position: position(offset), problem: variableProblem(from, escape: escape))
    }

    /// BuildKit expands `COPY --from` with no variables defined and refuses it when that changes it
    /// (`toCommand`): a variable (or an escape) is refused, whatever the build args.
    private static func variableProblem(_ from: String, escape: C) -> String? {
        let isBacktick = escape == "`"
        let escapeByte = isBacktick ? UInt8(ascii: "`") : UInt8(ascii: "\\")
        // What the expander changes: without any of it (the usual `--from=build`), the word is its own expansion.
        guard from.utf8.contains(where: { $0 == UInt8(ascii: "$") || $0 == UInt8(ascii: "'") || $0 == UInt8(ascii: "\"") || $0 == escapeByte })
        else { return nil }
        let escapeCharacter: Character = isBacktick ? "`" : "\\"
        var expander = WordExpander(Array(from)[...], escape: escapeCharacter, environment: [:], budget: 4 * from.utf8.count + 64)
        do throws(ShellWordError) {
            guard try expander.expand() == from else {
                return "variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround"
            }
            return nil
        } catch {
            return error.message
        }
    }

    /// `RUN`'s flags and one link per `--mount` (a mount without `from` reads `scratch`).
    static func runLinks(
        _ characters: [C], argumentsStart: Int, escape: C, position: (Int) -> SourcePosition
    ) throws(InstructionProblem) -> [StageLink] {
        let (flags, _) = InstructionFlags.read(characters, from: argumentsStart, escape: escape)
        guard !flags.isEmpty else { return [] }
        try InstructionFlags.check(flags, allowed: InstructionFlags.run, instruction: "RUN")
        var links: [StageLink] = []
        for flag in flags where flag.name == "mount" {
            let mount: MountSource
            do throws(ShellWordError) {
                mount = try MountSource(flag.value ?? "")
            } catch {
                throw InstructionProblem(offset: flag.offset, message: "\(abbreviated(flag.written)): \(error.message)")
            }
            links.append(StageLink(
                kind: .mount(target: mount.target, usesSource: mount.usesSource, checksOrder: mount.checksOrder), name: mount.from.flatMap { $0.isEmpty ? nil : $0 } ?? "scratch", position: position(flag.offset),
                buildProblem: mount.buildProblem.map { "\(abbreviated(flag.written)): \($0)" }))
        }
        try InstructionFlags.checkRunValues(flags)
        return links
    }

    /// The word after `ONBUILD`, checked as `parseOnBuild` checks it while the Dockerfile is parsed.
    static func checkOnbuild(_ characters: [C], argumentsStart: Int, escape: C) throws(InstructionProblem) {
        let (flags, end) = InstructionFlags.read(characters, from: argumentsStart, escape: escape)
        if let flag = flags.first { throw InstructionProblem(offset: flag.offset, message: "unknown flag: --\(abbreviated(flag.name)) (ONBUILD takes none)") }
        var keywordEnd = end
        while keywordEnd < characters.count, !characters[keywordEnd].isWhitespace { keywordEnd += 1 }
        let keyword = characters[end..<keywordEnd]
        if keyword.isEmpty { throw InstructionProblem(offset: argumentsStart, message: "ONBUILD requires at least one argument") }
        if isKeyword(keyword, "onbuild") { throw InstructionProblem(offset: end, message: "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed") }
        if isKeyword(keyword, "from") || isKeyword(keyword, "maintainer") {
            throw InstructionProblem(offset: end, message: "\(C.string(keyword).uppercased()) isn't allowed as an ONBUILD trigger")
        }
    }

    /// The links of an `ONBUILD` instruction (`trigger`, the text after the keyword), read when a needed stage is
    /// built `FROM` the stage that has it (`initOnBuildTriggers`): BuildKit parses the text again as a Dockerfile
    /// of its own, so with the default escape `\`. Problems are reported at the `ONBUILD`.
    static func onbuildLinks(_ trigger: ParsedDockerfile<C>.Word) throws(DockerfileError) -> [StageLink] {
        let characters = trigger.characters
        var index = 0
        while index < characters.count, characters[index].isWhitespace { index += 1 }
        let keywordStart = index
        while index < characters.count, !characters[index].isWhitespace { index += 1 }
        let keyword = characters[keywordStart..<index]
        while index < characters.count, characters[index].isWhitespace { index += 1 }
        let position: (Int) -> SourcePosition = { _ in trigger.position }
        do throws(InstructionProblem) {
            if isKeyword(keyword, "copy") {
                return try copyLink(characters, argumentsStart: index, escape: "\\", position: position).map { [$0] } ?? []
            }
            if isKeyword(keyword, "run") {
                return try runLinks(characters, argumentsStart: index, escape: "\\", position: position)
            }
            guard isKnownInstruction(keyword) else {
                throw InstructionProblem(offset: keywordStart, message: "unknown instruction: \(abbreviated(C.string(keyword)))")
            }
            return []
        } catch {
            throw trigger.position.error("ONBUILD \(abbreviated(C.string(keyword).uppercased())): \(error.message) (run by a stage built FROM this one)")
        }
    }
}
