import ImageFactorySupport

/// Reads a Dockerfile the way BuildKit v0.32.2's frontend does, as far as the images it builds from are concerned.
package enum DockerfileParser {
    /// Largest accepted Dockerfile, in UTF-8 bytes (4 MiB).
    package static let maximumSize = 4 * 1024 * 1024

    /// Parses `text` once, then works out for each platform which images building `target` pulls.
    /// - Parameters:
    ///   - buildArgs: values that override ARG defaults and automatic platform ARGs (like `docker build --build-arg`).
    ///   - platforms: the target platforms, each built on ``BuildPlatform/linuxAMD64``; at least one.
    ///   - target: the stage to build (`--target`), by name in any case; nil or empty for the last stage.
    package static func parse(
        _ text: String, buildArgs: [String: String] = [:], platforms: [BuildPlatform] = [.linuxAMD64], target: String? = nil
    ) throws(DockerfileError) -> Dockerfile {
        guard text.utf8.count <= maximumSize else {
            throw DockerfileError(line: 1, column: 1, message: "Dockerfile is larger than 4 MiB")
        }
        var text = text
        guard !text.withUTF8({ $0.contains(0) }) else {
            throw DockerfileError(line: 1, column: 1, message: "not a text file (contains NUL bytes)")
        }
        var body = Substring(text)
        if body.first == "\u{FEFF}" { body = body.dropFirst() }
        let target = target.flatMap { $0.isEmpty ? nil : $0 }
        // The same reader either way: bytes for ASCII text, characters for any other.
        if let bytes = ASCIIByte.characters(of: body) {
            var reader = DockerfileReader(bytes)
            return try evaluate(reader.read(), buildArgs: buildArgs, platforms: platforms, target: target)
        }
        var reader = DockerfileReader(Array(body))
        return try evaluate(reader.read(), buildArgs: buildArgs, platforms: platforms, target: target)
    }

    /// Evaluates `parsed` for each platform; a platform whose values no `FROM` uses builds what the first one
    /// builds, without evaluating it again.
    private static func evaluate<C>(
        _ parsed: ParsedDockerfile<C>, buildArgs: [String: String], platforms: [BuildPlatform], target: String?
    ) throws(DockerfileError) -> Dockerfile {
        let evaluator = DockerfileEvaluator(parsed: parsed, buildArgs: buildArgs, target: target)
        var builds: [Dockerfile.Build] = []
        builds.reserveCapacity(platforms.count)
        var first: DockerfileEvaluator<C>.Evaluation?
        var notes = UniqueElements<DockerfileNote>()
        for platform in platforms.isEmpty ? [.linuxAMD64] : platforms {
            let evaluation: DockerfileEvaluator<C>.Evaluation
            if let first, !first.dependsOnPlatform {
                evaluation = first
            } else {
                do throws(DockerfileError) {
                    evaluation = try evaluator.evaluate(for: platform)
                } catch {
                    guard platforms.count > 1 else { throw error }
                    throw DockerfileError(line: error.line, column: error.column, message: "\(error.message) (building for \(platform))")
                }
            }
            if first == nil { first = evaluation }
            for note in evaluation.notes { notes.insert(note) }
            builds.append(Dockerfile.Build(platform: platform.description, stages: evaluation.stages, baseImages: evaluation.baseImages))
        }
        return Dockerfile(builds: builds, baseImageArgument: first?.baseImageArgument, notes: notes.elements)
    }
}

// MARK: - Reading instructions

/// A word of an instruction and the offset of its first character in the logical line.
private struct Word<C: DockerfileCharacter> {
    var text: ArraySlice<C>
    var offset: Int

    var string: String { C.string(text) }

    /// The word as written, shortened for error messages.
    var display: String { abbreviated(string) }

    /// Whether the word starts with `--` (a flag).
    var startsWithDoubleDash: Bool {
        text.count >= 2 && text[text.startIndex] == "-" && text[text.startIndex + 1] == "-"
    }
}

/// An instruction with its continuation lines joined, mapping offsets back to physical lines.
private struct LogicalLine<C: DockerfileCharacter> {
    struct Segment {
        var offset: Int
        var line: Int
        var column: Int
    }

    let startLine: Int
    private(set) var characters: [C] = []
    /// Where the first physical line starts; most instructions have no continuation lines, so no array for them.
    private let first: Segment
    private var continuations: [Segment] = []

    /// The instruction's first line. `storage` is an array whose storage is taken over (emptied) instead of
    /// allocating one per instruction; it is left empty.
    init(_ text: ArraySlice<C>, line: Int, column: Int, reusing storage: inout [C]) {
        startLine = line
        first = Segment(offset: 0, line: line, column: column)
        swap(&characters, &storage)
        characters.removeAll(keepingCapacity: true)
        characters.append(contentsOf: text)
    }

    mutating func append(_ text: ArraySlice<C>, line: Int, column: Int) {
        continuations.append(Segment(offset: characters.count, line: line, column: column))
        characters.append(contentsOf: text)
    }

    func position(of offset: Int) -> (line: Int, column: Int) {
        var current = first
        for segment in continuations where segment.offset <= offset {
            current = segment
        }
        return (current.line, current.column + offset - current.offset)
    }

    func error(at offset: Int, _ message: String) -> DockerfileError {
        let position = position(of: offset)
        return DockerfileError(line: position.line, column: position.column, message: message)
    }

    func sourcePosition(of offset: Int) -> SourcePosition {
        let (line, column) = position(of: offset)
        return SourcePosition(line: line, column: column)
    }
}

private struct Heredoc {
    var name: String
    var stripsLeadingTabs: Bool
    var offset: Int
}

/// The names the reader knows (stored outside the generic reader, which cannot hold static stored properties).
private enum DockerfileSyntax {
    static let directiveNames: Set<String> = ["syntax", "escape", "check"]
    static let heredocInstructions: Set<String> = ["add", "copy", "run"]
}

/// Reads the instructions once, into a ``ParsedDockerfile``: the global ARGs and each stage's `FROM`, links and
/// `ONBUILD` instructions, refusing what BuildKit's parser refuses. What the words mean is worked out per platform
/// by ``DockerfileEvaluator``.
private struct DockerfileReader<C: DockerfileCharacter> {
    private let lines: [ArraySlice<C>]
    /// The characters of the instruction read last, whose storage the next one reuses.
    private var spareCharacters: [C] = []
    private var nextLine = 0
    private var escape: C = "\\"
    private var directivesDone = false
    private var seenDirectives: Set<String> = []
    private var globalArgs: [ParsedDockerfile<C>.GlobalArg] = []
    private var declaredGlobalArgs: Set<String> = []
    private var stageArgs: Set<String> = []
    private var stages: [ParsedDockerfile<C>.Stage] = []

    /// `characters`: the text after any byte order mark.
    init(_ characters: [C]) {
        // `characters.split(omittingEmptySubsequences: false) { $0.isLineBreak }`, into an array of the right size.
        var lines: [ArraySlice<C>] = []
        lines.reserveCapacity(characters.count { $0.isLineBreak } + 1)
        var start = 0
        for index in characters.indices where characters[index].isLineBreak {
            lines.append(characters[start..<index])
            start = index + 1
        }
        lines.append(characters[start...])
        if lines.count > 1, lines.last?.isEmpty == true { lines.removeLast() }
        for index in lines.indices {
            while lines[index].last == "\r" { lines[index].removeLast() }
        }
        self.lines = lines
    }

    mutating func read() throws(DockerfileError) -> ParsedDockerfile<C> {
        while let instruction = try nextInstruction() {
            try handle(instruction)
            try skipHeredocBodies(of: instruction)
            spareCharacters = instruction.characters
        }
        guard !stages.isEmpty else {
            throw DockerfileError(line: 1, column: 1, message: "no FROM instruction")
        }
        let stageNames = StageNames(stages.map(\.name))
        let graph = StageGraph(stages: stages, stageNames: stageNames)
        let hasTriggers = stages.contains { !$0.triggers.isEmpty }
        let usesVariables = !globalArgs.isEmpty || stages.contains { stage in
            stage.image.characters.contains("$") || stage.platform?.characters.contains("$") == true
        }
        return ParsedDockerfile(
            escape: escape, globalArgs: globalArgs, declaredGlobalArgs: declaredGlobalArgs, stageArgs: stageArgs, stages: stages,
            stageNames: stageNames, graph: graph, usesVariables: usesVariables, hasTriggers: hasTriggers,
            readsEveryLink: !hasTriggers && stages.allSatisfy { $0.links.allSatisfy(\.usesSource) })
    }

    /// The next instruction with continuations joined; comments, blank lines and directives are skipped.
    private mutating func nextInstruction() throws(DockerfileError) -> LogicalLine<C>? {
        while nextLine < lines.count {
            let number = nextLine + 1
            let physical = lines[nextLine]
            nextLine += 1
            let start = physical.firstIndex { !$0.isWhitespace } ?? physical.endIndex
            let trimmed = physical[start...]
            let column = start - physical.startIndex + 1
            if !directivesDone, try parseDirective(trimmed, line: number, column: column) { continue }
            if trimmed.first == "#" { continue }
            var (content, complete) = splitContinuation(trimmed)
            if complete && content.isEmpty { continue }

            var instruction = LogicalLine(content, line: number, column: column, reusing: &spareCharacters)
            while !complete && nextLine < lines.count {
                let continuationNumber = nextLine + 1
                let continuation = lines[nextLine]
                nextLine += 1
                let firstVisible = continuation.first { !$0.isWhitespace }
                if firstVisible == nil || firstVisible == "#" { continue }
                (content, complete) = splitContinuation(continuation)
                instruction.append(content, line: continuationNumber, column: 1)
            }
            return instruction
        }
        return nil
    }

    /// Removes a trailing line-continuation escape (unless it is itself escaped); `complete` is false when one was removed.
    private func splitContinuation(_ line: ArraySlice<C>) -> (content: ArraySlice<C>, complete: Bool) {
        var end = line.endIndex
        while end > line.startIndex, line[end - 1] == " " || line[end - 1] == "\t" { end -= 1 }
        guard end > line.startIndex else { return (line, true) }
        let last = end - 1
        guard line[last] == escape else { return (line, true) }
        if last > line.startIndex, line[last - 1] == escape { return (line, true) }
        return (line[..<last], false)
    }

    /// Handles `# key=value` parser directives; returns false and ends the directive section for any other line.
    private mutating func parseDirective(_ text: ArraySlice<C>, line number: Int, column: Int) throws(DockerfileError) -> Bool {
        guard let (key, value) = Self.directive(in: text), DockerfileSyntax.directiveNames.contains(key) else {
            directivesDone = true
            return false
        }
        guard seenDirectives.insert(key).inserted else {
            throw DockerfileError(line: number, column: column, message: "only one \(key) parser directive can be used")
        }
        if key == "escape" {
            guard value.count == 1, let token = value.first, token == "\\" || token == "`" else {
                throw DockerfileError(line: number, column: column, message: "invalid escape token '\(C.string(value))' does not match ` or \\")
            }
            escape = token
        }
        return true
    }

    /// `#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*`
    private static func directive(in line: ArraySlice<C>) -> (key: String, value: ArraySlice<C>)? {
        guard line.first == "#" else { return nil }
        var rest = line.dropFirst().drop { $0.isWhitespace }
        let key = rest.prefix { $0.isASCIIAlphanumeric }
        guard let first = key.first, first.isLetter else { return nil }
        rest = rest.dropFirst(key.count).drop { $0.isWhitespace }
        guard rest.first == "=" else { return nil }
        var value = rest.dropFirst().drop { $0.isWhitespace }
        while value.last?.isWhitespace == true { value.removeLast() }
        guard !value.isEmpty else { return nil }
        return (C.string(key).lowercased(), value)
    }

    private mutating func handle(_ instruction: LogicalLine<C>) throws(DockerfileError) {
        let characters = instruction.characters
        var index = 0
        while index < characters.count, characters[index].isWhitespace { index += 1 }
        let keywordStart = index
        while index < characters.count, !Self.isBlank(characters[index]) { index += 1 }
        let keyword = characters[keywordStart..<index]
        while index < characters.count, Self.isBlank(characters[index]) { index += 1 }

        if Self.isKeyword(keyword, "from") {
            try handleFrom(instruction, keywordStart: keywordStart, argumentsStart: index)
            return
        }
        if Self.isKeyword(keyword, "arg") {
            try handleArg(instruction, keywordStart: keywordStart, argumentsStart: index)
            return
        }
        guard !stages.isEmpty else {
            let written = C.string(keyword)
            let message = DockerfileInstructions<C>.isKnownInstruction(keyword)
                ? "\(written.uppercased()) instruction before the first FROM: no build stage in current context"
                : "unknown instruction \"\(abbreviated(written))\" before the first FROM"
            throw instruction.error(at: keywordStart, message)
        }
        do throws(InstructionProblem) {
            if Self.isKeyword(keyword, "copy") {
                let link = try DockerfileInstructions<C>.copyLink(characters, argumentsStart: index, escape: escape) { instruction.sourcePosition(of: $0) }
                if let link { stages[stages.count - 1].links.append(link) }
            } else if Self.isKeyword(keyword, "run") {
                let links = try DockerfileInstructions<C>.runLinks(characters, argumentsStart: index, escape: escape) { instruction.sourcePosition(of: $0) }
                if !links.isEmpty { stages[stages.count - 1].links += links }
            } else if Self.isKeyword(keyword, "onbuild") {
                try DockerfileInstructions<C>.checkOnbuild(characters, argumentsStart: index, escape: escape)
                // Kept as written (BuildKit keeps the line's text and parses it again when it runs it).
                stages[stages.count - 1].triggers.append(
                    ParsedDockerfile<C>.Word(characters: Array(characters[index...]), position: instruction.sourcePosition(of: keywordStart)))
            } else if !DockerfileInstructions<C>.isKnownInstruction(keyword) {
                throw InstructionProblem(offset: keywordStart, message: "unknown instruction \"\(abbreviated(C.string(keyword)))\"")
            }
        } catch {
            throw instruction.error(at: error.offset, error.message)
        }
    }

    private static func isKeyword(_ word: ArraySlice<C>, _ keyword: StaticString) -> Bool {
        DockerfileInstructions<C>.isKeyword(word, keyword)
    }

    // MARK: ARG

    private mutating func handleArg(_ instruction: LogicalLine<C>, keywordStart: Int, argumentsStart: Int) throws(DockerfileError) {
        let words = Self.argumentWords(instruction.characters, from: argumentsStart, escape: escape)
        guard !words.isEmpty else {
            throw instruction.error(at: keywordStart, "ARG requires at least one argument")
        }
        for word in words {
            let equals = word.text.firstIndex(of: "=")
            let name = C.string(word.text[..<(equals ?? word.text.endIndex)])
            guard !name.isEmpty else { throw instruction.error(at: word.offset, "ARG names can not be blank") }
            guard stages.isEmpty else {
                stageArgs.insert(name)
                continue
            }
            declaredGlobalArgs.insert(name)
            let value = equals.map { equals in
                ParsedDockerfile<C>.Word(
                    characters: Array(word.text[(equals + 1)...]),
                    position: instruction.sourcePosition(of: word.offset + (equals - word.text.startIndex) + 1))
            }
            globalArgs.append(ParsedDockerfile<C>.GlobalArg(name: name, value: value, written: word.string))
        }
    }

    /// Splits ARG arguments on whitespace outside quotes, keeping quotes and escapes (BuildKit `parseWords`).
    private static func argumentWords(_ characters: [C], from start: Int, escape: C) -> [Word<C>] {
        var words: [Word<C>] = []
        var word: [C] = []
        var wordStart = start
        var inWord = false
        var quote: C?
        var keepEmpty = false
        var index = start
        while index < characters.count {
            var character = characters[index]
            if let open = quote {
                if character == open {
                    quote = nil
                } else if character == escape && open != "'" {
                    guard index + 1 < characters.count else {
                        quote = nil
                        index += 1
                        continue
                    }
                    word.append(character)
                    index += 1
                    character = characters[index]
                }
                word.append(character)
                index += 1
                continue
            }
            if !inWord {
                if character.isWhitespace {
                    index += 1
                    continue
                }
                inWord = true
                wordStart = index
            }
            if character.isWhitespace {
                if keepEmpty || !word.isEmpty { words.append(Word(text: word[...], offset: wordStart)) }
                word = []
                keepEmpty = false
                inWord = false
                index += 1
                continue
            }
            if character == "'" || character == "\"" {
                quote = character
                keepEmpty = true
            } else if character == escape {
                guard index + 1 < characters.count else {
                    index += 1
                    continue
                }
                word.append(character)
                index += 1
                character = characters[index]
            }
            word.append(character)
            index += 1
        }
        if inWord && (keepEmpty || !word.isEmpty) { words.append(Word(text: word[...], offset: wordStart)) }
        return words
    }

    // MARK: FROM

    private mutating func handleFrom(_ instruction: LogicalLine<C>, keywordStart: Int, argumentsStart: Int) throws(DockerfileError) {
        let characters = instruction.characters
        let (flags, index) = InstructionFlags.read(characters, from: argumentsStart, escape: escape)
        do throws(InstructionProblem) {
            try InstructionFlags.check(flags, allowed: InstructionFlags.from, instruction: "FROM")
        } catch {
            throw instruction.error(at: error.offset, error.message)
        }
        var platform: ParsedDockerfile<C>.Word?
        if let flag = flags.last(where: { $0.name == "platform" }), let value = flag.value, !value.isEmpty {
            // An empty `--platform=` is no platform, as in BuildKit.
            platform = ParsedDockerfile<C>.Word(characters: C.characters(spelling: value), position: instruction.sourcePosition(of: flag.offset))
        }

        let arguments = Self.blankSeparatedWords(characters, from: index)
        guard let image = arguments.first else {
            throw instruction.error(at: keywordStart, "FROM requires a base image")
        }
        var stageName: String?
        if arguments.count > 1 {
            if let comment = arguments.dropFirst().first(where: { $0.text.first == "#" }) {
                throw instruction.error(at: comment.offset, "FROM does not allow a comment after its arguments; put it on its own line")
            }
            let keyword = arguments[1]
            guard Self.isKeyword(keyword.text, "as") else {
                throw instruction.error(at: keyword.offset, "FROM expects AS before a stage name, found \"\(keyword.display)\"")
            }
            guard arguments.count > 2 else {
                throw instruction.error(at: keyword.offset, "FROM \(image.display) AS requires a stage name")
            }
            guard arguments.count == 3 else {
                throw instruction.error(at: arguments[3].offset, "FROM requires either one or three arguments (<image> [AS <name>]), found \(arguments.count)")
            }
            let written = arguments[2]
            let name = written.string.lowercased()
            guard Self.isValidStageName(name) else {
                throw instruction.error(at: written.offset, "invalid name for build stage: \"\(written.display)\", name can't start with a number or contain symbols")
            }
            stageName = name
        }

        stages.append(ParsedDockerfile<C>.Stage(
            image: ParsedDockerfile<C>.Word(characters: Array(image.text), position: instruction.sourcePosition(of: image.offset)),
            platform: platform, name: stageName, line: instruction.startLine, links: [], triggers: []))
    }

    /// The words of `characters` from `start` on, as slices of it (no copies).
    private static func blankSeparatedWords(_ characters: [C], from start: Int) -> [Word<C>] {
        var words: [Word<C>] = []
        // `FROM <image> AS <name>`: room for the usual three words.
        words.reserveCapacity(3)
        var index = start
        while index < characters.count {
            if isBlank(characters[index]) {
                index += 1
                continue
            }
            let wordStart = index
            while index < characters.count, !isBlank(characters[index]) { index += 1 }
            words.append(Word(text: characters[wordStart..<index], offset: wordStart))
        }
        return words
    }

    /// BuildKit's instruction separator `[\t\v\f\r ]`.
    private static func isBlank(_ character: C) -> Bool {
        character == " " || character == "\t" || character == "\u{0B}" || character == "\u{0C}" || character == "\r"
    }

    /// `[a-z][a-z0-9-_.]*`
    private static func isValidStageName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { scalar in
            ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_" || scalar == "."
        }
    }

    // MARK: Heredocs

    /// Consumes the bodies of `<<WORD` heredocs of RUN, COPY and ADD so their lines are not read as instructions.
    private mutating func skipHeredocBodies(of instruction: LogicalLine<C>) throws(DockerfileError) {
        for heredoc in Self.heredocs(in: instruction.characters) {
            var terminated = false
            while nextLine < lines.count {
                var candidate = lines[nextLine]
                nextLine += 1
                if heredoc.stripsLeadingTabs { candidate = candidate.drop { $0 == "\t" } }
                if C.string(candidate) == heredoc.name {
                    terminated = true
                    break
                }
            }
            guard terminated else {
                throw instruction.error(at: heredoc.offset, "unterminated heredoc: no line \"\(heredoc.name)\" before the end of the file")
            }
        }
    }

    private static func heredocs(in characters: [C]) -> [Heredoc] {
        // Most instructions have no `<<`: found in one plain pass over the characters.
        var hasHeredocOperator = false
        var index = 1
        while index < characters.count {
            if characters[index] == "<" && characters[index - 1] == "<" {
                hasHeredocOperator = true
                break
            }
            index += 1
        }
        guard hasHeredocOperator else { return [] }
        guard let words = heredocWords(characters), let keyword = words.first else { return [] }
        var instruction = keyword.string.lowercased()
        var arguments = words.dropFirst()
        if instruction == "onbuild", let inner = arguments.first {
            instruction = inner.string.lowercased()
            arguments = arguments.dropFirst()
        }
        guard DockerfileSyntax.heredocInstructions.contains(instruction) else { return [] }
        let firstOperand = arguments.first { !$0.startsWithDoubleDash }
        if firstOperand?.text.first == "[", characters.last(where: { !$0.isWhitespace }) == "]" { return [] }
        return arguments.compactMap { heredoc(in: $0) }
    }

    /// Whitespace-separated words with quotes and escapes kept; `<<` absorbs following blanks. Nil on an unterminated quote.
    private static func heredocWords(_ characters: [C]) -> [Word<C>]? {
        var words: [Word<C>] = []
        var word: [C] = []
        var wordStart = 0
        var index = 0
        func begin() {
            if word.isEmpty { wordStart = index }
        }
        while index < characters.count {
            let character = characters[index]
            if character == "'" || character == "\"" {
                begin()
                word.append(character)
                index += 1
                while index < characters.count, characters[index] != character {
                    if character == "\"", characters[index] == "\\", index + 1 < characters.count {
                        word.append(characters[index])
                        index += 1
                    }
                    word.append(characters[index])
                    index += 1
                }
                guard index < characters.count else { return nil }
                word.append(character)
                index += 1
            } else if character == "\\" {
                begin()
                word.append(character)
                index += 1
                if index < characters.count {
                    word.append(characters[index])
                    index += 1
                }
            } else if character == "<", index + 1 < characters.count, characters[index + 1] == "<" {
                begin()
                word.append("<")
                word.append("<")
                index += 2
                while index < characters.count, characters[index] == " " || characters[index] == "\t" {
                    word.append(characters[index])
                    index += 1
                }
            } else if character.isWhitespace {
                if !word.isEmpty { words.append(Word(text: word[...], offset: wordStart)) }
                word = []
                index += 1
            } else {
                begin()
                word.append(character)
                index += 1
            }
        }
        if !word.isEmpty { words.append(Word(text: word[...], offset: wordStart)) }
        return words
    }

    /// `^(\d*)<<(-?)\s*([^<]*)$` with the terminator word unquoted.
    private static func heredoc(in word: Word<C>) -> Heredoc? {
        let text = word.text
        var index = text.startIndex
        while index < text.endIndex, text[index].isASCIIDigit { index += 1 }
        guard index + 1 < text.endIndex, text[index] == "<", text[index + 1] == "<" else { return nil }
        index += 2
        let stripsLeadingTabs = index < text.endIndex && text[index] == "-"
        if stripsLeadingTabs { index += 1 }
        while index < text.endIndex, text[index].isWhitespace { index += 1 }
        let rest = text[index...]
        guard !rest.isEmpty, !rest.contains("<"), let name = unquotedSingleWord(rest), !name.isEmpty else { return nil }
        return Heredoc(name: name, stripsLeadingTabs: stripsLeadingTabs, offset: word.offset)
    }

    private static func unquotedSingleWord(_ text: ArraySlice<C>) -> String? {
        var result: [C] = []
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            index += 1
            switch character {
            case "'":
                while index < text.endIndex, text[index] != "'" {
                    result.append(text[index])
                    index += 1
                }
                guard index < text.endIndex else { return nil }
                index += 1
            case "\"":
                while index < text.endIndex, text[index] != "\"" {
                    if text[index] == "\\", index + 1 < text.endIndex, text[index + 1] == "\"" || text[index + 1] == "$" || text[index + 1] == "\\" {
                        index += 1
                    }
                    result.append(text[index])
                    index += 1
                }
                guard index < text.endIndex else { return nil }
                index += 1
            case "\\":
                if index < text.endIndex {
                    result.append(text[index])
                    index += 1
                }
            case let other where other.isWhitespace:
                return nil
            default:
                result.append(character)
            }
        }
        return C.string(result)
    }
}
