import ImageFactorySupport

/// The shapes images.yaml values must have. Each check returns why a value is refused, or nil when it is fine.
///
/// The checks read UTF-8 bytes. Where a rule admits only ASCII, any other byte fails it whichever way the text is
/// split; where its answer could depend on how non-ASCII text splits into characters, only ASCII text is read
/// byte by byte.
enum FieldRules {
    private static func isLowerAlnum(_ byte: UInt8) -> Bool { FieldPatterns.isLowerAlnum(byte) }

    private static func isAlnum(_ byte: UInt8) -> Bool { FieldPatterns.isAlnum(byte) }

    private static func isByte(_ byte: UInt8, in characters: StaticString) -> Bool { FieldPatterns.isByte(byte, in: characters) }

    /// `value`'s `/`-separated parts, empty ones included.
    private static func slashParts(_ value: some StringProtocol) -> [Substring.UTF8View] {
        Substring(value).utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
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
        let isRepository = value.withUTF8Bytes { bytes in
            guard let slash = bytes.firstIndex(of: UInt8(ascii: "/")) else { return false }
            let owner = bytes[..<slash]
            let name = bytes[(slash + 1)...]
            return (1...39).contains(owner.count) && (1...100).contains(name.count)
                && owner.allSatisfy({ isAlnum($0) || $0 == 0x2d })
                && name.allSatisfy({ isAlnum($0) || $0 == 0x2d || $0 == 0x2e || $0 == 0x5f })
                && !name.elementsEqual(".".utf8) && !name.elementsEqual("..".utf8)
        }
        return isRepository ? nil : "must be a GitHub repository as owner/name"
    }

    /// A GitLab project path: `group/name` or deeper (`group/subgroup/name`), at most 20 levels.
    static func gitlabProject(_ value: String) -> String? {
        let parts = slashParts(value)
        guard (2...20).contains(parts.count), value.utf8.count <= 255,
              parts.allSatisfy({ part in
                  !part.isEmpty && !part.elementsEqual(".".utf8) && !part.elementsEqual("..".utf8) && part.first != 0x2d
                      && part.allSatisfy { isAlnum($0) || $0 == 0x2d || $0 == 0x2e || $0 == 0x5f }
              })
        else { return "must be a GitLab project path as group/name or group/subgroup/name" }
        return nil
    }

    /// Git branch names Kargo accepts: `^[a-zA-Z0-9]([a-zA-Z0-9._/-]*[a-zA-Z0-9_-])?$`, at most 255.
    static func branch(_ value: String) -> String? {
        let bytes = Array(value.utf8)
        guard (1...255).contains(bytes.count), let first = bytes.first, let last = bytes.last, isAlnum(first),
              isAlnum(last) || last == 0x5f || last == 0x2d,
              bytes.allSatisfy({ isAlnum($0) || isByte($0, in: "._/-") }),
              !value.containsText("..")
        else { return "must be a branch name of letters, digits, '.', '_', '/', '-' (as Kargo accepts)" }
        return nil
    }

    /// A relative path inside a repository: no leading `/`, no `..`, no empty segments.
    static func repositoryPath(_ value: String) -> String? {
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
                if !(isAlnum(byte) || isByte(byte, in: "._-@+")) { isAllowed = false }
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

    /// A workflow file name in `.github/workflows/`.
    static func workflowFile(_ value: String) -> String? {
        guard value.hasSuffix(".yml") || value.hasSuffix(".yaml"), value.utf8.count <= 255,
              value.utf8.allSatisfy({ isAlnum($0) || isByte($0, in: "._-") })
        else { return "must be a workflow file name such as build.yml (letters, digits, . _ -)" }
        return nil
    }

    /// A Docker tag: `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`.
    static func tag(_ value: String) -> String? {
        let bytes = Array(value.utf8)
        guard (1...128).contains(bytes.count), let first = bytes.first, isAlnum(first) || first == 0x5f,
              bytes.allSatisfy({ isAlnum($0) || isByte($0, in: "_.-") })
        else { return "must be a Docker tag (letters, digits, _ . -; at most 128)" }
        return nil
    }

    /// `os/arch[/variant]`.
    static func platform(_ value: String) -> String? {
        let parts = slashParts(value)
        guard (2...3).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(isLowerAlnum) }) else {
            return "must be os/arch or os/arch/variant, e.g. linux/amd64"
        }
        return nil
    }

    /// A regular expression Kargo can run: Go's RE2 syntax, which has no lookaround and no backreferences.
    static func goRegex(_ value: String) -> String? {
        guard !value.isEmpty else { return "must not be empty" }
        if let construct = value.firstContainedText(["(?=", "(?!", "(?<=", "(?<!"]) {
            return "uses \(construct)…): Kargo evaluates Go (RE2) regular expressions, which have no lookaround"
        }
        // ASCII text is read byte by byte: each byte is one character there.
        let asciiProblem: String?? = value.withUTF8Bytes { bytes in
            bytes.allSatisfy { $0 < 0x80 } ? .some(regexStructureProblem(bytes.lazy.map(RegexCharacter.init))) : nil
        }
        return asciiProblem ?? regexStructureProblem(value.lazy.map(RegexCharacter.init))
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

    /// A regular expression that Go (RE2, Kargo) and Python (`re`, the GitOps receiving workflow) read the same way:
    /// ``goRegex(_:)``, without RE2's POSIX classes, Unicode classes, `\\z`, `\\Q…\\E`, `\\C` and the ungreedy flag.
    static func portableRegex(_ value: String) -> String? {
        if let reason = goRegex(value) { return reason }
        if let construct = value.firstContainedText(["[[:", "\\p", "\\P", "\\z", "\\Q", "\\C", "(?U"]) {
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
        guard (1...253).contains(value.utf8.count), value.utf8.allSatisfy({ isAlnum($0) || isByte($0, in: "-._") }) else {
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

extension FieldRules {
    /// An image repository with an explicit registry host, lowercase, without tag or digest.
    static func imageRepository(_ value: String) -> String? {
        guard FieldPatterns.isRepository(value), value.utf8.count <= 255 else {
            return "must be an image repository with its registry, lowercase, without tag or digest (e.g. quay.io/acme/app)"
        }
        // The pattern admits only ASCII and no leading `/`: the host is what comes before the first `/`.
        let host = Substring(value).utf8.prefix { $0 != UInt8(ascii: "/") }
        guard host.contains(UInt8(ascii: ".")) || host.contains(UInt8(ascii: ":")) || host.elementsEqual("localhost".utf8) else {
            return "must start with a registry host (e.g. ghcr.io/\(value)); a bare path would silently mean docker.io"
        }
        return nil
    }

    /// A registry host.
    static func registryHost(_ value: String) -> String? {
        FieldPatterns.isRegistryHost(Substring(value)) ? nil : "must be a registry host such as docker.io or quay.io (lowercase, optional :port)"
    }

    /// Five cron fields, as GitHub's `schedule` takes them.
    static func cron(_ value: String) -> String? {
        FieldPatterns.isCron(value) ? nil : "must be a cron expression of five fields, e.g. '23 4 * * 1' (UTC)"
    }

    /// A `repository_dispatch` event type: `^[A-Za-z0-9_.-]{1,100}$`.
    static func dispatchEvent(_ value: String) -> String? {
        let isEventByte = { (byte: UInt8) in isAlnum(byte) || isByte(byte, in: "_.-") }
        return FieldPatterns.matches(value, length: 1...100, first: isEventByte, rest: isEventByte)
            ? nil : "must be an event type of letters, digits, '_', '.', '-', at most 100 characters"
    }

    /// The name of a GitHub Actions secret.
    static func secretVariable(_ value: String) -> String? {
        // An identifier is ASCII, so its uppercase form starts with GITHUB_ when its bytes do, ignoring case.
        guard FieldPatterns.isIdentifier(value), value.utf8.count <= 100,
              !value.utf8.prefix(7).map({ $0 >= 0x61 && $0 <= 0x7a ? $0 - 0x20 : $0 }).elementsEqual("GITHUB_".utf8) else {
            return "must be a GitHub Actions secret name (letters, digits, '_'; not starting with a digit or GITHUB_)"
        }
        return nil
    }

    /// A Dockerfile stage name: `^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$`.
    static func stageName(_ value: String) -> String? {
        FieldPatterns.matches(value, length: 1...128, first: isAlnum, rest: { isAlnum($0) || isByte($0, in: "_.-") })
            ? nil : "must be a Dockerfile stage name (letters, digits, '_', '.', '-')"
    }

    /// A release tag prefix such as `v` or `data-api/v`: `^[A-Za-z0-9._/-]{0,100}$`, no `..`, not starting with `/` or `-`.
    static func releaseTagPrefix(_ value: String) -> String? {
        let isPrefixByte = { (byte: UInt8) in isAlnum(byte) || isByte(byte, in: "._/-") }
        guard FieldPatterns.matches(value, length: 0...100, first: isPrefixByte, rest: isPrefixByte), !value.containsText(".."),
              value.utf8.first != UInt8(ascii: "/"), value.utf8.first != UInt8(ascii: "-") else {
            return "must be letters, digits, '.', '_', '/', '-' (e.g. v or data-api/v)"
        }
        return nil
    }

    /// A `runs-on` label: `^[A-Za-z0-9._-]{1,100}$`.
    static func runner(_ value: String) -> String? {
        let isRunnerByte = { (byte: UInt8) in isAlnum(byte) || isByte(byte, in: "._-") }
        return FieldPatterns.matches(value, length: 1...100, first: isRunnerByte, rest: isRunnerByte)
            ? nil : "must be a runner label such as ubuntu-24.04"
    }

    /// A registry user name: printable, no spaces.
    static func username(_ value: String) -> String? {
        guard (1...256).contains(value.utf8.count), value.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value < 0x7f }),
              !value.containsText("${{")
        else { return "must be a user name without spaces" }
        return nil
    }

    /// A GitOps repository: GitHub `owner/name`, or an `https://` git URL without credentials or spaces.
    static func gitopsRepository(_ value: String) -> String? {
        if value.hasPrefix("https://") {
            let rest = value.dropFirst("https://".count)
            // Only printable ASCII passes, and there each byte is a character.
            guard value.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7f && !isByte($0, in: "\"'`\\") }),
                  let host = slashParts(rest).first(where: { !$0.isEmpty }), rest.utf8.contains(UInt8(ascii: "/")),
                  FieldPatterns.isRegistryHost(Substring(host)),
                  value.utf8.count <= 1024, !value.utf8.contains(UInt8(ascii: "@")), !value.containsText("${{")
            else { return "must be an https:// git URL without user, password or spaces" }
            return nil
        }
        return githubRepo(value) == nil ? nil : "must be a GitHub repository as owner/name, or an https:// git URL"
    }

    /// A key for Kargo's `yaml-update`: dot-separated parts of letters, digits, `_`, `-`, with `\.` for a literal dot.
    static func yamlKey(_ value: String) -> String? {
        FieldPatterns.isYAMLKey(value) && value.utf8.count <= 253
            ? nil : "must be a key path such as image.tag or containers.0.image (letters, digits, '_', '-', '/', '\\.' for a literal dot)"
    }

    /// An Argo CD Application: `name` or `namespace/name`.
    static func argocdApplication(_ value: String) -> String? {
        let parts = slashParts(value)
        guard (1...2).contains(parts.count), let name = parts.last, secretName(String(Substring(name))) == nil,
              parts.count == 1 || KubernetesName.isValidLabel(String(Substring(parts[0])))
        else { return "must be an Argo CD Application name, or namespace/name" }
        return nil
    }

    /// A workflow_dispatch input name: `^[A-Za-z_][A-Za-z0-9_-]{0,99}$`.
    static func inputName(_ value: String) -> String? {
        FieldPatterns.matches(value, length: 1...100, first: { isAlnum($0) && !FieldPatterns.isDigit($0) || $0 == UInt8(ascii: "_") },
                              rest: { isAlnum($0) || isByte($0, in: "_-") })
            ? nil : "must be an input name (letters, digits, '_', '-', not starting with a digit)"
    }

    /// A `KEY=value` build arg; returns the pair or why it is refused.
    static func buildArgument(_ value: String) -> Result<BuildArgument, BuildArgumentError> {
        guard let equals = value.firstIndex(of: "=") else {
            return .failure(BuildArgumentError(reason: "must be KEY=value"))
        }
        let key = String(value[..<equals])
        let argument = String(value[value.index(after: equals)...])
        guard FieldPatterns.isIdentifier(key) else {
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
