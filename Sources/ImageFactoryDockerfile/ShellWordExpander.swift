/// Why a word could not be expanded.
struct ShellWordError: Error {
    var message: String
}

/// BuildKit's shell lexer for a single word: quotes, escapes and `$VAR` / `${VAR…}` substitution.
///
/// The expansion is built as UTF-8 bytes: appending a character or a value to them is what appending it to a
/// string does, without a string's bookkeeping per character.
struct WordExpander<C: DockerfileCharacter> {
    private static var maximumNesting: Int { 64 }

    private let characters: ArraySlice<C>
    private let escape: C
    private let environment: [String: String]
    private var position: Int
    private var nesting = 0
    /// Every variable name the word refers to.
    private(set) var referencedVariables: Set<String> = []
    /// The first `$VAR` / `${VAR}` that was unset and therefore expanded to nothing.
    private(set) var firstUnsetVariable: String?
    /// Work units left: characters copied plus pattern-matching steps.
    private(set) var remainingBudget: Int

    init(_ characters: ArraySlice<C>, escape: C, environment: [String: String], budget: Int) {
        self.characters = characters
        self.escape = escape
        self.environment = environment
        self.remainingBudget = budget
        position = characters.startIndex
    }

    private var end: Int { characters.endIndex }

    private mutating func append(_ text: String, to result: inout [UInt8]) throws(ShellWordError) {
        remainingBudget -= text.utf8.count
        guard remainingBudget >= 0 else { throw ShellPattern.budgetExceeded }
        result.append(contentsOf: text.utf8)
    }

    mutating func expand() throws(ShellWordError) -> String {
        // A word without quotes, escapes or variables (most base image names) is its own expansion.
        guard characters.contains(where: { $0 == "$" || $0 == "'" || $0 == "\"" || $0 == escape }) else { return C.string(characters) }
        return try process(until: nil, rawEscapes: false)
    }

    private mutating func process(until stop: C?, rawEscapes: Bool) throws(ShellWordError) -> String {
        var result: [UInt8] = []
        // Room for the rest of the word as written: usually all of the expansion.
        result.reserveCapacity(end - position)
        while position < end {
            let character = characters[position]
            if let stop, character == stop {
                position += 1
                return String(decoding: result, as: UTF8.self)
            }
            switch character {
            case "$":
                try append(dollar(), to: &result)
            case "'":
                try append(singleQuoted(), to: &result)
            case "\"":
                try append(doubleQuoted(rawEscapes: rawEscapes), to: &result)
            default:
                position += 1
                guard character == escape else {
                    character.appendUTF8(to: &result)
                    continue
                }
                if rawEscapes { character.appendUTF8(to: &result) }
                guard position < end else { break }
                characters[position].appendUTF8(to: &result)
                position += 1
            }
        }
        if let stop {
            throw ShellWordError(message: "unexpected end of statement while looking for matching \(C.string([stop]))")
        }
        return String(decoding: result, as: UTF8.self)
    }

    private mutating func singleQuoted() throws(ShellWordError) -> String {
        position += 1
        let start = position
        while position < end {
            let character = characters[position]
            position += 1
            if character == "'" { return C.string(characters[start..<(position - 1)]) }
        }
        throw ShellWordError(message: "unexpected end of statement while looking for matching single-quote")
    }

    private mutating func doubleQuoted(rawEscapes: Bool) throws(ShellWordError) -> String {
        position += 1
        var result: [UInt8] = []
        while position < end {
            let character = characters[position]
            if character == "\"" {
                position += 1
                return String(decoding: result, as: UTF8.self)
            }
            if character == "$" {
                try append(dollar(), to: &result)
                continue
            }
            position += 1
            if character == escape, position < end {
                let next = characters[position]
                if next == "\"" || next == "$" || next == escape {
                    if rawEscapes { character.appendUTF8(to: &result) }
                    next.appendUTF8(to: &result)
                    position += 1
                    continue
                }
            } else if character == escape {
                continue
            }
            character.appendUTF8(to: &result)
        }
        throw ShellWordError(message: "unexpected end of statement while looking for matching double-quote")
    }

    private var missingBrace: ShellWordError { ShellWordError(message: "syntax error: missing '}'") }

    private mutating func dollar() throws(ShellWordError) -> String {
        position += 1
        guard position < end, characters[position] == "{" else {
            let name = readName()
            if name.isEmpty { return "$" }
            return lookup(name, plain: true) ?? ""
        }
        position += 1
        guard position < end else { throw missingBrace }
        let first = characters[position]
        if first == "{" || first == "}" || first == ":" {
            throw ShellWordError(message: "syntax error: bad substitution")
        }
        let name = readName()
        guard position < end else { throw missingBrace }
        var modifier = characters[position]
        position += 1
        if modifier == "}" { return lookup(name, plain: true) ?? "" }

        guard nesting < Self.maximumNesting else {
            throw ShellWordError(message: "variable substitutions are nested too deeply")
        }
        nesting += 1
        defer { nesting -= 1 }

        var modifierText = [modifier]
        let nullIsUnset = modifier == ":"
        if nullIsUnset {
            guard position < end else { throw missingBrace }
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
            let longest = pattern.first == (modifier == "#" ? "#" : "%")
            if longest { pattern.removeFirst() }
            let glob = try ShellPattern(pattern)
            let text = Array(try charged(value ?? ""))
            return modifier == "#"
                ? String(text.dropFirst(try glob.prefixLength(of: text, longest: longest, budget: &remainingBudget)))
                : String(text.dropLast(try glob.reversed().prefixLength(of: text.reversed(), longest: longest, budget: &remainingBudget)))
        default:
            throw ShellWordError(message: "unsupported modifier (\(C.string(modifierText))) in substitution")
        }
    }

    private mutating func charged(_ text: String) throws(ShellWordError) -> String {
        remainingBudget -= text.utf8.count
        guard remainingBudget >= 0 else { throw ShellPattern.budgetExceeded }
        return text
    }

    /// `${VAR/pattern/replacement}` and `${VAR//pattern/replacement}`.
    private mutating func replace(_ name: String) throws(ShellWordError) -> String {
        let replacesAll = position < end && characters[position] == "/"
        if replacesAll { position += 1 }
        let pattern: String
        do throws(ShellWordError) {
            pattern = try process(until: "/", rawEscapes: true)
        } catch {
            if position >= end { throw ShellWordError(message: "syntax error: missing '/' in ${}") }
            throw error
        }
        let replacement = try argument(until: "}", rawEscapes: true)
        let glob = try ShellPattern(pattern)
        let value = Array(try charged(lookup(name, plain: false) ?? ""))
        return try glob.replacing(in: value, with: replacement, all: replacesAll, budget: &remainingBudget)
    }

    private mutating func argument(until stop: C, rawEscapes: Bool) throws(ShellWordError) -> String {
        do throws(ShellWordError) {
            return try process(until: stop, rawEscapes: rawEscapes)
        } catch {
            if position >= end { throw missingBrace }
            throw error
        }
    }

    private mutating func readName() -> String {
        guard position < end else { return "" }
        let first = characters[position]
        let start = position
        if first.isDecimalDigit {
            while position < end, characters[position].isDecimalDigit { position += 1 }
            return C.string(characters[start..<position])
        }
        if first == "@" || first == "*" || first == "#" || first == "?" || first == "-" || first == "$" || first == "!" {
            position += 1
            return C.string([first])
        }
        while position < end {
            let character = characters[position]
            guard character.isLetter || character.isDecimalDigit || character == "_" else { break }
            position += 1
        }
        return C.string(characters[start..<position])
    }

    private mutating func lookup(_ name: String, plain: Bool) -> String? {
        referencedVariables.insert(name)
        let value = environment[name]
        if value == nil, plain, firstUnsetVariable == nil { firstUnsetVariable = name }
        return value
    }
}

/// A shell wildcard pattern (`*`, `?`, `\` escapes) as used by `${VAR#…}`, `${VAR%…}` and `${VAR/…/…}`.
struct ShellPattern {
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
