import Foundation
import Synchronization
@testable import ImageFactory

// The load phase's checks as they were before they were rewritten over UTF-8 bytes (issue 7): kept as the
// specification that LoadFastPathTests compares the rewritten ones with, answer for answer and message for message.


/// Recognizes values that look like credentials, so images.yaml can never carry one into the output.
///
/// The patterns are the token formats of GitHub, GitLab, AWS, Slack and Docker Hub, and PEM private keys.
/// Written out by hand: every string the decoder reads passes through here.
enum ReferenceCredentialDetector {
    private static let prefixes: [(prefix: String, minimumRest: Int, kind: String)] = [
        ("ghp_", 30, "GitHub token"), ("gho_", 30, "GitHub token"), ("ghu_", 30, "GitHub token"),
        ("ghs_", 30, "GitHub token"), ("ghr_", 30, "GitHub token"), ("github_pat_", 40, "GitHub fine-grained token"),
        ("glpat-", 20, "GitLab token"), ("glptt-", 20, "GitLab trigger token"), ("xoxb-", 10, "Slack token"),
        ("xoxa-", 10, "Slack token"), ("xoxp-", 10, "Slack token"), ("xoxr-", 10, "Slack token"), ("xoxs-", 10, "Slack token"),
        ("dckr_pat_", 20, "Docker Hub token"), ("AKIA", 16, "AWS access key"),
    ]

    /// What kind of credential `value` looks like, or nil.
    static func kind(of value: String) -> String? {
        if value.contains("-----BEGIN "), value.contains("PRIVATE KEY") { return "private key" }
        let bytes = Array(value.utf8)
        for start in bytes.indices where start == 0 || !isTokenByte(bytes[start - 1]) {
            for (prefix, minimumRest, kind) in prefixes {
                let prefixBytes = Array(prefix.utf8)
                guard bytes.count - start >= prefixBytes.count + minimumRest,
                      Array(bytes[start..<(start + prefixBytes.count)]) == prefixBytes else { continue }
                var end = start + prefixBytes.count
                while end < bytes.count, isTokenByte(bytes[end]) { end += 1 }
                if end - start - prefixBytes.count >= minimumRest { return kind }
            }
        }
        return nil
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a) || byte == 0x5f || byte == 0x2d
    }
}

/// An image tag as written in images.yaml `build.tags` (the Kyma image-builder convention): `[name=]value`,
/// where the value mixes literal text with Go-template actions such as `{{ .ShortSHA }}`.
struct ReferenceImageTag: Sendable, Hashable {
    /// A piece of the value: literal text, or what one action renders.
    enum Part: Sendable, Hashable {
        case text(String)
        /// `{{ .ShortSHA }}`: the first 8 hex digits of the commit.
        case shortSHA
        /// `{{ .CommitSHA }}`: all 40 hex digits of the commit.
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
    var name: String
    var parts: [Part]
    /// The value as written, after `name=`.
    var written: String

    /// The longest tag Docker accepts.
    static let maximumLength = 128

    /// Reads `[name=]value`, refusing anything that could not render to a valid Docker tag.
    static func parse(_ text: String) throws(ImageTagError) -> ReferenceImageTag {
        guard !text.isEmpty else { throw ImageTagError(reason: "a tag must not be empty") }
        let pieces = text.split(separator: "=", omittingEmptySubsequences: false)
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
        let parts = try ValueParser(value: value).parts()
        let name = givenName ?? String(String.UnicodeScalarView(value.unicodeScalars.filter(isNameScalar)))
        guard !name.isEmpty else {
            throw ImageTagError(reason: "tag '\(shown(value))': no name can be derived from it; write it as `name=value`")
        }
        let tag = ReferenceImageTag(name: name, parts: parts, written: value)
        if case .text(let first)? = parts.first, let leading = first.first, leading == "." || leading == "-" {
            throw ImageTagError(reason: "tag '\(shown(value))' starts with '\(leading)'; a Docker tag must start with a letter, digit or '_'")
        }
        try tag.checkLength(resolvedFrom: nil)
        return tag
    }

    /// Replaces every `.env(NAME)` with the value from `environment` (the image's build env file); throws when a NAME is missing or its value is not valid in a tag.
    func resolvingEnvironment(_ environment: [String: String], file: String?) throws(ImageTagError) -> ReferenceImageTag {
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
    func metadataRule() throws(ImageTagError) -> String {
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
    var usesPullRequestNumber: Bool { parts.contains(.prNumber) }

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

extension ReferenceImageTag.Part {
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

extension ReferenceImageTag {
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
        let characters: [Character]

        init(value: String) {
            self.value = value
            self.characters = Array(value)
        }

        private func failure(_ reason: String) -> ImageTagError {
            ImageTagError(reason: "tag '\(ReferenceImageTag.shown(value))': \(reason)")
        }

        private func isPair(_ character: Character, at index: Int) -> Bool {
            index + 1 < characters.count && characters[index] == character && characters[index + 1] == character
        }

        func parts() throws(ImageTagError) -> [Part] {
            var parts: [Part] = []
            var literal = ""
            var index = 0
            while index < characters.count {
                if isPair("{", at: index) {
                    if !literal.isEmpty { parts.append(.text(literal)) }
                    literal = ""
                    let (part, end) = try action(openingAt: index)
                    parts.append(part)
                    index = end
                } else if isPair("}", at: index) {
                    throw failure("`}}` without an opening `{{`")
                } else if ReferenceImageTag.isTagCharacter(characters[index]) {
                    literal.append(characters[index])
                    index += 1
                } else {
                    throw failure("\(ReferenceImageTag.describe(characters[index])) is not allowed; \(ReferenceImageTag.allowedCharacters)")
                }
            }
            if !literal.isEmpty { parts.append(.text(literal)) }
            return parts
        }

        /// The action whose `{{` is at `start`, and the index after its `}}`.
        private func action(openingAt start: Int) throws(ImageTagError) -> (Part, Int) {
            let contentStart = start + 2
            var closing: Int?
            var index = contentStart
            while index < characters.count {
                if isPair("{", at: index) { throw failure("`{{` inside `{{ }}`; actions cannot be nested") }
                if isPair("}", at: index) {
                    closing = index
                    break
                }
                index += 1
            }
            guard let closing else { throw failure("`{{` has no closing `}}`") }
            let content = characters[contentStart..<closing]
            if content.first == "-" || content.last == "-" {
                throw failure("trim markers (`{{-`, `-}}`) are not supported in a tag")
            }
            return (try part(for: String(content)), closing + 2)
        }

        private func part(for content: String) throws(ImageTagError) -> Part {
            let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
            var trimmed = Substring(content).drop(while: isBlank)
            while let last = trimmed.last, isBlank(last) { trimmed = trimmed.dropLast() }
            let action = String(trimmed)
            guard !action.isEmpty else { throw failure("`{{ }}` is empty; \(ReferenceImageTag.knownVariables)") }
            guard action.first == "." else { throw unknown(action, word: action) }
            let afterDot = action.dropFirst()
            let identifier = String(afterDot.prefix(while: { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }))
            let argument = String(afterDot.dropFirst(identifier.count).drop(while: isBlank))
            guard let variable = ReferenceImageTag.variables.first(where: { $0.name == identifier }) else {
                throw unknown(identifier.isEmpty ? action : "." + identifier, word: identifier.isEmpty ? action : identifier)
            }
            guard let part = variable.part else { return try environmentPart(argument) }
            guard argument.isEmpty else {
                throw failure("`{{ \(ReferenceImageTag.shown(action)) }}`: .\(identifier) takes nothing after it; write `{{ .\(identifier) }}`")
            }
            return part
        }

        private func environmentPart(_ argument: String) throws(ImageTagError) -> Part {
            guard argument.count >= 2, argument.first == "\"", argument.last == "\"" else {
                let example = EnvFile.isKey(argument.filter { $0 != "'" }) ? argument.filter { $0 != "'" } : "VERSION"
                throw failure("`.Env` needs a variable name in double quotes, as in `{{ .Env \"\(example)\" }}`")
            }
            let key = String(argument.dropFirst().dropLast())
            guard EnvFile.isKey(key) else {
                throw failure("'\(ReferenceImageTag.shown(key))' is not an environment variable name (letters, digits and '_', not starting with a digit)")
            }
            return .env(key)
        }

        private func unknown(_ shownName: String, word: String) -> ImageTagError {
            var hint = ""
            if let match = Suggestion.closest(to: word, in: ReferenceImageTag.variables.map(\.name)) {
                hint = " (did you mean `.\(match == "Env" ? "Env \"NAME\"" : match)`?)"
            }
            return failure("unknown variable `\(ReferenceImageTag.shown(shownName))`\(hint); \(ReferenceImageTag.knownVariables)")
        }
    }
}
