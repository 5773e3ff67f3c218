import Foundation

/// A platform an image is built for, `os/arch[/variant]`, read as BuildKit v0.32.2 reads its target platforms:
/// containerd's `platforms.Parse` followed by `platforms.Normalize` (`frontend/dockerui/attr.go`), so
/// `linux/arm64/v8` is `linux/arm64` and `linux/arm` is `linux/arm/v7`.
package struct BuildPlatform: Hashable, Sendable, CustomStringConvertible {
    package let os: String
    package let architecture: String
    package let variant: String
    package let osVersion: String
    /// `os/arch/variant` without empty parts, with `(osVersion)` after the OS when there is one (`FormatAll`):
    /// `TARGETPLATFORM`. Made once, as every Dockerfile's build names its platform.
    package let description: String

    package init(os: String, architecture: String, variant: String = "", osVersion: String = "") {
        self.os = os
        self.architecture = architecture
        self.variant = variant
        self.osVersion = osVersion
        var text = os
        if !osVersion.isEmpty { text += "(\(osVersion))" }
        for part in [architecture, variant] where !part.isEmpty { text += "/" + part }
        description = text
    }

    /// The platform of the machines the generated workflows build on (`ubuntu-24.04` runners): BuildKit's
    /// build platform, and the target platform when an image names none.
    package static let linuxAMD64 = BuildPlatform(os: "linux", architecture: "amd64")

    /// Parses and normalizes `specifier`; nil when containerd would refuse it (see ``problem(with:)``).
    package init?(_ specifier: String) {
        guard let platform = try? Self.parse(specifier) else { return nil }
        self = platform
    }

    /// The automatic platform ARGs BuildKit defines before any `ARG` (`defaultArgs` in
    /// `frontend/dockerfile/dockerfile2llb/platform.go`), for a build on `build` that targets `self`;
    /// `TARGETSTAGE` is the target stage as given, or the last stage's name, or `default`.
    func automaticArguments(buildPlatform build: BuildPlatform, targetStage: String) -> [(name: String, value: String)] {
        [
            ("BUILDPLATFORM", build.formatted), ("BUILDOS", build.os), ("BUILDOSVERSION", build.osVersion),
            ("BUILDARCH", build.architecture), ("BUILDVARIANT", build.variant),
            ("TARGETPLATFORM", description), ("TARGETOS", os), ("TARGETOSVERSION", osVersion),
            ("TARGETARCH", architecture), ("TARGETVARIANT", variant), ("TARGETSTAGE", targetStage),
        ]
    }

    /// The names of ``automaticArguments(buildPlatform:targetStage:)`` whose values depend on the target platform.
    static let targetPlatformArguments: Set<String> = ["TARGETPLATFORM", "TARGETOS", "TARGETOSVERSION", "TARGETARCH", "TARGETVARIANT"]

    /// `os/arch/variant` without the OS version (`platforms.Format`, used for `BUILDPLATFORM`).
    private var formatted: String {
        var text = os
        for part in [architecture, variant] where !part.isEmpty { text += "/" + part }
        return text
    }

    /// Why containerd's `platforms.Parse` refuses `specifier` (a `FROM --platform` value after expansion), or nil.
    static func problem(with specifier: String) -> String? {
        do {
            _ = try parse(specifier)
            return nil
        } catch {
            return error.reason
        }
    }

    struct ParseError: Error {
        var reason: String
    }

    /// `platforms.Parse` then `platforms.Normalize`.
    static func parse(_ specifier: String) throws(ParseError) -> BuildPlatform {
        if specifier.contains("*") { throw ParseError(reason: "\"\(specifier)\": wildcards not yet supported") }
        // `strings.SplitN(specifier, "/", 4)`: the fourth part keeps any further slashes.
        var parts: [Substring] = []
        var rest = Substring(specifier)
        while parts.count < 3, let slash = rest.firstIndex(of: "/") {
            parts.append(rest[..<slash])
            rest = rest[rest.index(after: slash)...]
        }
        parts.append(rest)

        guard let (osName, osVersion) = osComponent(parts[0]) else {
            throw ParseError(reason: "\"\(parts[0])\" is an invalid OS component of \"\(specifier)\"")
        }
        guard let decodedVersion = percentDecoded(osVersion) else {
            throw ParseError(reason: "\"\(specifier)\" has an invalid OS version \"\(osVersion)\"")
        }
        for part in parts.dropFirst() where !isSpecifierComponent(part) {
            throw ParseError(reason: "\"\(part)\" is an invalid component of \"\(specifier)\"")
        }
        let os = normalizedOS(osName)
        switch parts.count {
        case 1:
            if knownOperatingSystems.contains(os) {
                // containerd takes the architecture of the machine it runs on; a FROM only needs to be valid.
                return BuildPlatform(os: os, architecture: "amd64", osVersion: decodedVersion)
            }
            var (architecture, variant) = normalizedArchitecture(String(parts[0]), "")
            if architecture == "arm" && variant == "v7" { variant = "" }
            guard knownArchitectures.contains(architecture) else {
                throw ParseError(reason: "\"\(specifier)\": unknown operating system or architecture")
            }
            return normalized(BuildPlatform(os: "linux", architecture: architecture, variant: variant))
        case 2:
            var (architecture, variant) = normalizedArchitecture(String(parts[1]), "")
            if architecture == "arm" && variant == "v7" { variant = "" }
            return normalized(BuildPlatform(os: os, architecture: architecture, variant: variant, osVersion: decodedVersion))
        case 3:
            var (architecture, variant) = normalizedArchitecture(String(parts[1]), String(parts[2]))
            if architecture == "arm64" && variant.isEmpty { variant = "v8" }
            return normalized(BuildPlatform(os: os, architecture: architecture, variant: variant, osVersion: decodedVersion))
        default:
            throw ParseError(reason: "\"\(specifier)\": cannot parse platform specifier")
        }
    }

    /// `platforms.Normalize`.
    private static func normalized(_ platform: BuildPlatform) -> BuildPlatform {
        let (architecture, variant) = normalizedArchitecture(platform.architecture, platform.variant)
        return BuildPlatform(os: normalizedOS(platform.os), architecture: architecture, variant: variant, osVersion: platform.osVersion)
    }

    /// `^([A-Za-z0-9_-]+)(?:\(([A-Za-z0-9_.%-]*)((?:\+[A-Za-z0-9_.%-]+)*)\))?$`: the OS and its version (features,
    /// after a `+`, are checked and dropped).
    private static func osComponent(_ part: Substring) -> (os: Substring, version: Substring)? {
        func isNameByte(_ byte: UInt8) -> Bool { isAlphanumeric(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") }
        func isOptionByte(_ byte: UInt8) -> Bool { isNameByte(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "%") }
        let bytes = Array(part.utf8)
        let nameEnd = bytes.firstIndex { !isNameByte($0) } ?? bytes.count
        guard nameEnd > 0 else { return nil }
        let name = Substring(decoding: bytes[..<nameEnd], as: UTF8.self)
        guard nameEnd < bytes.count else { return (name, "") }
        guard bytes[nameEnd] == UInt8(ascii: "("), bytes.last == UInt8(ascii: ")") else { return nil }
        let options = bytes[(nameEnd + 1)..<(bytes.count - 1)]
        let versionEnd = options.firstIndex { !isOptionByte($0) } ?? options.endIndex
        var index = versionEnd
        while index < options.endIndex {
            guard options[index] == UInt8(ascii: "+") else { return nil }
            index += 1
            let start = index
            while index < options.endIndex, isOptionByte(options[index]) { index += 1 }
            guard index > start else { return nil }
            guard percentDecoded(Substring(decoding: options[start..<index], as: UTF8.self)) != nil else { return nil }
        }
        return (name, Substring(decoding: options[..<versionEnd], as: UTF8.self))
    }

    /// Go's `url.PathUnescape` when the text has a `%`; nil for a malformed escape.
    private static func percentDecoded(_ text: Substring) -> String? {
        guard text.contains("%") else { return String(text) }
        return String(text).removingPercentEncoding
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// `^[A-Za-z0-9_.-]+$`
    private static func isSpecifierComponent(_ part: Substring) -> Bool {
        !part.isEmpty && part.utf8.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
    }

    private static func normalizedOS(_ os: Substring) -> String {
        let lowered = os.lowercased()
        return lowered == "macos" ? "darwin" : lowered
    }

    private static func normalizedOS(_ os: String) -> String { normalizedOS(Substring(os)) }

    /// containerd's `normalizeArch`.
    private static func normalizedArchitecture(_ architecture: String, _ variant: String) -> (String, String) {
        var (architecture, variant) = (architecture.lowercased(), variant.lowercased())
        switch architecture {
        case "i386":
            architecture = "386"
            variant = ""
        case "x86_64", "x86-64", "amd64":
            architecture = "amd64"
            if variant == "v1" { variant = "" }
        case "aarch64", "arm64":
            architecture = "arm64"
            switch variant {
            case "8", "v8", "v8.0": variant = ""
            case "9", "9.0", "v9.0": variant = "v9"
            default: break
            }
        case "armhf":
            architecture = "arm"
            variant = "v7"
        case "armel":
            architecture = "arm"
            variant = "v6"
        case "arm":
            switch variant {
            case "", "7": variant = "v7"
            case "5", "6", "8": variant = "v" + variant
            default: break
            }
        default:
            break
        }
        return (architecture, variant)
    }

    private static let knownOperatingSystems: Set<String> = [
        "aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js", "linux", "nacl", "netbsd", "openbsd",
        "plan9", "solaris", "windows", "zos",
    ]

    private static let knownArchitectures: Set<String> = [
        "386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be", "ppc64", "ppc64le", "loong64", "mips", "mipsle", "mips64",
        "mips64le", "mips64p32", "mips64p32le", "ppc", "riscv", "riscv64", "s390", "s390x", "sparc", "sparc64", "wasm",
    ]
}
