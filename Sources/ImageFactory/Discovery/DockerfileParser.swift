import ImageFactorySupport

/// Reads a Dockerfile the way BuildKit's frontend does, as far as its stages and base images are concerned.
public enum DockerfileParser {
    /// Largest accepted Dockerfile, in UTF-8 bytes (4 MiB).
    public static let maximumSize = 4 * 1024 * 1024

    /// Parses `text` and resolves the base of every `FROM` instruction.
    /// - Parameter buildArgs: values that override ARG defaults (like `docker build --build-arg`).
    public static func parse(_ text: String, buildArgs: [String: String] = [:]) throws(DockerfileError) -> Dockerfile {
        guard text.utf8.count <= maximumSize else {
            throw DockerfileError(line: 1, column: 1, message: "Dockerfile is larger than 4 MiB")
        }
        var text = text
        guard !text.withUTF8({ $0.contains(0) }) else {
            throw DockerfileError(line: 1, column: 1, message: "not a text file (contains NUL bytes)")
        }
        var body = Substring(text)
        if body.first == "\u{FEFF}" { body = body.dropFirst() }
        // The same reader either way: bytes for ASCII text, characters for any other.
        if let bytes = ASCIIByte.characters(of: body) {
            var reader = DockerfileReader(bytes, buildArgs: buildArgs)
            return try reader.read()
        }
        var reader = DockerfileReader(Array(body), buildArgs: buildArgs)
        return try reader.read()
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

/// `text`, cut to a readable length for error messages.
private func abbreviated(_ text: String) -> String {
    let limit = 200
    return text.count > limit ? text.prefix(limit) + "…" : text
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
}

private struct Heredoc {
    var name: String
    var stripsLeadingTabs: Bool
    var offset: Int
}

/// The names the reader knows (stored outside the generic reader, which cannot hold static stored properties).
private enum DockerfileSyntax {
    static let directiveNames: Set<String> = ["syntax", "escape", "check"]
    static let knownInstructions: Set<String> = [
        "add", "arg", "cmd", "copy", "entrypoint", "env", "expose", "from", "healthcheck", "label",
        "maintainer", "onbuild", "run", "shell", "stopsignal", "user", "volume", "workdir",
    ]
    static let heredocInstructions: Set<String> = ["add", "copy", "run"]
    static let automaticPlatformArgs: Set<String> = [
        "BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT",
        "TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT",
    ]
}

private struct DockerfileReader<C: DockerfileCharacter> {
    private let lines: [ArraySlice<C>]
    private let buildArgs: [String: String]
    /// The characters of the instruction read last, whose storage the next one reuses.
    private var spareCharacters: [C] = []
    private var nextLine = 0
    private var escape: C = "\\"
    private var directivesDone = false
    private var seenDirectives: Set<String> = []
    private var globalArgs: [String: String] = [:]
    private var declaredGlobalArgs: Set<String> = []
    private var stageArgs: Set<String> = []
    /// A Dockerfile has a stage or two: looked for in a short list, not hashed.
    private var stageNames = UniqueElements<String>()
    private var stages: [Dockerfile.Stage] = []
    /// Work allowed for all variable substitutions together, so hostile ARG chains stay linear in the input size.
    private var expansionBudget = 16 * DockerfileParser.maximumSize

    /// `characters`: the text after any byte order mark.
    init(_ characters: [C], buildArgs: [String: String]) {
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
        self.buildArgs = buildArgs
    }

    mutating func read() throws(DockerfileError) -> Dockerfile {
        while let instruction = try nextInstruction() {
            try handle(instruction)
            try skipHeredocBodies(of: instruction)
            spareCharacters = instruction.characters
        }
        guard !stages.isEmpty else {
            throw DockerfileError(line: 1, column: 1, message: "no FROM instruction")
        }
        var dockerfile = Dockerfile(stages: stages)
        if declaredGlobalArgs.contains(Dockerfile.baseImageArgumentName), let value = globalArgs[Dockerfile.baseImageArgumentName] {
            dockerfile.baseImageArgument = try? ImageReference.parse(value)
        }
        return dockerfile
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
        } else if Self.isKeyword(keyword, "arg") {
            try handleArg(instruction, keywordStart: keywordStart, argumentsStart: index)
        } else if stages.isEmpty {
            let written = C.string(keyword)
            let message = DockerfileSyntax.knownInstructions.contains(written.lowercased())
                ? "\(written.uppercased()) instruction before the first FROM: no build stage in current context"
                : "unknown instruction \"\(abbreviated(written))\" before the first FROM"
            throw instruction.error(at: keywordStart, message)
        }
    }

    /// Whether `word` is the lowercase ASCII `keyword` in any case (as `lowercased()` would compare it).
    private static func isKeyword(_ word: ArraySlice<C>, _ keyword: StaticString) -> Bool {
        guard word.count == keyword.utf8CodeUnitCount else { return false }
        // Only ASCII letters lowercase to ASCII letters (in "from", "arg" and "as"): each character must be the
        // keyword's letter or its uppercase, which differ in bit 0x20 alone.
        return keyword.withUTF8Buffer { letters in
            zip(word, letters).allSatisfy { character, letter in character.asciiCode.map { $0 | 0x20 } == letter }
        }
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
            if let override = buildArgs[name] {
                globalArgs[name] = override
                continue
            }
            guard let equals else { continue }
            let value: String
            do throws(ShellWordError) {
                value = try expandArgValue(word.text[(equals + 1)...])
            } catch {
                throw instruction.error(at: word.offset + (equals - word.text.startIndex) + 1, "ARG \(word.display): \(error.message)")
            }
            globalArgs[name] = value
        }
    }

    /// Kept separate so the expander's reference to `globalArgs` is gone before `globalArgs` is mutated (no copy per ARG).
    private mutating func expandArgValue(_ characters: ArraySlice<C>) throws(ShellWordError) -> String {
        var expander = WordExpander(characters, escape: escape, environment: globalArgs, budget: expansionBudget)
        let value = try expander.expand()
        expansionBudget = expander.remainingBudget
        return value
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
        var index = argumentsStart
        var platformFlag: Word<C>?
        while let flag = Self.nextFlag(characters, at: &index) {
            let body = flag.text.dropFirst(2)
            guard C.string(body.prefix { $0 != "=" }) == "platform" else { continue }
            guard let equals = body.firstIndex(of: "=") else {
                throw instruction.error(at: flag.offset, "FROM --platform requires a value (--platform=<os>/<arch>)")
            }
            platformFlag = Word(text: body[(equals + 1)...], offset: flag.offset)
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
            guard !stageNames.contains(name) else {
                throw instruction.error(at: written.offset, "duplicate stage name \"\(abbreviated(name))\"")
            }
            stageName = name
        }

        let base = try resolveBase(image, in: instruction)
        var platform: String?
        if let platformFlag { platform = try resolvePlatform(platformFlag, in: instruction) }
        stages.append(Dockerfile.Stage(base: base, name: stageName, platform: platform, line: instruction.startLine))
        if let stageName { stageNames.insert(stageName) }
    }

    private mutating func resolveBase(_ image: Word<C>, in instruction: LogicalLine<C>) throws(DockerfileError) -> Dockerfile.Stage.Base {
        var expander = WordExpander(image.text, escape: escape, environment: globalArgs, budget: expansionBudget)
        let expanded: String
        do throws(ShellWordError) {
            expanded = try expander.expand()
            expansionBudget = expander.remainingBudget
        } catch {
            throw instruction.error(at: image.offset, "FROM \(image.display): \(error.message)")
        }
        let lowercased = expanded.lowercased()
        if lowercased == "scratch" { return .scratch }
        if stageNames.contains(lowercased) { return .stage(lowercased) }
        do throws(ImageReferenceError) {
            let reference = try ImageReference.parse(expanded)
            return .image(reference)
        } catch {
            if let variable = expander.firstUnsetVariable {
                throw instruction.error(at: image.offset, "FROM \(image.display): \(unsetExplanation(variable))")
            }
            if expanded.isEmpty {
                throw instruction.error(at: image.offset, "FROM \(image.display): base image name is empty after ARG expansion")
            }
            let reason = "invalid image reference \"\(abbreviated(error.reference))\": \(error.reason)"
            throw instruction.error(at: image.offset, "FROM \(image.display): \(reason)")
        }
    }

    private func unsetExplanation(_ name: String) -> String {
        let variable = abbreviated(name)
        if declaredGlobalArgs.contains(name) {
            return "ARG \(variable) has no default value and no build arg was given"
        }
        if DockerfileSyntax.automaticPlatformArgs.contains(name) {
            return "\(variable) is an automatic platform ARG whose value is only known at build time"
        }
        if stageArgs.contains(name) {
            return "ARG \(variable) is declared after the first FROM, so FROM instructions cannot use it"
        }
        return "ARG \(variable) is not declared before the first FROM"
    }

    private mutating func resolvePlatform(_ flag: Word<C>, in instruction: LogicalLine<C>) throws(DockerfileError) -> String? {
        var expander = WordExpander(flag.text, escape: escape, environment: globalArgs, budget: expansionBudget)
        let expanded: String
        do throws(ShellWordError) {
            expanded = try expander.expand()
            expansionBudget = expander.remainingBudget
        } catch {
            throw instruction.error(at: flag.offset, "FROM --platform=\(flag.display): \(error.message)")
        }
        if !expander.referencedVariables.isDisjoint(with: DockerfileSyntax.automaticPlatformArgs) { return flag.string }
        return expanded.isEmpty ? nil : expanded
    }

    /// The next leading `--flag[=value]` word with quotes removed (BuildKit `extractBuilderFlags`); nil after the last flag.
    private static func nextFlag(_ characters: [C], at index: inout Int) -> Word<C>? {
        var position = index
        while position < characters.count, characters[position].isWhitespace { position += 1 }
        guard position + 1 < characters.count, characters[position] == "-", characters[position + 1] == "-" else {
            return nil
        }
        let start = position
        var text: [C] = []
        var quote: C?
        while position < characters.count {
            let character = characters[position]
            position += 1
            if quote == nil, character.isWhitespace { break }
            if let open = quote, character == open {
                quote = nil
            } else if quote == nil, character == "'" || character == "\"" {
                quote = character
            } else if character == "\\" {
                if position < characters.count {
                    text.append(characters[position])
                    position += 1
                }
            } else {
                text.append(character)
            }
        }
        index = position
        if text.count == 2, text[0] == "-", text[1] == "-" { return nil }
        return Word(text: text[...], offset: start)
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
