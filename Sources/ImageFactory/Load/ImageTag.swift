/// An image tag as written in images.yaml `build.tags` (the Kyma image-builder convention): `[name=]value`,
/// where the value mixes literal text with Go-template actions such as `{{ .ShortSHA }}`.
package struct ImageTag: Sendable, Hashable {
    /// A piece of the value: literal text, or what one action renders.
    package enum Part: Sendable, Hashable {
        case text(String)
        /// `{{ .ShortSHA }}`: the first 8 hex digits of the commit (a pull request's head commit, not GitHub's merge commit).
        case shortSHA
        /// `{{ .CommitSHA }}`: all 40 hex digits of the commit (a pull request's head commit, not GitHub's merge commit).
        case commitSHA
        /// `{{ .Date }}`: `YYYYMMDD`.
        case date
        /// `{{ .Time }}`: `HHmmss`.
        case time
        /// `{{ .PRNumber }}`: the pull request number, which exists only on pull requests.
        case prNumber
        /// `{{ .Env "NAME" }}`: NAME from the image's build env file.
        case env(String)
    }

    /// Given as `name=value`, or derived from the value by keeping only letters, digits, `_` and `-`.
    package var name: String
    package var parts: [Part]
    /// The value as written, after `name=`.
    package var written: String

    /// The longest tag Docker accepts.
    package static let maximumLength = 128

    /// Reads `[name=]value`, refusing anything that could not render to a valid Docker tag.
    package static func parse(_ text: String) throws(ImageTagError) -> ImageTag {
        guard !text.isEmpty else { throw ImageTagError(reason: "a tag must not be empty") }
        let isPrintableASCII = Self.isPrintableASCII(text)
        // Printable ASCII has one character per byte, so it splits the same byte by byte.
        let pieces = isPrintableASCII
            ? Substring(text).utf8.split(separator: UInt8(ascii: "="), omittingEmptySubsequences: false).map { Substring($0) }
            : text.split(separator: "=", omittingEmptySubsequences: false)
        let givenName: String?
        let value: String
        switch pieces.count {
        case 1: (givenName, value) = (nil, text)
        case 2: (givenName, value) = (String(pieces[0]), String(pieces[1]))
        default: throw ImageTagError(reason: "a tag is `value` or `name=value`; '\(shown(text))' has \(pieces.count - 1) `=`")
        }
        if let givenName, !isName(givenName) {
            throw ImageTagError(reason: "tag '\(shown(text))': the name '\(shown(givenName))' must be 1 to 64 letters, digits, '_' or '-'")
        }
        guard !value.isEmpty else { throw ImageTagError(reason: "tag '\(shown(text))' has no value after `=`") }
        let parts = try ValueParser(value: value, isPrintableASCII: isPrintableASCII).parts()
        let name = givenName
            ?? (isPrintableASCII
                ? String(decoding: value.utf8.filter(isNameByte), as: UTF8.self)
                : String(String.UnicodeScalarView(value.unicodeScalars.filter(isNameScalar))))
        guard !name.isEmpty else {
            throw ImageTagError(reason: "tag '\(shown(value))': no name can be derived from it; write it as `name=value`")
        }
        let tag = ImageTag(name: name, parts: parts, written: value)
        if case .text(let first)? = parts.first, let leading = first.first, leading == "." || leading == "-" {
            throw ImageTagError(reason: "tag '\(shown(value))' starts with '\(leading)'; a Docker tag must start with a letter, digit or '_'")
        }
        try tag.checkLength(resolvedFrom: nil)
        return tag
    }

    /// Replaces every `.env(NAME)` with the value from `environment` (the image's build env file); throws when a NAME is missing or its value is not valid in a tag.
    package func resolvingEnvironment(_ environment: [String: String], file: String?) throws(ImageTagError) -> ImageTag {
        var resolved: [Part] = []
        func append(_ part: Part) {
            if case .text(let text) = part, case .text(let previous)? = resolved.last {
                resolved[resolved.count - 1] = .text(previous + text)
            } else {
                resolved.append(part)
            }
        }
        for part in parts {
            guard case .env(let key) = part else {
                append(part)
                continue
            }
            let action = "`{{ .Env \"\(key)\" }}`"
            guard let value = environment[key] else {
                guard let file else {
                    throw ImageTagError(reason: "\(action) needs \(key) in the build env file, but the image has no build env file (build.argsFile)")
                }
                throw ImageTagError(reason: "\(action) needs \(key) in the build env file \(file)")
            }
            let source = file.map { "in \($0)" } ?? "in the build env"
            guard !value.isEmpty else {
                throw ImageTagError(reason: "\(action) cannot be used in a tag: \(key) is empty \(source)")
            }
            if let bad = value.first(where: { !Self.isTagCharacter($0) }) {
                throw ImageTagError(
                    reason: "\(action) cannot be used in a tag: \(key) is '\(Self.shown(value))' \(source), and \(Self.describe(bad)) is not allowed; \(Self.allowedCharacters)")
            }
            append(.text(value))
        }
        var tag = self
        tag.parts = resolved
        if case .env(let key)? = parts.first, let first = environment[key], let leading = first.first, leading == "." || leading == "-" {
            throw ImageTagError(
                reason: "tag '\(Self.shown(written))' would start with '\(leading)' (\(key) is '\(Self.shown(first))'); a Docker tag must start with a letter, digit or '_'")
        }
        try tag.checkLength(resolvedFrom: file ?? "the build env")
        return tag
    }

    /// The docker/metadata-action `tags:` rule for this tag; throws when a `.env` part is left unresolved.
    ///
    /// `{{sha}}` is as long as `DOCKER_METADATA_SHORT_SHA_LENGTH` says (7 unless set): a workflow using these rules
    /// sets it to 8 for `{{ .ShortSHA }}` to render as Kyma's image-builder does.
    package func metadataRule() throws(ImageTagError) -> String {
        var value = ""
        for part in parts {
            switch part {
            case .text(let text):
                guard !text.isEmpty, text.allSatisfy(Self.isTagCharacter) else {
                    throw ImageTagError(reason: "tag '\(Self.shown(written))': the text '\(Self.shown(text))' is not valid in a Docker tag; \(Self.allowedCharacters)")
                }
                value += text
            case .shortSHA: value += "{{sha}}"
            case .commitSHA: value += "${{ github.event.pull_request.head.sha || github.sha }}"
            case .date: value += "{{date 'YYYYMMDD'}}"
            case .time: value += "{{date 'HHmmss'}}"
            case .prNumber: value += "${{ github.event.pull_request.number }}"
            case .env(let key):
                throw ImageTagError(
                    reason: "tag '\(Self.shown(written))': `{{ .Env \"\(key)\" }}` must be resolved from the build env file before the workflow rule is written")
            }
        }
        var rule = "type=raw,value=\(value)"
        if usesPullRequestNumber { rule += ",enable=${{ github.event_name == 'pull_request' }}" }
        return rule
    }

    /// Whether the tag renders `{{ .PRNumber }}`, and so exists only for pull requests.
    package var usesPullRequestNumber: Bool { parts.contains(.prNumber) }

    /// The longest this tag can render to; an unresolved `.env` counts as nothing.
    var maximumRenderedLength: Int {
        parts.reduce(0) { total, part in total + part.maximumWidth }
    }

    private func checkLength(resolvedFrom source: String?) throws(ImageTagError) {
        let length = maximumRenderedLength
        guard length > Self.maximumLength else { return }
        var widths: [String] = []
        for width in parts.compactMap(\.variableWidth) where !widths.contains(width) { widths.append(width) }
        var detail = widths.isEmpty ? "" : " (counting " + Self.listed(widths) + ")"
        if let source { detail += " with the values from \(source)" }
        throw ImageTagError(
            reason: "tag '\(Self.shown(written))' can render to \(length) characters\(detail); a Docker tag has at most \(Self.maximumLength)")
    }
}

/// Why an image tag is refused: a sentence without location; the caller adds file:line:column.
package struct ImageTagError: Error, Sendable, Hashable, CustomStringConvertible {
    package var reason: String

    package init(reason: String) {
        self.reason = reason
    }

    package var description: String { reason }
}

extension ImageTag.Part {
    fileprivate var maximumWidth: Int {
        switch self {
        case .text(let text): text.utf8.count
        case .shortSHA: 8
        case .commitSHA: 40
        case .date: 8
        case .time: 6
        case .prNumber: 10
        case .env: 0
        }
    }

    fileprivate var variableWidth: String? {
        switch self {
        case .text, .env: nil
        case .shortSHA: ".ShortSHA as 8"
        case .commitSHA: ".CommitSHA as 40"
        case .date: ".Date as 8"
        case .time: ".Time as 6"
        case .prNumber: ".PRNumber as 10"
        }
    }
}

extension ImageTag {
    static let allowedCharacters = "a Docker tag allows only letters, digits, '_', '.' and '-'"

    private static let variables: [(name: String, part: Part?)] = [
        ("ShortSHA", .shortSHA), ("CommitSHA", .commitSHA), ("Date", .date), ("Time", .time), ("PRNumber", .prNumber), ("Env", nil),
    ]

    private static let knownVariables = "known variables: .ShortSHA, .CommitSHA, .Date, .Time, .PRNumber, .Env \"NAME\""

    static func isTagCharacter(_ character: Character) -> Bool {
        guard let byte = character.asciiValue else { return false }
        return isNameByte(byte) || byte == 0x2e
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a) || byte == 0x5f || byte == 0x2d
    }

    /// Whether every character of `text` is printable ASCII (one byte each).
    private static func isPrintableASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }

    private static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && isNameByte(UInt8(scalar.value))
    }

    private static func isName(_ text: String) -> Bool {
        (1...64).contains(text.utf8.count) && text.unicodeScalars.allSatisfy(isNameScalar)
    }

    /// `text` with invisible characters written as `\u{…}`, so a message shows what is there.
    static func shown(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            if scalar.isInvisibleInInput {
                result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// A character for a message: `','`, `a space`, `'é' (U+00E9)`, `U+0007`.
    static func describe(_ character: Character) -> String {
        if character == " " { return "a space" }
        if character.isASCII, let byte = character.asciiValue, byte > 0x20, byte < 0x7f { return "'\(character)'" }
        let codes = character.unicodeScalars.map(\.codePoint).joined(separator: " ")
        if character.unicodeScalars.contains(where: \.isInvisibleInInput) { return codes }
        return "'\(character)' (\(codes))"
    }

    private static func listed(_ items: [String]) -> String {
        guard let last = items.last, items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + last
    }

    /// Splits a tag value into literal text and actions.
    private struct ValueParser {
        let value: String
        /// One per character: its byte when it is a single ASCII scalar, else 0xFF (which nothing below looks for).
        let units: [UInt8]
        /// Empty when `value` is printable ASCII, whose characters are its bytes.
        let characters: [Character]

        init(value: String, isPrintableASCII: Bool) {
            self.value = value
            if isPrintableASCII {
                units = Array(value.utf8)
                characters = []
            } else {
                characters = Array(value)
                units = characters.map { $0.utf8.count == 1 ? $0.utf8.first ?? 0xFF : 0xFF }
            }
        }

        private func character(at index: Int) -> Character {
            characters.isEmpty ? Character(Unicode.Scalar(units[index])) : characters[index]
        }

        /// The characters in `range`, as a string.
        private func text(_ range: Range<Int>) -> String {
            characters.isEmpty ? String(decoding: units[range], as: UTF8.self) : String(characters[range])
        }

        private func failure(_ reason: String) -> ImageTagError {
            ImageTagError(reason: "tag '\(ImageTag.shown(value))': \(reason)")
        }

        /// Whether the characters at `index` and after it are both `byte` (an ASCII brace).
        private func isPair(_ byte: UInt8, at index: Int) -> Bool {
            index + 1 < units.count && units[index] == byte && units[index + 1] == byte
        }

        func parts() throws(ImageTagError) -> [Part] {
            var parts: [Part] = []
            var literalStart = 0
            var index = 0
            while index < units.count {
                if isPair(UInt8(ascii: "{"), at: index) {
                    if literalStart < index { parts.append(.text(text(literalStart..<index))) }
                    let (part, end) = try action(openingAt: index)
                    parts.append(part)
                    index = end
                    literalStart = end
                } else if isPair(UInt8(ascii: "}"), at: index) {
                    throw failure("`}}` without an opening `{{`")
                } else if ImageTag.isNameByte(units[index]) || units[index] == UInt8(ascii: ".") {
                    // `isTagCharacter`: CR LF, whose `asciiValue` is a line feed, is 0xFF here and fails both.
                    index += 1
                } else {
                    throw failure("\(ImageTag.describe(character(at: index))) is not allowed; \(ImageTag.allowedCharacters)")
                }
            }
            if literalStart < index { parts.append(.text(text(literalStart..<index))) }
            return parts
        }

        /// The action whose `{{` is at `start`, and the index after its `}}`.
        private func action(openingAt start: Int) throws(ImageTagError) -> (Part, Int) {
            let contentStart = start + 2
            var closing: Int?
            var index = contentStart
            while index < units.count {
                if isPair(UInt8(ascii: "{"), at: index) { throw failure("`{{` inside `{{ }}`; actions cannot be nested") }
                if isPair(UInt8(ascii: "}"), at: index) {
                    closing = index
                    break
                }
                index += 1
            }
            guard let closing else { throw failure("`{{` has no closing `}}`") }
            if closing > contentStart, units[contentStart] == UInt8(ascii: "-") || units[closing - 1] == UInt8(ascii: "-") {
                throw failure("trim markers (`{{-`, `-}}`) are not supported in a tag")
            }
            return (try part(for: text(contentStart..<closing)), closing + 2)
        }

        private func part(for content: String) throws(ImageTagError) -> Part {
            let (action, identifier, argument) = characters.isEmpty ? Self.asciiAction(content) : Self.action(content)
            guard !action.isEmpty else { throw failure("`{{ }}` is empty; \(ImageTag.knownVariables)") }
            guard action.first == "." else { throw unknown(action, word: action) }
            guard let variable = ImageTag.variables.first(where: { $0.name == identifier }) else {
                throw unknown(identifier.isEmpty ? action : "." + identifier, word: identifier.isEmpty ? action : identifier)
            }
            guard let part = variable.part else { return try environmentPart(argument) }
            guard argument.isEmpty else {
                throw failure("`{{ \(ImageTag.shown(action)) }}`: .\(identifier) takes nothing after it; write `{{ .\(identifier) }}`")
            }
            return part
        }

        /// An action's content without surrounding blanks; after its leading `.`, the identifier (ASCII letters,
        /// digits and `_`) and what follows it, without leading blanks.
        private static func action(_ content: String) -> (action: String, identifier: String, argument: String) {
            let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
            var trimmed = Substring(content).drop(while: isBlank)
            while let last = trimmed.last, isBlank(last) { trimmed = trimmed.dropLast() }
            let action = String(trimmed)
            guard action.first == "." else { return (action, "", "") }
            let afterDot = action.dropFirst()
            // CR LF, whose `asciiValue` is a line feed, is not part of an identifier.
            let identifier = String(afterDot.prefix(while: { ByteClass.alnum.contains($0.asciiValue ?? 0) || $0 == "_" }))
            let argument = String(afterDot.dropFirst(identifier.count).drop(while: isBlank))
            return (action, identifier, argument)
        }

        /// ``action(_:)`` for printable ASCII content, read byte by byte.
        private static func asciiAction(_ content: String) -> (action: String, identifier: String, argument: String) {
            let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
            let bytes = Array(content.utf8)
            let start = bytes.firstIndex { !isBlank($0) } ?? bytes.count
            let end = (bytes.lastIndex { !isBlank($0) } ?? -1) + 1
            guard start < end else { return ("", "", "") }
            let action = String(decoding: bytes[start..<end], as: UTF8.self)
            guard bytes[start] == UInt8(ascii: ".") else { return (action, "", "") }
            let identifierEnd = bytes[(start + 1)..<end].firstIndex { !(ByteClass.alnum.contains($0) || $0 == UInt8(ascii: "_")) } ?? end
            let argumentStart = bytes[identifierEnd..<end].firstIndex { !isBlank($0) } ?? end
            return (action, String(decoding: bytes[(start + 1)..<identifierEnd], as: UTF8.self), String(decoding: bytes[argumentStart..<end], as: UTF8.self))
        }

        private func environmentPart(_ argument: String) throws(ImageTagError) -> Part {
            guard argument.count >= 2, argument.first == "\"", argument.last == "\"" else {
                let example = EnvFile.isKey(argument.filter { $0 != "'" }) ? argument.filter { $0 != "'" } : "VERSION"
                throw failure("`.Env` needs a variable name in double quotes, as in `{{ .Env \"\(example)\" }}`")
            }
            let key = String(argument.dropFirst().dropLast())
            guard EnvFile.isKey(key) else {
                throw failure("'\(ImageTag.shown(key))' is not an environment variable name (letters, digits and '_', not starting with a digit)")
            }
            return .env(key)
        }

        private func unknown(_ shownName: String, word: String) -> ImageTagError {
            var hint = ""
            if let match = Suggestion.closest(to: word, in: ImageTag.variables.map(\.name)) {
                hint = " (did you mean `.\(match == "Env" ? "Env \"NAME\"" : match)`?)"
            }
            return failure("unknown variable `\(ImageTag.shown(shownName))`\(hint); \(ImageTag.knownVariables)")
        }
    }
}
