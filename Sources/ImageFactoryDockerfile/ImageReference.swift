import ImageFactorySupport

/// A container image reference, normalized the way Docker/BuildKit (distribution/reference) reads it.
package struct ImageReference: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Registry host, with port when given: `docker.io`, `ghcr.io`, `localhost:5000`.
    package var registry: String
    /// Repository path below the registry: `library/node`, `org/app`.
    package var repository: String
    /// Tag; `nil` only when a digest is given without a tag.
    package var tag: String?
    /// Content digest, `sha256:<64 lowercase hex digits>`.
    package var digest: String?

    /// The registry of references that name none.
    package static let defaultRegistry = "docker.io"

    /// Creates a reference from parts that are already normalized; nothing is validated.
    package init(registry: String, repository: String, tag: String?, digest: String?) {
        self.registry = registry
        self.repository = repository
        self.tag = tag
        self.digest = digest
    }

    /// Parses "node", "node:22-bookworm-slim", "docker.io/library/node:22", "ghcr.io/org/app:v1@sha256:…",
    /// "localhost:5000/x", "registry:5000/a/b:tag". Implicit docker.io, implicit library/ for single-component
    /// Docker Hub names, implicit tag "latest" when neither tag nor digest is given. "index.docker.io" normalizes to "docker.io".
    package static func parse(_ text: String) throws(ImageReferenceError) -> ImageReference {
        try parse(text, checkingKargo: true)
    }

    /// `checkingKargo: false` reads the reference as BuildKit does (distribution/reference alone), without Kargo's
    /// stricter pattern for the repository URL.
    static func parse(_ text: String, checkingKargo: Bool) throws(ImageReferenceError) -> ImageReference {
        func failure(_ reason: String) -> ImageReferenceError {
            ImageReferenceError(reference: text, reason: reason)
        }
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { throw failure("reference is empty") }
        // ASCII text (the usual case) is checked byte by byte; only other text needs Unicode's whitespace.
        let hasWhitespace = bytes.allSatisfy { $0 < 0x80 }
            ? bytes.contains { $0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0D) }
            : text.contains(where: \.isWhitespace)
        if hasWhitespace {
            throw failure("reference must not contain whitespace")
        }
        if let scheme = Grammar.scheme(of: bytes) {
            throw failure("reference must not include a URL scheme (\"\(scheme)://\")")
        }
        if bytes.count == 64, bytes.allSatisfy(Grammar.isLowerHex) {
            throw failure("reference must not be a 64-character hexadecimal string (a digest needs \"name@sha256:\")")
        }

        var remainder = bytes[...]
        var digest: String?
        if let at = remainder.firstIndex(of: UInt8(ascii: "@")) {
            let digestBytes = remainder[(at + 1)...]
            if let problem = Grammar.digestProblem(digestBytes) { throw failure(problem) }
            digest = Grammar.string(digestBytes)
            remainder = remainder[..<at]
        }

        var tag: String?
        if let colon = remainder.lastIndex(of: UInt8(ascii: ":")),
           !remainder[colon...].contains(UInt8(ascii: "/")) {
            let tagBytes = remainder[(colon + 1)...]
            if let problem = Grammar.tagProblem(tagBytes) { throw failure(problem) }
            tag = Grammar.string(tagBytes)
            remainder = remainder[..<colon]
        }

        guard !remainder.isEmpty else { throw failure("repository name is empty") }

        var registry = defaultRegistry
        /// The registry as written; nil for the default registry.
        var registryBytes: Grammar.Bytes?
        var path = remainder
        if let slash = remainder.firstIndex(of: UInt8(ascii: "/")) {
            let first = remainder[..<slash]
            if Grammar.looksLikeRegistry(first) {
                if let problem = Grammar.registryProblem(first) { throw failure(problem) }
                registry = Grammar.string(first)
                registryBytes = first
                path = remainder[(slash + 1)...]
            }
        }
        if registry == Grammar.legacyDefaultRegistry {
            registry = defaultRegistry
            registryBytes = nil
        }
        if path.contains(where: Grammar.isUpper) {
            throw failure("repository name must be lowercase")
        }
        if let problem = Grammar.pathProblem(path) { throw failure(problem) }
        guard remainder.count <= Grammar.maximumNameLength else {
            throw failure("repository name must not be more than \(Grammar.maximumNameLength) characters")
        }

        var repository = Grammar.string(path)
        if registry == defaultRegistry, !path.contains(UInt8(ascii: "/")) {
            repository = Grammar.officialRepositoryPrefix + repository
        }
        let reference = ImageReference(
            registry: registry,
            repository: repository,
            tag: tag ?? (digest == nil ? "latest" : nil),
            digest: digest
        )
        if checkingKargo, let problem = Grammar.kargoProblem(host: registryBytes, path: path, repositoryURL: reference.repositoryURL) {
            throw failure(problem)
        }
        return reference
    }

    /// Registry and repository without scheme, tag or digest, e.g. `docker.io/library/node` (a Kargo image `repoURL`).
    package var repositoryURL: String { String(concatenating: registry, "/", repository) }

    /// The short form Docker prints: `node`, `bitnami/redis`, `ghcr.io/org/app`.
    package var familiarRepository: String {
        guard registry == Self.defaultRegistry else { return repositoryURL }
        let official = repository.dropFirst(Grammar.officialRepositoryPrefix.count)
        // Bytes, not Foundation's `contains`: a repository is ASCII, and this is asked for every upstream base.
        if repository.hasPrefix(Grammar.officialRepositoryPrefix), !official.containsUTF8(UInt8(ascii: "/")) {
            return String(official)
        }
        return repository
    }

    /// The ``description``s of `references` joined by `separator`, written into one new string (not one string
    /// per reference and then another for all of them).
    package static func joinedDescriptions(_ references: [ImageReference], separator: String) -> String {
        var length = max(references.count - 1, 0) * separator.utf8.count
        for reference in references {
            length += reference.registry.utf8.count + 1 + reference.repository.utf8.count
            if let tag = reference.tag { length += 1 + tag.utf8.count }
            if let digest = reference.digest { length += 1 + digest.utf8.count }
        }
        return String(unsafeUninitializedCapacity: length) { buffer in
            var count = 0
            func write(_ text: String) {
                count = text.withUTF8Bytes { UnsafeMutableBufferPointer(rebasing: buffer[count...]).initialize(from: $0).1 } + count
            }
            for (index, reference) in references.enumerated() {
                if index > 0 { write(separator) }
                write(reference.registry)
                write("/")
                write(reference.repository)
                if let tag = reference.tag {
                    write(":")
                    write(tag)
                }
                if let digest = reference.digest {
                    write("@")
                    write(digest)
                }
            }
            return count
        }
    }

    /// Canonical full form, e.g. `docker.io/library/node:22-bookworm-slim` (with `@sha256:…` when present).
    package var description: String {
        switch (tag, digest) {
        case let (tag?, digest?): String(concatenating: registry, "/", repository, ":", tag, "@", digest)
        case let (tag?, nil): String(concatenating: registry, "/", repository, ":", tag)
        case let (nil, digest?): String(concatenating: registry, "/", repository, "@", digest)
        case (nil, nil): repositoryURL
        }
    }

    package static func < (lhs: ImageReference, rhs: ImageReference) -> Bool {
        lhs.description < rhs.description
    }
}

/// Why a string is not a usable image reference.
package struct ImageReferenceError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The text that was parsed.
    package var reference: String
    /// What is wrong with it.
    package var reason: String

    package init(reference: String, reason: String) {
        self.reference = reference
        self.reason = reason
    }

    package var description: String { "invalid image reference \"\(reference)\": \(reason)" }
}

/// The distribution/reference grammar, checked byte by byte.
private enum Grammar {
    typealias Bytes = ArraySlice<UInt8>

    static let legacyDefaultRegistry = "index.docker.io"
    static let officialRepositoryPrefix = "library/"
    static let maximumNameLength = 255
    static let maximumTagLength = 128
    static let sha256HexLength = 64

    static func string(_ bytes: Bytes) -> String { String(decoding: bytes, as: UTF8.self) }

    static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || isDigit(byte)
    }

    static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    static func isUpper(_ byte: UInt8) -> Bool { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) }

    static func isLowerHex(_ byte: UInt8) -> Bool {
        isDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        isLowerAlphanumeric(byte) || isUpper(byte)
    }

    /// `\w` in Go regular expressions: ASCII letters, digits and underscore.
    static func isWordByte(_ byte: UInt8) -> Bool { isAlphanumeric(byte) || byte == UInt8(ascii: "_") }

    /// What comes before the first `://`, if any.
    static func scheme(of bytes: [UInt8]) -> String? {
        var start = 0
        while start + 2 < bytes.count {
            if bytes[start] == UInt8(ascii: ":"), bytes[start + 1] == UInt8(ascii: "/"), bytes[start + 2] == UInt8(ascii: "/") {
                return String(decoding: bytes[..<start], as: UTF8.self)
            }
            start += 1
        }
        return nil
    }

    /// Whether every `separator`-separated part of `bytes` (empty ones included) satisfies `predicate`; like
    /// `split(separator:omittingEmptySubsequences: false).allSatisfy(predicate)` without building the parts.
    static func allComponents<Text: Collection<UInt8>>(
        of bytes: Text, separatedBy separator: UInt8, satisfy predicate: (Text.SubSequence) -> Bool
    ) -> Bool {
        var start = bytes.startIndex
        while true {
            let end = bytes[start...].firstIndex(of: separator) ?? bytes.endIndex
            guard predicate(bytes[start..<end]) else { return false }
            guard end < bytes.endIndex else { return true }
            start = bytes.index(after: end)
        }
    }

    static func digestProblem(_ digest: Bytes) -> String? {
        guard !digest.isEmpty else { return "digest after '@' is empty" }
        let text = string(digest)
        guard let colon = digest.firstIndex(of: UInt8(ascii: ":")) else {
            return "digest \"\(text)\" is invalid: expected \"sha256:\" followed by 64 lowercase hex digits"
        }
        let algorithm = string(digest[..<colon])
        guard algorithm == "sha256" else {
            return "digest algorithm \"\(algorithm)\" is not supported: expected \"sha256:\" followed by 64 lowercase hex digits"
        }
        let hex = digest[(colon + 1)...]
        guard hex.count == sha256HexLength, hex.allSatisfy(isLowerHex) else {
            return "digest \"\(text)\" is invalid: expected \"sha256:\" followed by 64 lowercase hex digits"
        }
        return nil
    }

    /// `[\w][\w.-]{0,127}`
    static func tagProblem(_ tag: Bytes) -> String? {
        guard let first = tag.first else { return "tag after ':' is empty" }
        let valid = tag.count <= maximumTagLength
            && isWordByte(first)
            && tag.allSatisfy { isWordByte($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
        guard valid else {
            return "tag \"\(string(tag))\" is invalid: expected up to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'"
        }
        return nil
    }

    static func looksLikeRegistry(_ component: Bytes) -> Bool {
        component.contains(UInt8(ascii: "."))
            || component.contains(UInt8(ascii: ":"))
            || component.elementsEqual("localhost".utf8)
            || component.contains(where: isUpper)
    }

    /// `host[:port]` where host is a dotted DNS name or a bracketed IPv6 address.
    static func registryProblem(_ registry: Bytes) -> String? {
        var problem: String { "registry \"\(string(registry))\" is invalid: expected a host name or [IPv6] address with an optional :port" }
        var host = registry
        var port: Bytes?
        if registry.first == UInt8(ascii: "[") {
            guard let close = registry.firstIndex(of: UInt8(ascii: "]")) else { return problem }
            let address = registry[(registry.startIndex + 1)..<close]
            guard !address.isEmpty,
                  address.allSatisfy({ isLowerHex($0) || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains($0) || $0 == UInt8(ascii: ":") })
            else { return problem }
            host = registry[...close]
            let after = registry[(close + 1)...]
            if !after.isEmpty {
                guard after.first == UInt8(ascii: ":") else { return problem }
                port = after.dropFirst()
            }
        } else {
            if let colon = registry.firstIndex(of: UInt8(ascii: ":")) {
                host = registry[..<colon]
                port = registry[(colon + 1)...]
            }
            let validLabels = allComponents(of: host, separatedBy: UInt8(ascii: ".")) { label in
                guard let first = label.first, let last = label.last else { return false }
                return isAlphanumeric(first) && isAlphanumeric(last)
                    && label.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") }
            }
            guard validLabels else { return problem }
        }
        if let port, port.isEmpty || !port.allSatisfy(isDigit) { return problem }
        return nil
    }

    /// Components of `[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*` separated by `/`.
    static func pathProblem(_ path: Bytes) -> String? {
        var problem: String?
        _ = allComponents(of: path, separatedBy: UInt8(ascii: "/")) { component in
            if component.isEmpty {
                problem = "repository path \"\(string(path))\" has an empty component"
            } else if !isValidPathComponent(component) {
                problem = "repository path component \"\(string(component))\" is invalid: expected lowercase letters and digits separated by '.', '_', '__' or dashes"
            }
            return problem == nil
        }
        return problem
    }

    static func isValidPathComponent(_ component: Bytes) -> Bool {
        var index = component.startIndex
        guard index < component.endIndex, isLowerAlphanumeric(component[index]) else { return false }
        while index < component.endIndex {
            if isLowerAlphanumeric(component[index]) {
                index += 1
                continue
            }
            switch component[index] {
            case UInt8(ascii: "."):
                index += 1
            case UInt8(ascii: "_"):
                index += 1
                if index < component.endIndex, component[index] == UInt8(ascii: "_") { index += 1 }
            case UInt8(ascii: "-"):
                while index < component.endIndex, component[index] == UInt8(ascii: "-") { index += 1 }
            default:
                return false
            }
            guard index < component.endIndex, isLowerAlphanumeric(component[index]) else { return false }
        }
        return true
    }

    /// Kargo's image subscription `repoURL` pattern:
    /// `^(\w+([\.-]\w+)*(:[\d]+)?/)?(\w+([\.-]\w+)*)(/\w+([\.-]\w+)*)*$`
    /// Checked on the parts of `registry/repository`: the registry as written (nil for the default registry,
    /// `docker.io`, which passes) and the path (an added `library/` passes too).
    static func kargoProblem(host: Bytes?, path: Bytes, repositoryURL: @autoclosure () -> String) -> String? {
        var accepted = allComponents(of: path, separatedBy: UInt8(ascii: "/"), satisfy: isKargoWord)
        if let host {
            var hostName = host
            if let colon = host.firstIndex(of: UInt8(ascii: ":")) {
                hostName = host[..<colon]
                let port = host[(colon + 1)...]
                if port.isEmpty || !port.allSatisfy(isDigit) { hostName = host }
            }
            accepted = accepted && isKargoWord(hostName)
        }
        guard !accepted else { return nil }
        return "Kargo's image repoURL pattern rejects \"\(repositoryURL())\": each part must be word characters joined by single '.' or '-'"
    }

    /// `\w+([\.-]\w+)*`
    static func isKargoWord(_ component: Bytes) -> Bool {
        var previousWasSeparator = true
        for byte in component {
            if isWordByte(byte) {
                previousWasSeparator = false
            } else if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-"), !previousWasSeparator {
                previousWasSeparator = true
            } else {
                return false
            }
        }
        return !previousWasSeparator
    }
}
