/// What a Dockerfile builds from.
public struct Dockerfile: Sendable, Equatable {
    /// A build stage, started by a `FROM` instruction.
    public struct Stage: Sendable, Equatable {
        /// What a stage starts from.
        public enum Base: Sendable, Equatable {
            /// An external image.
            case image(ImageReference)
            /// An earlier stage of the same Dockerfile, by its lowercased name.
            case stage(String)
            /// The empty `scratch` image.
            case scratch
        }

        /// What the stage starts from.
        public var base: Base
        /// The `AS` name, lowercased.
        public var name: String?
        /// The `--platform` value after ARG expansion; as written when it uses automatic platform ARGs such as `$BUILDPLATFORM`.
        public var platform: String?
        /// 1-based line of the `FROM` instruction.
        public var line: Int

        public init(base: Base, name: String? = nil, platform: String? = nil, line: Int) {
            self.base = base
            self.name = name
            self.platform = platform
            self.line = line
        }
    }

    /// Build stages in file order.
    public var stages: [Stage]

    public init(stages: [Stage]) {
        self.stages = stages
    }

    /// External base images in first-appearance order, deduplicated (stage references and scratch excluded).
    public var baseImages: [ImageReference] {
        var seen: Set<ImageReference> = []
        var images: [ImageReference] = []
        for stage in stages {
            if case .image(let reference) = stage.base, seen.insert(reference).inserted {
                images.append(reference)
            }
        }
        return images
    }
}

/// A Dockerfile that cannot be read, with the 1-based position of the problem.
public struct DockerfileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// 1-based line.
    public var line: Int
    /// 1-based column, in characters of the original line.
    public var column: Int
    /// What is wrong.
    public var message: String

    public init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    /// `line:column: message`
    public var description: String { "\(line):\(column): \(message)" }
}

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

    var string: String { String(text) }

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
        characters.append(contentsOf: text)
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
        var lines = body.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        if lines.count > 1, lines.last?.isEmpty == true { lines.removeLast() }
        self.lines = lines.map { line in
            var line = line
            while line.last == "\r" { line.removeLast() }
            return line
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
        return Dockerfile(stages: stages)
    }

    /// The next instruction with continuations joined; comments, blank lines and directives are skipped.
    private mutating func nextInstruction() throws(DockerfileError) -> LogicalLine? {
        while nextLine < lines.count {
            let number = nextLine + 1
            let physical = lines[nextLine]
            nextLine += 1
            let start = physical.firstIndex { !$0.isWhitespace } ?? physical.endIndex
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
        var rest = line.dropFirst().drop { $0.isWhitespace }
        let key = rest.prefix { $0.isASCII && ($0.isLetter || $0.isNumber) }
        guard let first = key.first, first.isLetter else { return nil }
        rest = rest.dropFirst(key.count).drop { $0.isWhitespace }
        guard rest.first == "=" else { return nil }
        var value = rest.dropFirst().drop { $0.isWhitespace }
        while value.last?.isWhitespace == true { value.removeLast() }
        guard !value.isEmpty else { return nil }
        return (key.lowercased(), String(value))
    }

    private mutating func handle(_ instruction: LogicalLine) throws(DockerfileError) {
        let characters = instruction.characters
        var index = 0
        while index < characters.count, characters[index].isWhitespace { index += 1 }
        let keywordStart = index
        while index < characters.count, !Self.isBlank(characters[index]) { index += 1 }
        let keyword = String(characters[keywordStart..<index])
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
            let name = String(word.text[..<(equals ?? word.text.endIndex)])
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
                if character.isWhitespace {
                    index += 1
                    continue
                }
                inWord = true
                wordStart = index
            }
            if character.isWhitespace {
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
        while position < characters.count, characters[position].isWhitespace { position += 1 }
        guard position + 1 < characters.count, characters[position] == "-", characters[position + 1] == "-" else {
            return nil
        }
        let start = position
        var text: [Character] = []
        var quote: Character?
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
        if firstOperand?.text.first == "[", characters.last(where: { !$0.isWhitespace }) == "]" { return [] }
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
            } else if character.isWhitespace {
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
        while index < text.count, text[index].isWhitespace { index += 1 }
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
            case let other where other.isWhitespace:
                return nil
            default:
                result.append(character)
            }
        }
        return result
    }
}

// MARK: - Variable substitution

private struct ShellWordError: Error {
    var message: String
}

/// BuildKit's shell lexer for a single word: quotes, escapes and `$VAR` / `${VAR…}` substitution.
private struct WordExpander {
    private static let maximumNesting = 64

    private let characters: [Character]
    private let escape: Character
    private let environment: [String: String]
    private var position = 0
    private var nesting = 0
    /// Every variable name the word refers to.
    private(set) var referencedVariables: Set<String> = []
    /// The first `$VAR` / `${VAR}` that was unset and therefore expanded to nothing.
    private(set) var firstUnsetVariable: String?
    /// Work units left: characters copied plus pattern-matching steps.
    private(set) var remainingBudget: Int

    init(_ characters: [Character], escape: Character, environment: [String: String], budget: Int) {
        self.characters = characters
        self.escape = escape
        self.environment = environment
        self.remainingBudget = budget
    }

    private mutating func charged(_ text: String) throws(ShellWordError) -> String {
        remainingBudget -= text.utf8.count
        guard remainingBudget >= 0 else { throw ShellPattern.budgetExceeded }
        return text
    }

    mutating func expand() throws(ShellWordError) -> String {
        try process(until: nil, rawEscapes: false)
    }

    private mutating func process(until stop: Character?, rawEscapes: Bool) throws(ShellWordError) -> String {
        var result = ""
        while position < characters.count {
            let character = characters[position]
            if let stop, character == stop {
                position += 1
                return result
            }
            switch character {
            case "$":
                result += try charged(dollar())
            case "'":
                result += try charged(singleQuoted())
            case "\"":
                result += try charged(doubleQuoted(rawEscapes: rawEscapes))
            default:
                position += 1
                guard character == escape else {
                    result.append(character)
                    continue
                }
                if rawEscapes { result.append(character) }
                guard position < characters.count else { break }
                result.append(characters[position])
                position += 1
            }
        }
        if let stop {
            throw ShellWordError(message: "unexpected end of statement while looking for matching \(stop)")
        }
        return result
    }

    private mutating func singleQuoted() throws(ShellWordError) -> String {
        position += 1
        var result = ""
        while position < characters.count {
            let character = characters[position]
            position += 1
            if character == "'" { return result }
            result.append(character)
        }
        throw ShellWordError(message: "unexpected end of statement while looking for matching single-quote")
    }

    private mutating func doubleQuoted(rawEscapes: Bool) throws(ShellWordError) -> String {
        position += 1
        var result = ""
        while position < characters.count {
            let character = characters[position]
            if character == "\"" {
                position += 1
                return result
            }
            if character == "$" {
                result += try charged(dollar())
                continue
            }
            position += 1
            if character == escape, position < characters.count {
                let next = characters[position]
                if next == "\"" || next == "$" || next == escape {
                    if rawEscapes { result.append(character) }
                    result.append(next)
                    position += 1
                    continue
                }
            } else if character == escape {
                continue
            }
            result.append(character)
        }
        throw ShellWordError(message: "unexpected end of statement while looking for matching double-quote")
    }

    private var missingBrace: ShellWordError { ShellWordError(message: "syntax error: missing '}'") }

    private mutating func dollar() throws(ShellWordError) -> String {
        position += 1
        guard position < characters.count, characters[position] == "{" else {
            let name = readName()
            if name.isEmpty { return "$" }
            return lookup(name, plain: true) ?? ""
        }
        position += 1
        guard position < characters.count else { throw missingBrace }
        if ["{", "}", ":"].contains(characters[position]) {
            throw ShellWordError(message: "syntax error: bad substitution")
        }
        let name = readName()
        guard position < characters.count else { throw missingBrace }
        var modifier = characters[position]
        position += 1
        if modifier == "}" { return lookup(name, plain: true) ?? "" }

        guard nesting < Self.maximumNesting else {
            throw ShellWordError(message: "variable substitutions are nested too deeply")
        }
        nesting += 1
        defer { nesting -= 1 }

        var modifierText = String(modifier)
        let nullIsUnset = modifier == ":"
        if nullIsUnset {
            guard position < characters.count else { throw missingBrace }
            modifier = characters[position]
            position += 1
            modifierText.append(modifier)
        } else if modifier == "/" {
            return try replace(name)
        }

        let unsetBeforeWord = firstUnsetVariable
        let word = try argument(until: "}", rawEscapes: modifier == "#" || modifier == "%")
        let value = lookup(name, plain: false)
        let isUnset = value == nil || (nullIsUnset && value == "")
        switch modifier {
        case "-":
            guard isUnset else {
                firstUnsetVariable = unsetBeforeWord
                return value ?? ""
            }
            return word
        case "+":
            guard isUnset else { return word }
            firstUnsetVariable = unsetBeforeWord
            return ""
        case "?":
            guard let value else {
                throw ShellWordError(message: "\(name): \(word.isEmpty ? "is not allowed to be unset" : word)")
            }
            if nullIsUnset && value.isEmpty {
                throw ShellWordError(message: "\(name): \(word.isEmpty ? "is not allowed to be empty" : word)")
            }
            firstUnsetVariable = unsetBeforeWord
            return value
        case "#", "%":
            var pattern = word
            let longest = pattern.first == modifier
            if longest { pattern.removeFirst() }
            let glob = try ShellPattern(pattern)
            let text = Array(try charged(value ?? ""))
            return modifier == "#"
                ? String(text.dropFirst(try glob.prefixLength(of: text, longest: longest, budget: &remainingBudget)))
                : String(text.dropLast(try glob.reversed().prefixLength(of: text.reversed(), longest: longest, budget: &remainingBudget)))
        default:
            throw ShellWordError(message: "unsupported modifier (\(modifierText)) in substitution")
        }
    }

    /// `${VAR/pattern/replacement}` and `${VAR//pattern/replacement}`.
    private mutating func replace(_ name: String) throws(ShellWordError) -> String {
        let replacesAll = position < characters.count && characters[position] == "/"
        if replacesAll { position += 1 }
        let pattern: String
        do throws(ShellWordError) {
            pattern = try process(until: "/", rawEscapes: true)
        } catch {
            if position >= characters.count { throw ShellWordError(message: "syntax error: missing '/' in ${}") }
            throw error
        }
        let replacement = try argument(until: "}", rawEscapes: true)
        let glob = try ShellPattern(pattern)
        let value = Array(try charged(lookup(name, plain: false) ?? ""))
        return try glob.replacing(in: value, with: replacement, all: replacesAll, budget: &remainingBudget)
    }

    private mutating func argument(until stop: Character, rawEscapes: Bool) throws(ShellWordError) -> String {
        do throws(ShellWordError) {
            return try process(until: stop, rawEscapes: rawEscapes)
        } catch {
            if position >= characters.count { throw missingBrace }
            throw error
        }
    }

    private mutating func readName() -> String {
        guard position < characters.count else { return "" }
        let first = characters[position]
        var name = ""
        if Self.isDigit(first) {
            while position < characters.count, Self.isDigit(characters[position]) {
                name.append(characters[position])
                position += 1
            }
            return name
        }
        if "@*#?-$!".contains(first) {
            position += 1
            return String(first)
        }
        while position < characters.count {
            let character = characters[position]
            guard character.isLetter || Self.isDigit(character) || character == "_" else { break }
            name.append(character)
            position += 1
        }
        return name
    }

    private static func isDigit(_ character: Character) -> Bool {
        character.unicodeScalars.count == 1 && character.unicodeScalars.first?.properties.generalCategory == .decimalNumber
    }

    private mutating func lookup(_ name: String, plain: Bool) -> String? {
        referencedVariables.insert(name)
        let value = environment[name]
        if value == nil, plain, firstUnsetVariable == nil { firstUnsetVariable = name }
        return value
    }
}

/// A shell wildcard pattern (`*`, `?`, `\` escapes) as used by `${VAR#…}`, `${VAR%…}` and `${VAR/…/…}`.
private struct ShellPattern {
    enum Token: Equatable {
        case literal(Character)
        case any
        case star
    }

    static let budgetExceeded = ShellWordError(message: "variable substitution needs too much work (is an ARG value growing without bound?)")

    private let tokens: [Token]

    private init(tokens: [Token]) {
        self.tokens = tokens
    }

    init(_ pattern: String) throws(ShellWordError) {
        let characters = Array(pattern)
        var tokens: [Token] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            index += 1
            switch character {
            case "*":
                tokens.append(.star)
            case "?":
                tokens.append(.any)
            case "\\":
                if index < characters.count, characters[index] == "}" || characters[index] == "/" { continue }
                guard index < characters.count, ["*", "?", "\\"].contains(characters[index]) else {
                    let escaped = index < characters.count ? String(characters[index]) : ""
                    throw ShellWordError(message: "invalid pattern (\(pattern)) in substitution: invalid escape '\\\(escaped)'")
                }
                tokens.append(.literal(characters[index]))
                index += 1
            default:
                tokens.append(.literal(character))
            }
        }
        self.tokens = tokens
    }

    func reversed() -> ShellPattern { ShellPattern(tokens: tokens.reversed()) }

    /// Length of the shortest (or longest) prefix of `text` the whole pattern matches; 0 when none does.
    func prefixLength<Text: Collection<Character>>(
        of text: Text, longest: Bool, budget: inout Int
    ) throws(ShellWordError) -> Int {
        var states = closure([true] + Array(repeating: false, count: tokens.count))
        var match: Int?
        var length = 0
        for character in text {
            try spend(&budget)
            if states[tokens.count] {
                if !longest { return length }
                match = length
            }
            states = step(states, character)
            length += 1
            if !states.contains(true) { return match ?? 0 }
        }
        if states[tokens.count] { match = length }
        return match ?? 0
    }

    /// One simulation step costs one unit per pattern state.
    private func spend(_ budget: inout Int) throws(ShellWordError) {
        budget -= tokens.count + 1
        guard budget >= 0 else { throw Self.budgetExceeded }
    }

    private func closure(_ states: [Bool]) -> [Bool] {
        var states = states
        for index in tokens.indices where states[index] && tokens[index] == .star {
            states[index + 1] = true
        }
        return states
    }

    private func step(_ states: [Bool], _ character: Character) -> [Bool] {
        var next = Array(repeating: false, count: tokens.count + 1)
        for index in tokens.indices where states[index] {
            switch tokens[index] {
            case .literal(let expected) where expected == character:
                next[index + 1] = true
            case .any:
                next[index + 1] = true
            case .star:
                next[index] = true
            case .literal:
                break
            }
        }
        return closure(next)
    }

    /// Replaces the leftmost-longest match (or every non-overlapping match) of the pattern.
    func replacing(
        in text: [Character], with replacement: String, all: Bool, budget: inout Int
    ) throws(ShellWordError) -> String {
        var result = ""
        var position = 0
        var previousMatchEnd: Int?
        while position <= text.count, let match = try firstMatch(in: text, from: position, budget: &budget) {
            if match.isEmpty, match.lowerBound == previousMatchEnd {
                guard match.lowerBound < text.count else { break }
                result.append(contentsOf: text[position...match.lowerBound])
                position = match.lowerBound + 1
                continue
            }
            result.append(contentsOf: text[position..<match.lowerBound])
            budget -= replacement.utf8.count
            result += replacement
            previousMatchEnd = match.upperBound
            position = match.upperBound
            if match.isEmpty {
                guard match.lowerBound < text.count else { break }
                result.append(text[match.lowerBound])
                position += 1
            }
            if !all { break }
        }
        if position < text.count { result.append(contentsOf: text[position...]) }
        return result
    }

    /// Leftmost, then longest, match starting at or after `start`; each state keeps its earliest start.
    private func firstMatch(in text: [Character], from start: Int, budget: inout Int) throws(ShellWordError) -> Range<Int>? {
        let accepting = tokens.count
        var starts = [Int?](repeating: nil, count: accepting + 1)
        var best: Range<Int>?
        var position = start
        while true {
            try spend(&budget)
            if best == nil, starts[0] == nil {
                starts[0] = position
                starts = closure(starts)
            }
            if let matchStart = starts[accepting] {
                if let current = best {
                    if matchStart < current.lowerBound || (matchStart == current.lowerBound && position > current.upperBound) {
                        best = matchStart..<position
                    }
                } else {
                    best = matchStart..<position
                }
            }
            if let current = best {
                starts = starts.map { start in start.flatMap { $0 <= current.lowerBound ? $0 : nil } }
            }
            guard position < text.count, best == nil || starts.contains(where: { $0 != nil }) else { break }
            starts = step(starts, text[position])
            position += 1
        }
        return best
    }

    private func closure(_ starts: [Int?]) -> [Int?] {
        var starts = starts
        for index in tokens.indices where tokens[index] == .star {
            if let start = starts[index] {
                starts[index + 1] = min(starts[index + 1] ?? start, start)
            }
        }
        return starts
    }

    private func step(_ starts: [Int?], _ character: Character) -> [Int?] {
        var next = [Int?](repeating: nil, count: tokens.count + 1)
        func reach(_ index: Int, from start: Int) {
            next[index] = min(next[index] ?? start, start)
        }
        for index in tokens.indices {
            guard let start = starts[index] else { continue }
            switch tokens[index] {
            case .literal(let expected) where expected == character:
                reach(index + 1, from: start)
            case .any:
                reach(index + 1, from: start)
            case .star:
                reach(index, from: start)
            case .literal:
                break
            }
        }
        return closure(next)
    }
}
