import Foundation
import Synchronization
@testable import ImageFactory

// The Load stage's checks as they were before they were rewritten over UTF-8 bytes (issue 7): kept as the
// specification that LoadFastPathTests compares the rewritten ones with, answer for answer and message for message.


/// `FieldRules` as it was, with `Regex` and Foundation searches.
/// The shapes images.yaml values must have. Each check returns why a value is refused, or nil when it is fine.
enum ReferenceFieldRules {
    private static func isLowerAlnum(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x30 && byte <= 0x39)
    }

    private static func isAlnum(_ byte: UInt8) -> Bool {
        isLowerAlnum(byte) || (byte >= 0x41 && byte <= 0x5a)
    }

    /// Image and Warehouse names: DNS-1123 labels, at most 63 characters.
    static func name(_ value: String) -> String? {
        if KubernetesName.isValidLabel(value) { return nil }
        let sanitized = KubernetesName.sanitize(value)
        var reason = "must be lowercase letters, digits and '-', start and end with a letter or digit, at most 63 characters"
        if !sanitized.isEmpty, sanitized != value, sanitized.count <= 63 { reason += "; did you mean '\(sanitized)'?" }
        return reason
    }

    /// GitHub `owner/name`.
    static func githubRepo(_ value: String) -> String? {
        let parts = value.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let owner = parts.first, let name = parts.last,
              (1...39).contains(owner.utf8.count), (1...100).contains(name.utf8.count),
              owner.utf8.allSatisfy({ isAlnum($0) || $0 == 0x2d }),
              name.utf8.allSatisfy({ isAlnum($0) || $0 == 0x2d || $0 == 0x2e || $0 == 0x5f }),
              name != ".", name != ".."
        else { return "must be a GitHub repository as owner/name" }
        return nil
    }

    /// A GitLab project path: `group/name` or deeper (`group/subgroup/name`), at most 20 levels.
    static func gitlabProject(_ value: String) -> String? {
        let parts = value.split(separator: "/", omittingEmptySubsequences: false)
        guard (2...20).contains(parts.count), value.utf8.count <= 255,
              parts.allSatisfy({ part in
                  !part.isEmpty && part != "." && part != ".." && !part.hasPrefix("-")
                      && part.utf8.allSatisfy { isAlnum($0) || $0 == 0x2d || $0 == 0x2e || $0 == 0x5f }
              })
        else { return "must be a GitLab project path as group/name or group/subgroup/name" }
        return nil
    }

    /// Git branch names Kargo accepts: `^[a-zA-Z0-9]([a-zA-Z0-9._/-]*[a-zA-Z0-9_-])?$`, at most 255.
    static func branch(_ value: String) -> String? {
        let bytes = Array(value.utf8)
        guard (1...255).contains(bytes.count), let first = bytes.first, let last = bytes.last, isAlnum(first),
              isAlnum(last) || last == 0x5f || last == 0x2d,
              bytes.allSatisfy({ isAlnum($0) || [0x2e, 0x5f, 0x2f, 0x2d].contains($0) }),
              !value.contains("..")
        else { return "must be a branch name of letters, digits, '.', '_', '/', '-' (as Kargo accepts)" }
        return nil
    }

    /// A relative path inside a repository: no leading `/`, no `..`, no empty segments.
    static func repositoryPath(_ value: String) -> String? {
        guard !value.isEmpty, !value.hasPrefix("/"), value.utf8.count <= 1024 else {
            return "must be a path relative to the repository root"
        }
        for segment in value.split(separator: "/", omittingEmptySubsequences: false) {
            if segment.isEmpty || segment == ".." { return "must be a path inside the repository (no '..' or empty segments)" }
        }
        guard value.utf8.allSatisfy({ isAlnum($0) || [0x2e, 0x5f, 0x2f, 0x2d, 0x40, 0x2b].contains($0) }) else {
            return "may only contain letters, digits and . _ / - @ +"
        }
        return nil
    }

    /// A workflow file name in `.github/workflows/`.
    static func workflowFile(_ value: String) -> String? {
        guard value.hasSuffix(".yml") || value.hasSuffix(".yaml"), value.utf8.count <= 255,
              value.utf8.allSatisfy({ isAlnum($0) || [0x2e, 0x5f, 0x2d].contains($0) })
        else { return "must be a workflow file name such as build.yml (letters, digits, . _ -)" }
        return nil
    }

    /// A Docker tag: `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`.
    static func tag(_ value: String) -> String? {
        let bytes = Array(value.utf8)
        guard (1...128).contains(bytes.count), let first = bytes.first, isAlnum(first) || first == 0x5f,
              bytes.allSatisfy({ isAlnum($0) || [0x5f, 0x2e, 0x2d].contains($0) })
        else { return "must be a Docker tag (letters, digits, _ . -; at most 128)" }
        return nil
    }

    /// `os/arch[/variant]`.
    static func platform(_ value: String) -> String? {
        let parts = value.split(separator: "/", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy(isLowerAlnum) }) else {
            return "must be os/arch or os/arch/variant, e.g. linux/amd64"
        }
        return nil
    }

    /// A regular expression Kargo can run: Go's RE2 syntax, which has no lookaround and no backreferences.
    static func goRegex(_ value: String) -> String? {
        guard !value.isEmpty else { return "must not be empty" }
        for construct in ["(?=", "(?!", "(?<=", "(?<!"] where value.contains(construct) {
            return "uses \(construct)…): Kargo evaluates Go (RE2) regular expressions, which have no lookaround"
        }
        var previousWasBackslash = false
        for character in value {
            if previousWasBackslash, let digit = character.wholeNumberValue, digit > 0 {
                return "uses a backreference (\\\(digit)): Go (RE2) regular expressions have none"
            }
            previousWasBackslash = !previousWasBackslash && character == "\\"
        }
        var depth = 0
        previousWasBackslash = false
        var inClass = false
        for character in value {
            defer { previousWasBackslash = !previousWasBackslash && character == "\\" }
            if previousWasBackslash { continue }
            switch character {
            case "[" where !inClass: inClass = true
            case "]" where inClass: inClass = false
            case "(" where !inClass: depth += 1
            case ")" where !inClass:
                depth -= 1
                if depth < 0 { return "has an unmatched ')'" }
            default: break
            }
        }
        if depth != 0 { return "has an unmatched '('" }
        if inClass { return "has an unclosed '['" }
        return nil
    }

    /// A regular expression that Go (RE2, Kargo) and Python (`re`, the GitOps receiving workflow) read the same way:
    /// ``goRegex(_:)``, without RE2's POSIX classes, Unicode classes, `\\z`, `\\Q…\\E`, `\\C` and the ungreedy flag.
    static func portableRegex(_ value: String) -> String? {
        if let reason = goRegex(value) { return reason }
        for construct in ["[[:", "\\p", "\\P", "\\z", "\\Q", "\\C", "(?U"] where value.contains(construct) {
            return "uses \(construct), which the GitOps repository's workflow (Python's re) does not read as Kargo (Go RE2) does; write it with plain classes such as [0-9] and anchors ^ $"
        }
        return nil
    }

    /// Secret names (DNS-1123 subdomain) and keys (`[-._a-zA-Z0-9]+`).
    static func secretName(_ value: String) -> String? {
        let bytes = Array(value.utf8)
        guard (1...253).contains(bytes.count), let first = bytes.first, let last = bytes.last, isLowerAlnum(first), isLowerAlnum(last),
              bytes.allSatisfy({ isLowerAlnum($0) || $0 == 0x2d || $0 == 0x2e })
        else { return "must be a Kubernetes Secret name (lowercase letters, digits, '-', '.')" }
        return nil
    }

    static func secretKey(_ value: String) -> String? {
        guard (1...253).contains(value.utf8.count), value.utf8.allSatisfy({ isAlnum($0) || [0x2d, 0x2e, 0x5f].contains($0) }) else {
            return "must be a Secret key (letters, digits, '-', '.', '_')"
        }
        return nil
    }

    /// A SemVer range such as `>=1.0.0 <2.0.0` or `^16`: printable, no quotes or control characters.
    static func semverConstraint(_ value: String) -> String? {
        guard !value.isEmpty, value.utf8.count <= 256,
              value.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || " .<>=~^*|,-+xX".unicodeScalars.contains($0)) })
        else { return "must be a SemVer range such as '>=1.2.0 <2.0.0' or '^16'" }
        return nil
    }
}

extension ReferenceFieldRules {
    /// Whether `value` matches `pattern` as a whole. Each pattern is compiled once: compiling on every call was
    /// a tenth of synth's time on a large images.yaml.
    private static func matches(_ value: String, _ pattern: String) -> Bool {
        compiledPatterns.withLock { cache in
            if cache[pattern] == nil { cache[pattern] = try? Regex(pattern) }
            guard let regex = cache[pattern] ?? nil else { return false }
            return (try? regex.wholeMatch(in: value)) != nil
        }
    }

    private static let compiledPatterns = Mutex<[String: Regex<AnyRegexOutput>?]>([:])

    /// An image repository with an explicit registry host, lowercase, without tag or digest.
    static func imageRepository(_ value: String) -> String? {
        guard matches(value, ConfigSchema.repositoryPattern), value.utf8.count <= 255 else {
            return "must be an image repository with its registry, lowercase, without tag or digest (e.g. quay.io/acme/app)"
        }
        guard let host = value.split(separator: "/").first, host.contains(".") || host.contains(":") || host == "localhost" else {
            return "must start with a registry host (e.g. ghcr.io/\(value)); a bare path would silently mean docker.io"
        }
        return nil
    }

    /// A registry host.
    static func registryHost(_ value: String) -> String? {
        matches(value, ConfigSchema.registryHostPattern) ? nil : "must be a registry host such as docker.io or quay.io (lowercase, optional :port)"
    }

    /// Five cron fields, as GitHub's `schedule` takes them.
    static func cron(_ value: String) -> String? {
        matches(value, ConfigSchema.cronPattern) ? nil : "must be a cron expression of five fields, e.g. '23 4 * * 1' (UTC)"
    }

    /// A `repository_dispatch` event type.
    static func dispatchEvent(_ value: String) -> String? {
        matches(value, "^[A-Za-z0-9_.-]{1,100}$") ? nil : "must be an event type of letters, digits, '_', '.', '-', at most 100 characters"
    }

    /// The name of a GitHub Actions secret.
    static func secretVariable(_ value: String) -> String? {
        guard matches(value, ConfigSchema.secretVariablePattern), value.utf8.count <= 100, !value.uppercased().hasPrefix("GITHUB_") else {
            return "must be a GitHub Actions secret name (letters, digits, '_'; not starting with a digit or GITHUB_)"
        }
        return nil
    }

    /// A Dockerfile stage name.
    static func stageName(_ value: String) -> String? {
        matches(value, "^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$") ? nil : "must be a Dockerfile stage name (letters, digits, '_', '.', '-')"
    }

    /// A release tag prefix such as `v` or `data-api/v`.
    static func releaseTagPrefix(_ value: String) -> String? {
        guard matches(value, "^[A-Za-z0-9._/-]{0,100}$"), !value.contains(".."), !value.hasPrefix("/"), !value.hasPrefix("-") else {
            return "must be letters, digits, '.', '_', '/', '-' (e.g. v or data-api/v)"
        }
        return nil
    }

    /// A `runs-on` label.
    static func runner(_ value: String) -> String? {
        matches(value, "^[A-Za-z0-9._-]{1,100}$") ? nil : "must be a runner label such as ubuntu-24.04"
    }

    /// A registry user name: printable, no spaces.
    static func username(_ value: String) -> String? {
        guard (1...256).contains(value.utf8.count), value.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value < 0x7f }),
              !value.contains("${{")
        else { return "must be a user name without spaces" }
        return nil
    }

    /// A GitOps repository: GitHub `owner/name`, or an `https://` git URL without credentials or spaces.
    static func gitopsRepository(_ value: String) -> String? {
        if value.hasPrefix("https://") {
            let rest = value.dropFirst("https://".count)
            guard let host = rest.split(separator: "/").first, rest.contains("/"), registryHost(String(host)) == nil,
                  value.utf8.count <= 1024, !value.contains("@"), !value.contains("${{"),
                  value.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value < 0x7f && !"\"'`\\".unicodeScalars.contains($0) })
            else { return "must be an https:// git URL without user, password or spaces" }
            return nil
        }
        return githubRepo(value) == nil ? nil : "must be a GitHub repository as owner/name, or an https:// git URL"
    }

    /// A key for Kargo's `yaml-update`: dot-separated parts of letters, digits, `_`, `-`, with `\.` for a literal dot.
    static func yamlKey(_ value: String) -> String? {
        matches(value, ConfigSchema.yamlKeyPattern) && value.utf8.count <= 253
            ? nil : "must be a key path such as image.tag or containers.0.image (letters, digits, '_', '-', '/', '\\.' for a literal dot)"
    }

    /// An Argo CD Application: `name` or `namespace/name`.
    static func argocdApplication(_ value: String) -> String? {
        let parts = value.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let name = parts.last, secretName(String(name)) == nil,
              parts.count == 1 || KubernetesName.isValidLabel(String(parts[0]))
        else { return "must be an Argo CD Application name, or namespace/name" }
        return nil
    }

    /// A workflow_dispatch input name.
    static func inputName(_ value: String) -> String? {
        matches(value, "^[A-Za-z_][A-Za-z0-9_-]{0,99}$") ? nil : "must be an input name (letters, digits, '_', '-', not starting with a digit)"
    }

    /// A `KEY=value` build arg; returns the pair or why it is refused.
    static func buildArgument(_ value: String) -> Result<BuildArgument, BuildArgumentError> {
        guard let equals = value.firstIndex(of: "=") else {
            return .failure(BuildArgumentError(reason: "must be KEY=value"))
        }
        let key = String(value[..<equals])
        let argument = String(value[value.index(after: equals)...])
        guard matches(key, "^[A-Za-z_][A-Za-z0-9_]*$") else {
            return .failure(BuildArgumentError(reason: "has the key '\(key)'; keys are letters, digits and '_', not starting with a digit"))
        }
        guard !argument.contains("${{") else {
            return .failure(BuildArgumentError(reason: "contains '${{', which GitHub would evaluate as an expression in the workflow"))
        }
        return .success(BuildArgument(key, argument))
    }

    struct BuildArgumentError: Error {
        var reason: String
    }
}

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
