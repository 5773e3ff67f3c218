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
        guard !text.utf8.contains(0) else {
            throw DockerfileError(line: 1, column: 1, message: "not a text file (contains NUL bytes)")
        }
        var reader = DockerfileReader(text: text, buildArgs: buildArgs)
        return try reader.read()
    }
}

// MARK: - Reading instructions

/// A word of an instruction and the offset of its first character in the logical line.
private struct Word {
    var text: [Character]
    var offset: Int

    var string: String { text.joinedString }

    /// The word as written, shortened for error messages.
    var display: String { abbreviated(string) }
}

/// `text`, cut to a readable length for error messages.
private func abbreviated(_ text: String) -> String {
    let limit = 200
    return text.count > limit ? text.prefix(limit) + "…" : text
}

/// An instruction with its continuation lines joined, mapping offsets back to physical lines.
private struct LogicalLine {
    struct Segment {
        var offset: Int
        var line: Int
        var column: Int
    }

    let startLine: Int
    private(set) var characters: [Character] = []
    private var segments: [Segment] = []

    init(startLine: Int) {
        self.startLine = startLine
    }

    mutating func append(_ text: Substring, line: Int, column: Int) {
        segments.append(Segment(offset: characters.count, line: line, column: column))
        // In ASCII text without carriage returns every byte is a character of its own: no need to find the
        // grapheme boundaries.
        let appended = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard bytes.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) else { return false }
            characters.reserveCapacity(characters.count + bytes.count)
            for byte in bytes { characters.append(Character.ascii[Int(byte)]) }
            return true
        } ?? false
        if !appended { characters.append(contentsOf: text) }
    }

    func position(of offset: Int) -> (line: Int, column: Int) {
        guard var current = segments.first else { return (startLine, 1) }
        for segment in segments.dropFirst() where segment.offset <= offset {
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

private struct DockerfileReader {
    private static let directiveNames: Set<String> = ["syntax", "escape", "check"]
    private static let knownInstructions: Set<String> = [
        "add", "arg", "cmd", "copy", "entrypoint", "env", "expose", "from", "healthcheck", "label",
        "maintainer", "onbuild", "run", "shell", "stopsignal", "user", "volume", "workdir",
    ]
    private static let heredocInstructions: Set<String> = ["add", "copy", "run"]
    private static let automaticPlatformArgs: Set<String> = [
        "BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT",
        "TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT",
    ]

    private let lines: [Substring]
    private let buildArgs: [String: String]
    private var nextLine = 0
    private var escape: Character = "\\"
    private var directivesDone = false
    private var seenDirectives: Set<String> = []
    private var globalArgs: [String: String] = [:]
    private var declaredGlobalArgs: Set<String> = []
    private var stageArgs: Set<String> = []
    private var stageNames: Set<String> = []
    private var stages: [Dockerfile.Stage] = []
    /// Work allowed for all variable substitutions together, so hostile ARG chains stay linear in the input size.
    private var expansionBudget = 16 * DockerfileParser.maximumSize

    init(text: String, buildArgs: [String: String]) {
        var body = Substring(text)
        if body.first == "\u{FEFF}" { body = body.dropFirst() }
        if body.utf8.contains(0x0D) {
            var lines = body.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
            if lines.count > 1, lines.last?.isEmpty == true { lines.removeLast() }
            self.lines = lines.map { line in
                var line = line
                while line.last == "\r" { line.removeLast() }
                return line
            }
        } else {
            // Without carriage returns every line feed is a character of its own, so splitting the bytes gives
            // the same lines without breaking the text into characters.
            var lines = body.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { Substring($0) }
            if lines.count > 1, lines.last?.isEmpty == true { lines.removeLast() }
            self.lines = lines
        }
        self.buildArgs = buildArgs
    }

    mutating func read() throws(DockerfileError) -> Dockerfile {
        while let instruction = try nextInstruction() {
            try handle(instruction)
            try skipHeredocBodies(of: instruction)
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
    private mutating func nextInstruction() throws(DockerfileError) -> LogicalLine? {
        while nextLine < lines.count {
            let number = nextLine + 1
            let physical = lines[nextLine]
            nextLine += 1
            let start = physical.firstIndex { !$0.isWhitespaceFast } ?? physical.endIndex
            let trimmed = physical[start...]
            let column = physical.distance(from: physical.startIndex, to: start) + 1
            if !directivesDone, try parseDirective(trimmed, line: number, column: column) { continue }
            if trimmed.first == "#" { continue }
            var (content, complete) = splitContinuation(trimmed)
            if complete && content.isEmpty { continue }

            var instruction = LogicalLine(startLine: number)
            instruction.append(content, line: number, column: column)
            while !complete && nextLine < lines.count {
                let continuationNumber = nextLine + 1
                let continuation = lines[nextLine]
                nextLine += 1
                let firstVisible = continuation.first { !$0.isWhitespaceFast }
                if firstVisible == nil || firstVisible == "#" { continue }
                (content, complete) = splitContinuation(continuation)
                instruction.append(content, line: continuationNumber, column: 1)
            }
            return instruction
        }
        return nil
    }

    /// Removes a trailing line-continuation escape (unless it is itself escaped); `complete` is false when one was removed.
    private func splitContinuation(_ line: Substring) -> (content: Substring, complete: Bool) {
        var end = line.endIndex
        while end > line.startIndex {
            let previous = line.index(before: end)
            guard line[previous] == " " || line[previous] == "\t" else { break }
            end = previous
        }
        guard end > line.startIndex else { return (line, true) }
        let last = line.index(before: end)
        guard line[last] == escape else { return (line, true) }
        if last > line.startIndex, line[line.index(before: last)] == escape { return (line, true) }
        return (line[..<last], false)
    }

    /// Handles `# key=value` parser directives; returns false and ends the directive section for any other line.
    private mutating func parseDirective(_ text: Substring, line number: Int, column: Int) throws(DockerfileError) -> Bool {
        guard let (key, value) = Self.directive(in: text), Self.directiveNames.contains(key) else {
            directivesDone = true
            return false
        }
        guard seenDirectives.insert(key).inserted else {
            throw DockerfileError(line: number, column: column, message: "only one \(key) parser directive can be used")
        }
        if key == "escape" {
            guard value == "\\" || value == "`", let token = value.first else {
                throw DockerfileError(line: number, column: column, message: "invalid escape token '\(value)' does not match ` or \\")
            }
            escape = token
        }
        return true
    }

    /// `#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*`
    private static func directive(in line: Substring) -> (key: String, value: String)? {
        guard line.first == "#" else { return nil }
        var rest = line.dropFirst().drop { $0.isWhitespaceFast }
        let key = rest.prefix { $0.isASCII && ($0.isLetter || $0.isNumber) }
        guard let first = key.first, first.isLetter else { return nil }
        rest = rest.dropFirst(key.count).drop { $0.isWhitespaceFast }
        guard rest.first == "=" else { return nil }
        var value = rest.dropFirst().drop { $0.isWhitespaceFast }
        while value.last?.isWhitespaceFast == true { value.removeLast() }
        guard !value.isEmpty else { return nil }
        return (key.lowercased(), String(value))
    }

    private mutating func handle(_ instruction: LogicalLine) throws(DockerfileError) {
        let characters = instruction.characters
        var index = 0
        while index < characters.count, characters[index].isWhitespaceFast { index += 1 }
        let keywordStart = index
        while index < characters.count, !Self.isBlank(characters[index]) { index += 1 }
        let keyword = characters[keywordStart..<index].joinedString
        while index < characters.count, Self.isBlank(characters[index]) { index += 1 }

        switch keyword.lowercased() {
        case "from":
            try handleFrom(instruction, keywordStart: keywordStart, argumentsStart: index)
        case "arg":
            try handleArg(instruction, keywordStart: keywordStart, argumentsStart: index)
        case let name:
            guard stages.isEmpty else { return }
            let message = Self.knownInstructions.contains(name)
                ? "\(keyword.uppercased()) instruction before the first FROM: no build stage in current context"
                : "unknown instruction \"\(abbreviated(keyword))\" before the first FROM"
            throw instruction.error(at: keywordStart, message)
        }
    }

    // MARK: ARG

    private mutating func handleArg(_ instruction: LogicalLine, keywordStart: Int, argumentsStart: Int) throws(DockerfileError) {
        let words = Self.argumentWords(instruction.characters, from: argumentsStart, escape: escape)
        guard !words.isEmpty else {
            throw instruction.error(at: keywordStart, "ARG requires at least one argument")
        }
        for word in words {
            let equals = word.text.firstIndex(of: "=")
            let name = word.text[..<(equals ?? word.text.endIndex)].joinedString
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
                value = try expandArgValue(Array(word.text[(equals + 1)...]))
            } catch {
                throw instruction.error(at: word.offset + equals + 1, "ARG \(word.display): \(error.message)")
            }
            globalArgs[name] = value
        }
    }

    /// Kept separate so the expander's reference to `globalArgs` is gone before `globalArgs` is mutated (no copy per ARG).
    private mutating func expandArgValue(_ characters: [Character]) throws(ShellWordError) -> String {
        var expander = WordExpander(characters, escape: escape, environment: globalArgs, budget: expansionBudget)
        let value = try expander.expand()
        expansionBudget = expander.remainingBudget
        return value
    }

    /// Splits ARG arguments on whitespace outside quotes, keeping quotes and escapes (BuildKit `parseWords`).
    private static func argumentWords(_ characters: [Character], from start: Int, escape: Character) -> [Word] {
        var words: [Word] = []
        var word: [Character] = []
        var wordStart = start
        var inWord = false
        var quote: Character?
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
                if character.isWhitespaceFast {
                    index += 1
                    continue
                }
                inWord = true
                wordStart = index
            }
            if character.isWhitespaceFast {
                if keepEmpty || !word.isEmpty { words.append(Word(text: word, offset: wordStart)) }
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
        if inWord && (keepEmpty || !word.isEmpty) { words.append(Word(text: word, offset: wordStart)) }
        return words
    }

    // MARK: FROM

    private mutating func handleFrom(_ instruction: LogicalLine, keywordStart: Int, argumentsStart: Int) throws(DockerfileError) {
        let characters = instruction.characters
        var index = argumentsStart
        var platformFlag: Word?
        while let flag = Self.nextFlag(characters, at: &index) {
            let body = flag.text.dropFirst(2)
            guard body.prefix(while: { $0 != "=" }).elementsEqual("platform") else { continue }
            guard let equals = body.firstIndex(of: "=") else {
                throw instruction.error(at: flag.offset, "FROM --platform requires a value (--platform=<os>/<arch>)")
            }
            platformFlag = Word(text: Array(body[(equals + 1)...]), offset: flag.offset)
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
            guard keyword.string.lowercased() == "as" else {
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

    private mutating func resolveBase(_ image: Word, in instruction: LogicalLine) throws(DockerfileError) -> Dockerfile.Stage.Base {
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
        if Self.automaticPlatformArgs.contains(name) {
            return "\(variable) is an automatic platform ARG whose value is only known at build time"
        }
        if stageArgs.contains(name) {
            return "ARG \(variable) is declared after the first FROM, so FROM instructions cannot use it"
        }
        return "ARG \(variable) is not declared before the first FROM"
    }

    private mutating func resolvePlatform(_ flag: Word, in instruction: LogicalLine) throws(DockerfileError) -> String? {
        var expander = WordExpander(flag.text, escape: escape, environment: globalArgs, budget: expansionBudget)
        let expanded: String
        do throws(ShellWordError) {
            expanded = try expander.expand()
            expansionBudget = expander.remainingBudget
        } catch {
            throw instruction.error(at: flag.offset, "FROM --platform=\(flag.display): \(error.message)")
        }
        if !expander.referencedVariables.isDisjoint(with: Self.automaticPlatformArgs) { return flag.string }
        return expanded.isEmpty ? nil : expanded
    }

    /// The next leading `--flag[=value]` word with quotes removed (BuildKit `extractBuilderFlags`); nil after the last flag.
    private static func nextFlag(_ characters: [Character], at index: inout Int) -> Word? {
        var position = index
        while position < characters.count, characters[position].isWhitespaceFast { position += 1 }
        guard position + 1 < characters.count, characters[position] == "-", characters[position + 1] == "-" else {
            return nil
        }
        let start = position
        var text: [Character] = []
        var quote: Character?
        while position < characters.count {
            let character = characters[position]
            position += 1
            if quote == nil, character.isWhitespaceFast { break }
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
        if text == ["-", "-"] { return nil }
        return Word(text: text, offset: start)
    }

    private static func blankSeparatedWords(_ characters: [Character], from start: Int) -> [Word] {
        var words: [Word] = []
        var index = start
        while index < characters.count {
            if isBlank(characters[index]) {
                index += 1
                continue
            }
            let wordStart = index
            while index < characters.count, !isBlank(characters[index]) { index += 1 }
            words.append(Word(text: Array(characters[wordStart..<index]), offset: wordStart))
        }
        return words
    }

    /// BuildKit's instruction separator `[\t\v\f\r ]`.
    private static func isBlank(_ character: Character) -> Bool {
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
    private mutating func skipHeredocBodies(of instruction: LogicalLine) throws(DockerfileError) {
        for heredoc in Self.heredocs(in: instruction.characters) {
            var terminated = false
            while nextLine < lines.count {
                var candidate = lines[nextLine]
                nextLine += 1
                if heredoc.stripsLeadingTabs { candidate = candidate.drop { $0 == "\t" } }
                if candidate == heredoc.name {
                    terminated = true
                    break
                }
            }
            guard terminated else {
                throw instruction.error(at: heredoc.offset, "unterminated heredoc: no line \"\(heredoc.name)\" before the end of the file")
            }
        }
    }

    private static func heredocs(in characters: [Character]) -> [Heredoc] {
        guard zip(characters, characters.dropFirst()).contains(where: { $0 == "<" && $1 == "<" }) else { return [] }
        guard let words = heredocWords(characters), let keyword = words.first else { return [] }
        var instruction = keyword.string.lowercased()
        var arguments = words.dropFirst()
        if instruction == "onbuild", let inner = arguments.first {
            instruction = inner.string.lowercased()
            arguments = arguments.dropFirst()
        }
        guard heredocInstructions.contains(instruction) else { return [] }
        let firstOperand = arguments.first { !$0.text.starts(with: ["-", "-"]) }
        if firstOperand?.text.first == "[", characters.last(where: { !$0.isWhitespaceFast }) == "]" { return [] }
        return arguments.compactMap(heredoc(in:))
    }

    /// Whitespace-separated words with quotes and escapes kept; `<<` absorbs following blanks. Nil on an unterminated quote.
    private static func heredocWords(_ characters: [Character]) -> [Word]? {
        var words: [Word] = []
        var word: [Character] = []
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
                word.append(contentsOf: "<<")
                index += 2
                while index < characters.count, characters[index] == " " || characters[index] == "\t" {
                    word.append(characters[index])
                    index += 1
                }
            } else if character.isWhitespaceFast {
                if !word.isEmpty { words.append(Word(text: word, offset: wordStart)) }
                word = []
                index += 1
            } else {
                begin()
                word.append(character)
                index += 1
            }
        }
        if !word.isEmpty { words.append(Word(text: word, offset: wordStart)) }
        return words
    }

    /// `^(\d*)<<(-?)\s*([^<]*)$` with the terminator word unquoted.
    private static func heredoc(in word: Word) -> Heredoc? {
        let text = word.text
        var index = 0
        while index < text.count, text[index].isASCII, text[index].isNumber { index += 1 }
        guard index + 1 < text.count, text[index] == "<", text[index + 1] == "<" else { return nil }
        index += 2
        let stripsLeadingTabs = index < text.count && text[index] == "-"
        if stripsLeadingTabs { index += 1 }
        while index < text.count, text[index].isWhitespaceFast { index += 1 }
        let rest = text[index...]
        guard !rest.isEmpty, !rest.contains("<"), let name = unquotedSingleWord(rest), !name.isEmpty else { return nil }
        return Heredoc(name: name, stripsLeadingTabs: stripsLeadingTabs, offset: word.offset)
    }

    private static func unquotedSingleWord(_ text: ArraySlice<Character>) -> String? {
        var result = ""
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
                    if text[index] == "\\", index + 1 < text.endIndex, ["\"", "$", "\\"].contains(text[index + 1]) {
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
            case let other where other.isWhitespaceFast:
                return nil
            default:
                result.append(character)
            }
        }
        return result
    }
}
