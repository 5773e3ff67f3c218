import Synchronization

/// The shapes images.yaml values must have. Each check returns why a value is refused, or nil when it is fine.
enum FieldRules {
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

extension FieldRules {
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
