import ImageFactorySupport

/// A shape a string of images.yaml must have, defined once: the JSON Schema takes its ``pattern``, ``maxLength``
/// and ``examples`` (``ConfigSchema/Field/init(_:_:required:rule:examples:nonEmpty:_:)``), the decoder its
/// ``check``; where the check matches the pattern, its byte-level matcher (``matches``) sits beside the pattern it
/// stands for, and `FieldRuleTests` holds every matcher to its pattern with `Regex` on random text.
///
/// The matchers read UTF-8 bytes: `Regex` cost more than the rest of reading an image entry. Every pattern admits
/// only ASCII, and ASCII text has one character per byte, so a byte-level match answers as `Regex.wholeMatch` does.
/// The schema may admit more than the check (it cannot say "no `..`"), never less.
struct FieldRule: Sendable {
    /// The whole value as a regular expression in the syntax ECMAScript (JSON Schema) and Swift `Regex` share; nil
    /// where no pattern describes the rule.
    let pattern: String?
    /// The longest value, in characters (ASCII: bytes); nil where the rule has no bound of its own.
    let maxLength: Int?
    /// Values an editor shows.
    let examples: [String]
    /// ``pattern``, matched over UTF-8 bytes; nil where the check is not the pattern's (its own rules, with their
    /// own messages).
    let matches: (@Sendable (String) -> Bool)?
    /// Why `value` is refused, or nil when it is fine.
    let check: @Sendable (String) -> String?

    /// A rule whose check is its pattern (``matches``), at most `maxLength` bytes, and none of what `refuses` finds,
    /// with one message.
    init(
        pattern: String, maxLength: Int? = nil, examples: [String] = [], message: String,
        matches: @escaping @Sendable (String) -> Bool, refuses: (@Sendable (String) -> Bool)? = nil
    ) {
        self.pattern = pattern
        self.maxLength = maxLength
        self.examples = examples
        self.matches = matches
        check = { value in
            if let maxLength, value.utf8.count > maxLength { return message }
            guard matches(value), refuses?(value) != true else { return message }
            return nil
        }
    }

    /// A rule with a check of its own; `matches`, when given, is the pattern's matcher the check uses.
    init(
        pattern: String? = nil, maxLength: Int? = nil, examples: [String] = [], matches: (@Sendable (String) -> Bool)? = nil,
        check: @escaping @Sendable (String) -> String?
    ) {
        self.pattern = pattern
        self.maxLength = maxLength
        self.examples = examples
        self.matches = matches
        self.check = check
    }
}

// MARK: The rules

extension FieldRule {
    /// Image, Warehouse, Project and environment names: DNS-1123 labels (``KubernetesName/isValidLabel(_:)``).
    static let name = FieldRule(
        pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", maxLength: KubernetesName.maxLength,
        matches: { ASCIIRun.matches($0, first: .lowerAlnum, middle: .lowerAlnumDash, last: .lowerAlnum) }
    ) { value in
        if value.utf8.count <= KubernetesName.maxLength, ASCIIRun.matches(value, first: .lowerAlnum, middle: .lowerAlnumDash, last: .lowerAlnum) {
            return nil
        }
        let sanitized = KubernetesName.sanitize(value)
        var reason = "must be lowercase letters, digits and '-', start and end with a letter or digit, at most 63 characters"
        if !sanitized.isEmpty, sanitized != value, sanitized.count <= 63 { reason += "; did you mean '\(sanitized)'?" }
        return reason
    }

    /// GitHub `owner/name` (not `.` or `..`).
    static let githubRepo = FieldRule(
        pattern: "^[A-Za-z0-9-]{1,39}/[A-Za-z0-9._-]{1,100}$", message: "must be a GitHub repository as owner/name",
        matches: { value in
            value.withUTF8Bytes { bytes in
                guard let slash = bytes.firstIndex(of: UInt8(ascii: "/")) else { return false }
                return ASCIIRun.matches(bytes[..<slash], every: .alnumDash, length: 1...39)
                    && ASCIIRun.matches(bytes[(slash + 1)...], every: .alnumDotUnderscoreDash, length: 1...100)
            }
        },
        refuses: { value in value.hasSuffix("/.") || value.hasSuffix("/..") })

    /// A GitLab project path: `group/name` or deeper (`group/subgroup/name`), at most 20 levels. `source.repo`'s
    /// pattern is ``sourceRepository``.
    static let gitlabProject = FieldRule { value in
        let parts = slashParts(value)
        guard (2...20).contains(parts.count), value.utf8.count <= 255,
              parts.allSatisfy({ part in
                  !part.isEmpty && !part.elementsEqual(".".utf8) && !part.elementsEqual("..".utf8) && part.first != 0x2d
                      && part.allSatisfy(ByteClass.alnumDotUnderscoreDash.contains)
              })
        else { return "must be a GitLab project path as group/name or group/subgroup/name" }
        return nil
    }

    /// `source.repo` in the schema: what ``githubRepo`` and ``gitlabProject`` admit (the provider picks the check).
    static let sourceRepository = FieldRule(pattern: "^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+$", examples: ["acme/platform", "acme/tools/builder"]) {
        githubRepo.check($0) == nil || gitlabProject.check($0) == nil ? nil : "must be a GitHub repository or a GitLab project path"
    }

    /// Git branch names Kargo accepts.
    static let branch = FieldRule(
        pattern: "^[a-zA-Z0-9]([a-zA-Z0-9._/-]*[a-zA-Z0-9_-])?$", maxLength: 255, examples: ["main"],
        message: "must be a branch name of letters, digits, '.', '_', '/', '-' (as Kargo accepts)",
        matches: { ASCIIRun.matches($0, first: .alnum, middle: .branch, last: .alnumUnderscoreDash) },
        refuses: { $0.containsText("..") })

    /// A relative path inside a repository: no leading `/`, no `..`, no empty segments.
    static let repositoryPath = FieldRule(pattern: "^[A-Za-z0-9._@+-]+(/[A-Za-z0-9._@+-]+)*$", maxLength: 1024) { value in
        guard !value.isEmpty, !value.hasPrefix("/"), value.utf8.count <= 1024 else {
            return "must be a path relative to the repository root"
        }
        let (isASCII, hasBadSegment, isAllowed) = value.withUTF8Bytes { bytes in
            var isASCII = true
            var hasBadSegment = false
            var isAllowed = true
            var segmentStart = 0
            for index in 0...bytes.count {
                guard index < bytes.count, bytes[index] != UInt8(ascii: "/") else {
                    let segment = bytes[segmentStart..<index]
                    if segment.isEmpty || segment.elementsEqual("..".utf8) { hasBadSegment = true }
                    segmentStart = index + 1
                    continue
                }
                let byte = bytes[index]
                if byte >= 0x80 { isASCII = false }
                if !ByteClass.pathCharacter.contains(byte) { isAllowed = false }
            }
            return (isASCII, hasBadSegment, isAllowed)
        }
        // Other text is split into characters, as a `/` followed by a combining mark is not a separator.
        let hasEmptyOrParentSegment = isASCII
            ? hasBadSegment
            : value.split(separator: "/", omittingEmptySubsequences: false).contains { $0.isEmpty || $0 == ".." }
        if hasEmptyOrParentSegment { return "must be a path inside the repository (no '..' or empty segments)" }
        guard isAllowed else { return "may only contain letters, digits and . _ / - @ +" }
        return nil
    }

    /// A workflow file name in `.github/workflows/`. The check also takes a bare `.yml` or `.yaml`, which the
    /// pattern does not.
    static let workflowFile = FieldRule(pattern: "^[A-Za-z0-9._-]+\\.ya?ml$", maxLength: 255) { value in
        guard value.hasSuffix(".yml") || value.hasSuffix(".yaml"), value.utf8.count <= 255,
              value.utf8.allSatisfy(ByteClass.alnumDotUnderscoreDash.contains)
        else { return "must be a workflow file name such as build.yml (letters, digits, . _ -)" }
        return nil
    }

    /// A Docker tag.
    static let tag = FieldRule(
        pattern: "^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", message: "must be a Docker tag (letters, digits, _ . -; at most 128)",
        matches: { ASCIIRun.matches($0, first: .alnumUnderscore, rest: .alnumDotUnderscoreDash, length: 1...128) })

    /// `os/arch[/variant]`.
    static let platform = FieldRule(
        pattern: "^[a-z0-9]+/[a-z0-9]+(/[a-z0-9]+)?$", examples: ["linux/amd64", "linux/arm64/v8"],
        message: "must be os/arch or os/arch/variant, e.g. linux/amd64",
        matches: { value in
            let parts = slashParts(value)
            return (2...3).contains(parts.count) && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(ByteClass.lowerAlnum.contains) }
        })

    /// Secret names: DNS-1123 subdomains.
    static let secretName = FieldRule(
        pattern: "^[a-z0-9]([-.a-z0-9]*[a-z0-9])?$", maxLength: 253,
        message: "must be a Kubernetes Secret name (lowercase letters, digits, '-', '.')",
        matches: { ASCIIRun.matches($0, first: .lowerAlnum, middle: .lowerAlnumDotDash, last: .lowerAlnum) })

    /// Keys of a Secret.
    static let secretKey = FieldRule(
        pattern: "^[-._a-zA-Z0-9]+$", maxLength: 253, message: "must be a Secret key (letters, digits, '-', '.', '_')",
        matches: { ASCIIRun.matches($0, every: .alnumDotUnderscoreDash, length: 1...Int.max) })

    /// A SemVer range such as `>=1.0.0 <2.0.0` or `^16`: printable, no quotes or control characters.
    static let semverConstraint = FieldRule(maxLength: 256) { value in
        guard !value.isEmpty, value.utf8.count <= 256,
              value.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || " .<>=~^*|,-+xX".unicodeScalars.contains($0)) })
        else { return "must be a SemVer range such as '>=1.2.0 <2.0.0' or '^16'" }
        return nil
    }

    /// A registry host, optionally with a port.
    static let registryHost = FieldRule(
        pattern: "^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]+)?$",
        message: "must be a registry host such as docker.io or quay.io (lowercase, optional :port)",
        matches: { isRegistryHost(Substring($0)) })

    /// An image repository with an explicit registry host, lowercase, without tag or digest: `host/path`.
    static let imageRepository = FieldRule(
        pattern: "^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]+)?(/[a-z0-9]+([._-]+[a-z0-9]+)*)+$", maxLength: 255, matches: isRepository
    ) { value in
        guard isRepository(value), value.utf8.count <= 255 else {
            return "must be an image repository with its registry, lowercase, without tag or digest (e.g. quay.io/acme/app)"
        }
        // The pattern admits only ASCII and no leading `/`: the host is what comes before the first `/`.
        let host = Substring(value).utf8.prefix { $0 != UInt8(ascii: "/") }
        guard host.contains(UInt8(ascii: ".")) || host.contains(UInt8(ascii: ":")) || host.elementsEqual("localhost".utf8) else {
            return "must start with a registry host (e.g. ghcr.io/\(value)); a bare path would silently mean docker.io"
        }
        return nil
    }

    /// Five cron fields of `[0-9A-Za-z*/,-]+`, one space apart, as GitHub's `schedule` takes them.
    static let cron = FieldRule(
        pattern: "^[0-9A-Za-z*/,-]+( [0-9A-Za-z*/,-]+){4}$", message: "must be a cron expression of five fields, e.g. '23 4 * * 1' (UTC)",
        matches: { value in
            let fields = value.utf8.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
            return fields.count == 5 && fields.allSatisfy { !$0.isEmpty && $0.allSatisfy(ByteClass.cronField.contains) }
        })

    /// A `repository_dispatch` event type.
    static let dispatchEvent = FieldRule(
        pattern: "^[A-Za-z0-9_.-]{1,100}$", message: "must be an event type of letters, digits, '_', '.', '-', at most 100 characters",
        matches: { ASCIIRun.matches($0, every: .alnumDotUnderscoreDash, length: 1...100) })

    /// The name of a GitHub Actions secret (not starting with `GITHUB_`, which GitHub reserves).
    static let secretVariable = FieldRule(
        pattern: "^[A-Za-z_][A-Za-z0-9_]*$", maxLength: 100,
        message: "must be a GitHub Actions secret name (letters, digits, '_'; not starting with a digit or GITHUB_)",
        matches: isIdentifier,
        // An identifier is ASCII, so its uppercase form starts with GITHUB_ when its bytes do, ignoring case.
        refuses: { $0.utf8.prefix(7).map({ $0 >= 0x61 && $0 <= 0x7a ? $0 - 0x20 : $0 }).elementsEqual("GITHUB_".utf8) })

    /// A Dockerfile stage name.
    static let stageName = FieldRule(
        pattern: "^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$", message: "must be a Dockerfile stage name (letters, digits, '_', '.', '-')",
        matches: { ASCIIRun.matches($0, first: .alnum, rest: .alnumDotUnderscoreDash, length: 1...128) })

    /// A release tag prefix such as `v` or `data-api/v`: no `..`, not starting with `/` or `-`.
    static let releaseTagPrefix = FieldRule(
        pattern: "^[A-Za-z0-9._/-]{0,100}$", examples: ["v", "data-api/v"], message: "must be letters, digits, '.', '_', '/', '-' (e.g. v or data-api/v)",
        matches: { ASCIIRun.matches($0, every: .branch, length: 0...100) },
        refuses: { $0.containsText("..") || $0.utf8.first == UInt8(ascii: "/") || $0.utf8.first == UInt8(ascii: "-") })

    /// A `runs-on` label.
    static let runner = FieldRule(
        pattern: "^[A-Za-z0-9._-]+$", maxLength: 100, message: "must be a runner label such as ubuntu-24.04",
        matches: { ASCIIRun.matches($0, every: .alnumDotUnderscoreDash, length: 1...Int.max) })

    /// A registry user name: printable, no spaces.
    static let username = FieldRule(maxLength: 256) { value in
        guard (1...256).contains(value.utf8.count), value.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value < 0x7f }),
              !value.containsText("${{")
        else { return "must be a user name without spaces" }
        return nil
    }

    /// A GitOps repository: GitHub `owner/name`, or an `https://` git URL without credentials or spaces.
    static let gitopsRepository = FieldRule(pattern: "^([A-Za-z0-9-]{1,39}/[A-Za-z0-9._-]{1,100}|https://[^\\s]+)$") { value in
        if value.hasPrefix("https://") {
            let rest = value.dropFirst("https://".count)
            // Only printable ASCII passes, and there each byte is a character.
            guard value.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7f && !ByteClass.quoteOrBackslash.contains($0) }),
                  let host = slashParts(rest).first(where: { !$0.isEmpty }), rest.utf8.contains(UInt8(ascii: "/")),
                  isRegistryHost(Substring(host)),
                  value.utf8.count <= 1024, !value.utf8.contains(UInt8(ascii: "@")), !value.containsText("${{")
            else { return "must be an https:// git URL without user, password or spaces" }
            return nil
        }
        return githubRepo.check(value) == nil ? nil : "must be a GitHub repository as owner/name, or an https:// git URL"
    }

    /// A key for Kargo's `yaml-update`: `.`-separated parts of letters, digits, `_`, `-`, `/`, with `\.` for a
    /// literal dot.
    static let yamlKey = FieldRule(
        pattern: "^([A-Za-z0-9_/-]|\\\\\\.)+(\\.([A-Za-z0-9_/-]|\\\\\\.)+)*$", maxLength: 253,
        message: "must be a key path such as image.tag or containers.0.image (letters, digits, '_', '-', '/', '\\.' for a literal dot)",
        matches: isYAMLKey)

    /// An Argo CD Application: `name` or `namespace/name`.
    static let argocdApplication = FieldRule(pattern: "^([a-z0-9]([-a-z0-9]*[a-z0-9])?/)?[a-z0-9]([-.a-z0-9]*[a-z0-9])?$") { value in
        let parts = slashParts(value)
        guard (1...2).contains(parts.count), let name = parts.last, secretName.check(String(Substring(name))) == nil,
              parts.count == 1 || KubernetesName.isValidLabel(String(Substring(parts[0])))
        else { return "must be an Argo CD Application name, or namespace/name" }
        return nil
    }

    /// A workflow_dispatch input name.
    static let inputName = FieldRule(
        pattern: "^[A-Za-z_][A-Za-z0-9_-]*$", maxLength: 100, examples: ["version_bump"],
        message: "must be an input name (letters, digits, '_', '-', not starting with a digit)",
        matches: { ASCIIRun.matches($0, first: .letterUnderscore, rest: .alnumUnderscoreDash, length: 1...Int.max) })

    /// Every rule with a byte-level matcher, by name (for the tests).
    static let matched: [(name: String, rule: FieldRule)] = [
        ("name", name), ("githubRepo", githubRepo), ("branch", branch), ("tag", tag), ("platform", platform), ("secretName", secretName),
        ("secretKey", secretKey), ("registryHost", registryHost), ("imageRepository", imageRepository), ("cron", cron),
        ("dispatchEvent", dispatchEvent), ("secretVariable", secretVariable), ("stageName", stageName),
        ("releaseTagPrefix", releaseTagPrefix), ("runner", runner), ("yamlKey", yamlKey), ("inputName", inputName),
    ]
}

// MARK: Checks that are not a pattern

extension FieldRule {
    /// A regular expression Kargo can run: Go's RE2 syntax, which has no lookaround and no backreferences.
    /// `asciiFastPath: false` reads ASCII text by characters too (what the tests compare the fast path with).
    static func goRegex(_ value: String, asciiFastPath: Bool = true) -> String? {
        guard !value.isEmpty else { return "must not be empty" }
        if let construct = value.firstContainedText(["(?=", "(?!", "(?<=", "(?<!"]) {
            return "uses \(construct)…): Kargo evaluates Go (RE2) regular expressions, which have no lookaround"
        }
        // ASCII text is read byte by byte: each byte is one character there.
        let asciiProblem: String?? = !asciiFastPath ? nil : value.withUTF8Bytes { bytes in
            bytes.allSatisfy { $0 < 0x80 } ? .some(regexStructureProblem(bytes.lazy.map(RegexCharacter.init))) : nil
        }
        return asciiProblem ?? regexStructureProblem(value.lazy.map(RegexCharacter.init))
    }

    /// A regular expression that Go (RE2, Kargo) and Python (`re`, the GitOps receiving workflow) read the same way:
    /// ``goRegex(_:)``, without RE2's POSIX classes, Unicode classes, `\\z`, `\\Q…\\E`, `\\C` and the ungreedy flag.
    static func portableRegex(_ value: String) -> String? {
        if let reason = goRegex(value) { return reason }
        if let construct = value.firstContainedText(["[[:", "\\p", "\\P", "\\z", "\\Q", "\\C", "(?U"]) {
            return "uses \(construct), which the GitOps repository's workflow (Python's re) does not read as Kargo (Go RE2) does; write it with plain classes such as [0-9] and anchors ^ $"
        }
        return nil
    }

    /// What the structure checks of ``goRegex(_:)`` see of a character.
    private enum RegexCharacter: Equatable {
        case backslash, openClass, closeClass, openGroup, closeGroup
        /// A digit from 1 to 9.
        case backreferenceDigit(Int)
        case other

        init(_ byte: UInt8) {
            switch byte {
            case UInt8(ascii: "\\"): self = .backslash
            case UInt8(ascii: "["): self = .openClass
            case UInt8(ascii: "]"): self = .closeClass
            case UInt8(ascii: "("): self = .openGroup
            case UInt8(ascii: ")"): self = .closeGroup
            case UInt8(ascii: "1")...UInt8(ascii: "9"): self = .backreferenceDigit(Int(byte - UInt8(ascii: "0")))
            default: self = .other
            }
        }

        init(_ character: Character) {
            switch character {
            case "\\": self = .backslash
            case "[": self = .openClass
            case "]": self = .closeClass
            case "(": self = .openGroup
            case ")": self = .closeGroup
            default:
                if let digit = character.wholeNumberValue, digit > 0 { self = .backreferenceDigit(digit) } else { self = .other }
            }
        }
    }

    /// Backreferences, unbalanced groups and unclosed classes.
    private static func regexStructureProblem(_ characters: some Sequence<RegexCharacter>) -> String? {
        var previousWasBackslash = false
        for character in characters {
            if previousWasBackslash, case .backreferenceDigit(let digit) = character {
                return "uses a backreference (\\\(digit)): Go (RE2) regular expressions have none"
            }
            previousWasBackslash = !previousWasBackslash && character == .backslash
        }
        var depth = 0
        previousWasBackslash = false
        var inClass = false
        for character in characters {
            defer { previousWasBackslash = !previousWasBackslash && character == .backslash }
            if previousWasBackslash { continue }
            switch character {
            case .openClass where !inClass: inClass = true
            case .closeClass where inClass: inClass = false
            case .openGroup where !inClass: depth += 1
            case .closeGroup where !inClass:
                depth -= 1
                if depth < 0 { return "has an unmatched ')'" }
            default: break
            }
        }
        if depth != 0 { return "has an unmatched '('" }
        if inClass { return "has an unclosed '['" }
        return nil
    }

    /// A `KEY=value` build arg; returns the pair or why it is refused. Keys are ``secretVariable``'s identifiers.
    static func buildArgument(_ value: String) -> Result<BuildArgument, BuildArgumentError> {
        guard let equals = value.firstIndex(of: "=") else {
            return .failure(BuildArgumentError(reason: "must be KEY=value"))
        }
        let key = String(value[..<equals])
        let argument = String(value[value.index(after: equals)...])
        guard isIdentifier(key) else {
            return .failure(BuildArgumentError(reason: "has the key '\(key)'; keys are letters, digits and '_', not starting with a digit"))
        }
        guard !argument.containsText("${{") else {
            return .failure(BuildArgumentError(reason: "contains '${{', which GitHub would evaluate as an expression in the workflow"))
        }
        return .success(BuildArgument(key, argument))
    }

    struct BuildArgumentError: Error {
        var reason: String
    }
}

// MARK: Matchers the rules share

extension FieldRule {
    /// `value`'s `/`-separated parts, empty ones included.
    private static func slashParts(_ value: some StringProtocol) -> [Substring.UTF8View] {
        Substring(value).utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
    }

    /// `^[A-Za-z_][A-Za-z0-9_]*$` (``secretVariable``, build arg keys).
    @Sendable private static func isIdentifier(_ value: String) -> Bool {
        ASCIIRun.matches(value, first: .letterUnderscore, rest: .alnumUnderscore, length: 1...Int.max)
    }

    /// ``registryHost``'s pattern: `[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]+)?`.
    private static func isRegistryHost(_ value: Substring) -> Bool {
        let utf8 = value.utf8
        let colon = utf8.firstIndex(of: UInt8(ascii: ":"))
        if let colon {
            let port = utf8[utf8.index(after: colon)...]
            guard !port.isEmpty, port.allSatisfy(ByteClass.digit.contains) else { return false }
        }
        return ASCIIRun.matches(Substring(utf8[..<(colon ?? utf8.endIndex)]), first: .lowerAlnum, middle: .lowerAlnumDotDash, last: .lowerAlnum)
    }

    /// ``imageRepository``'s pattern: a registry host, then one or more `/`-separated path components
    /// `[a-z0-9]+([._-]+[a-z0-9]+)*`.
    @Sendable private static func isRepository(_ value: String) -> Bool {
        let utf8 = Substring(value).utf8
        guard let slash = utf8.firstIndex(of: UInt8(ascii: "/")), isRegistryHost(Substring(utf8[..<slash])) else { return false }
        return utf8[utf8.index(after: slash)...].split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).allSatisfy { component in
            guard let first = component.first, let last = component.last, ByteClass.lowerAlnum.contains(first), ByteClass.lowerAlnum.contains(last)
            else { return false }
            return component.allSatisfy(ByteClass.lowerAlnumDotUnderscoreDash.contains)
        }
    }

    /// ``yamlKey``'s pattern: `.`-separated parts of `[A-Za-z0-9_/-]` and `\.` (a literal dot), none empty.
    @Sendable private static func isYAMLKey(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        var index = 0
        var partIsEmpty = true
        while index < bytes.count {
            let byte = bytes[index]
            if ByteClass.yamlKeyCharacter.contains(byte) {
                partIsEmpty = false
                index += 1
            } else if byte == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: ".") {
                partIsEmpty = false
                index += 2
            } else if byte == UInt8(ascii: "."), !partIsEmpty {
                partIsEmpty = true
                index += 1
            } else {
                return false
            }
        }
        return !partIsEmpty
    }
}

/// A set of ASCII bytes, as a regular expression's character class names them (`a-z0-9._-`): one bit per byte.
struct ByteClass: Sendable {
    private let low: UInt64
    private let high: UInt64

    /// The bytes of `members`, where `x-y` is a range and a `-` first or last is itself.
    init(_ members: StaticString) {
        let bytes = members.withUTF8Buffer { Array($0) }
        var low: UInt64 = 0
        var high: UInt64 = 0
        func add(_ byte: UInt8) {
            if byte < 64 { low |= 1 << UInt64(byte) } else if byte < 128 { high |= 1 << UInt64(byte - 64) }
        }
        var index = 0
        while index < bytes.count {
            if index + 2 < bytes.count, bytes[index + 1] == UInt8(ascii: "-") {
                for byte in bytes[index]...bytes[index + 2] { add(byte) }
                index += 3
            } else {
                add(bytes[index])
                index += 1
            }
        }
        self.low = low
        self.high = high
    }

    @inline(__always)
    func contains(_ byte: UInt8) -> Bool {
        byte < 64 ? low >> UInt64(byte) & 1 != 0 : byte < 128 && high >> UInt64(byte - 64) & 1 != 0
    }

    static let digit = ByteClass("0-9")
    static let lowerAlnum = ByteClass("a-z0-9")
    static let alnum = ByteClass("a-zA-Z0-9")
    static let lowerAlnumDash = ByteClass("a-z0-9-")
    static let lowerAlnumDotDash = ByteClass("a-z0-9.-")
    static let lowerAlnumDotUnderscoreDash = ByteClass("a-z0-9._-")
    static let alnumDash = ByteClass("a-zA-Z0-9-")
    static let alnumUnderscore = ByteClass("a-zA-Z0-9_")
    static let alnumUnderscoreDash = ByteClass("a-zA-Z0-9_-")
    static let alnumDotUnderscoreDash = ByteClass("a-zA-Z0-9._-")
    static let letterUnderscore = ByteClass("a-zA-Z_")
    /// Branch names and release tag prefixes.
    static let branch = ByteClass("a-zA-Z0-9._/-")
    static let pathCharacter = ByteClass("a-zA-Z0-9._@+-")
    static let cronField = ByteClass("a-zA-Z0-9*/,-")
    static let yamlKeyCharacter = ByteClass("a-zA-Z0-9_/-")
    static let quoteOrBackslash = ByteClass("\"'`\\")
}

/// Whole-value matches of the shapes the patterns are made of, over the value's UTF-8 bytes (any byte of a
/// non-ASCII character is in no ``ByteClass``, so such a value never matches).
enum ASCIIRun {
    /// `^[first][rest]*$`, with the length in `length`.
    static func matches(_ value: some StringProtocol, first: ByteClass, rest: ByteClass, length: ClosedRange<Int>) -> Bool {
        value.withUTF8Bytes { bytes in
            guard length.contains(bytes.count) else { return false }
            guard let head = bytes.first else { return true }
            return first.contains(head) && bytes.dropFirst().allSatisfy(rest.contains)
        }
    }

    /// `^[every]*$`, with the length in `length`.
    static func matches(_ value: some StringProtocol, every: ByteClass, length: ClosedRange<Int>) -> Bool {
        value.withUTF8Bytes { matches($0[...], every: every, length: length) }
    }

    static func matches(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, every: ByteClass, length: ClosedRange<Int>) -> Bool {
        length.contains(bytes.count) && bytes.allSatisfy(every.contains)
    }

    /// `^[first]([middle]*[last])?$`.
    static func matches(_ value: some StringProtocol, first: ByteClass, middle: ByteClass, last: ByteClass) -> Bool {
        value.withUTF8Bytes { bytes in
            guard let head = bytes.first, let tail = bytes.last, first.contains(head) else { return false }
            guard bytes.count > 1 else { return true }
            return last.contains(tail) && bytes.dropFirst().dropLast().allSatisfy(middle.contains)
        }
    }
}
