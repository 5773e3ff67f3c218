/// A problem in an instruction at a character offset of its logical line.
struct InstructionProblem: Error {
    var offset: Int
    var message: String
}

/// A leading `--name[=value]` word of an instruction, with quotes and escapes removed.
struct InstructionFlag {
    /// The text after `--` and before any `=`.
    var name: String
    /// The text after the first `=`; nil without one.
    var value: String?
    /// Offset of the word in the logical line.
    var offset: Int

    var written: String { value.map { "--\(name)=\($0)" } ?? "--\(name)" }
}

/// How BuildKit v0.32.2 reads the flags of an instruction: `extractBuilderFlags`
/// (`frontend/dockerfile/parser/split_command.go`) splits them off, and `BFlags.Parse`
/// (`frontend/dockerfile/instructions/bflag.go`) checks them against the ones the instruction takes.
enum InstructionFlags {
    enum Kind {
        /// `--link`, `--link=true`, `--link=false`.
        case bool
        /// One value, `--from=x`.
        case string
        /// Repeatable, `--mount=…` several times.
        case strings
    }

    typealias Definitions = KeyValuePairs<String, Kind>

    static let from: Definitions = ["platform": .string]
    static let copy: Definitions = ["chown": .string, "from": .string, "chmod": .string, "link": .bool, "exclude": .strings, "parents": .bool]
    static let run: Definitions = ["mount": .strings, "network": .string, "security": .string, "device": .strings]

    /// The flags at the start of `characters[start...]`, and where the arguments after them begin.
    static func read<C: DockerfileCharacter>(_ characters: [C], from start: Int, escape: C) -> (flags: [InstructionFlag], end: Int) {
        var flags: [InstructionFlag] = []
        var index = start
        while let flag = next(characters, at: &index, escape: escape) { flags.append(flag) }
        return (flags, index)
    }

    /// The next leading `--flag[=value]` word with quotes and escapes removed; nil after the last flag (or at a
    /// lone `--`, which ends them).
    private static func next<C: DockerfileCharacter>(_ characters: [C], at index: inout Int, escape: C) -> InstructionFlag? {
        var position = index
        while position < characters.count, characters[position].isWhitespace { position += 1 }
        guard position + 1 < characters.count, characters[position] == "-", characters[position + 1] == "-" else {
            index = position
            return nil
        }
        let start = position
        var text: [C] = []
        var quote: C?
        while position < characters.count {
            let character = characters[position]
            position += 1
            if quote == nil, character.isWhitespace { break }
            if let open = quote, character == open {
                quote = nil
            } else if quote == nil, character == "'" || character == "\"" {
                quote = character
            } else if character == escape {
                if position < characters.count {
                    text.append(characters[position])
                    position += 1
                }
            } else {
                text.append(character)
            }
        }
        if text.count == 2 {
            index = position
            return nil
        }
        index = position
        let body = text.dropFirst(2)
        guard let equals = body.firstIndex(of: "=") else { return InstructionFlag(name: C.string(body), value: nil, offset: start) }
        return InstructionFlag(name: C.string(body[..<equals]), value: C.string(body[(equals + 1)...]), offset: start)
    }

    /// Checks `flags` as `BFlags.Parse` does; `instruction` names the instruction in messages.
    static func check(_ flags: [InstructionFlag], allowed: Definitions, instruction: String) throws(InstructionProblem) {
        var used: [String] = []
        for flag in flags {
            guard let kind = allowed.first(where: { $0.key == flag.name })?.value else {
                let names = allowed.map { "--\($0.key)" }.joined(separator: ", ")
                throw InstructionProblem(offset: flag.offset, message: "unknown flag: --\(abbreviated(flag.name)) (\(instruction) takes \(names))")
            }
            if kind != .strings, used.contains(flag.name) {
                throw InstructionProblem(offset: flag.offset, message: "duplicate flag specified: --\(flag.name)")
            }
            used.append(flag.name)
            switch kind {
            case .bool:
                guard let value = flag.value else { continue }
                guard !value.isEmpty else { throw InstructionProblem(offset: flag.offset, message: "missing a value on flag: --\(flag.name)") }
                guard ["true", "false"].contains(value.lowercased()) else {
                    throw InstructionProblem(offset: flag.offset, message: "expecting boolean value for flag --\(flag.name), not: \(abbreviated(value))")
                }
            case .string, .strings:
                guard flag.value != nil else { throw InstructionProblem(offset: flag.offset, message: "missing a value on flag: --\(flag.name)") }
            }
        }
    }

    /// The last value of a flag that was checked to take one; nil when it is not given.
    static func value(of name: String, in flags: [InstructionFlag]) -> (value: String, offset: Int)? {
        guard let flag = flags.last(where: { $0.name == name }), let value = flag.value else { return nil }
        return (value, flag.offset)
    }

    /// `RUN --network` and `--security` take one of a few values, checked while the instruction is parsed.
    static func checkRunValues(_ flags: [InstructionFlag]) throws(InstructionProblem) {
        if let (value, offset) = value(of: "network", in: flags), !["default", "none", "host"].contains(value) {
            throw InstructionProblem(offset: offset, message: "invalid network mode \"\(abbreviated(value))\" (default, none or host)")
        }
        if let (value, offset) = value(of: "security", in: flags), !["sandbox", "insecure"].contains(value) {
            throw InstructionProblem(offset: offset, message: "security \"\(abbreviated(value))\" is not valid (sandbox or insecure)")
        }
    }
}

/// What BuildKit reads of a `RUN --mount=…` value while parsing the Dockerfile (`parseMount` without an
/// expander, `frontend/dockerfile/instructions/commands_runmount.go`): its `from` and `target`. The other
/// options are read when the stage is built: ``buildProblem``.
struct MountSource: Equatable {
    /// The `from=` value, nil without one (the mount then comes from the empty `scratch`).
    var from: String?
    /// The `target=` (`dst=`, `destination=`) value, for messages.
    var target: String
    /// The `type=` value, lowercased (`bind` without one); nil when it has a variable, whose value is only known
    /// when the stage is built.
    var type: String?
    /// Why BuildKit refuses the mount when it builds the stage (`parseMount` with an expander), as far as that
    /// does not depend on variables: a value with a `$` is taken as valid.
    var buildProblem: String?

    /// Reads `value` as comma-separated fields (Go's CSV, as `csvvalue.Fields` reads it); a `from` with a `$`
    /// anywhere but at its end is refused, as BuildKit refuses it.
    init(_ value: String) throws(ShellWordError) {
        var from: String?
        var target = ""
        var type: String? = "bind"
        let fields = try Self.fields(value)
        for field in fields {
            guard let equals = field.firstIndex(of: "=") else { continue }
            let key = field[..<equals].lowercased()
            let value = field[field.index(after: equals)...]
            switch key {
            case "from":
                if let dollar = value.firstIndex(of: "$"), value.index(after: dollar) != value.endIndex {
                    throw ShellWordError(message: "'from' doesn't support variable expansion, define alias stage instead")
                }
                from = String(value)
            case "target", "dst", "destination":
                target = String(value)
            case "type":
                type = value.contains("$") ? nil : value.lowercased()
            default:
                continue
            }
        }
        self.from = from
        self.target = target
        self.type = type
        buildProblem = Self.buildProblem(fields)
    }

    /// Whether the build reads what the mount names: a bind or cache mount (or one whose type is only known when
    /// the stage is built) with a `from`, or a cache mount without one.
    var usesSource: Bool {
        guard let type else { return true }
        let hasFrom = from.map { !$0.isEmpty } ?? false
        return hasFrom ? type == "bind" || type == "cache" : type == "cache"
    }

    /// Whether BuildKit checks that a stage the mount names was built before: with a `from`, or for a cache mount
    /// (which reads `scratch` without one).
    var checksOrder: Bool {
        from.map { !$0.isEmpty } ?? false || type == "cache"
    }

    private static let types: Set<String> = ["bind", "cache", "tmpfs", "secret", "ssh"]
    private static let sharingModes: Set<String> = ["shared", "private", "locked"]

    /// `parseMount` with an expander: the checks BuildKit makes when it builds the stage, in its order.
    private static func buildProblem(_ fields: [String]) -> String? {
        var type = "bind"
        var typeKnown = true
        var from = "", source = "", target = "", id = "", sharing = ""
        var fileInfo: [String] = []
        for field in fields {
            guard let equals = field.firstIndex(of: "=") else {
                switch field.lowercased() {
                case "readonly", "ro", "readwrite", "rw":
                    continue
                case "required":
                    if typeKnown, type != "secret", type != "ssh" { return "unexpected key 'required' for mount type '\(type)'" }
                    continue
                default:
                    return "invalid field '\(abbreviated(field))' must be a key=value pair"
                }
            }
            let key = field[..<equals].lowercased()
            let value = String(field[field.index(after: equals)...])
            // A variable's value is only known when the stage is built.
            let known = !value.contains("$")
            switch key {
            case "type":
                guard known else {
                    typeKnown = false
                    continue
                }
                guard types.contains(value.lowercased()) else { return "unsupported mount type \"\(abbreviated(value))\"" }
                type = value.lowercased()
            case "from": from = value
            case "source", "src": source = value
            case "target", "dst", "destination": target = value
            case "id": id = value
            case "env": continue
            case "readonly", "ro", "readwrite", "rw":
                if known, !isGoBool(value) { return "invalid value for \(key): \(abbreviated(value))" }
            case "required":
                guard !typeKnown || type == "secret" || type == "ssh" else { return "unexpected key 'required' for mount type '\(type)'" }
                if known, !isGoBool(value) { return "invalid value for \(key): \(abbreviated(value))" }
            case "size":
                // The size itself (Go's float syntax with a unit) is left to the build.
                if typeKnown, type != "tmpfs" { return "unexpected key 'size' for mount type '\(type)'" }
            case "sharing":
                if known, !sharingModes.contains(value.lowercased()) { return "unsupported sharing value \"\(abbreviated(value))\"" }
                sharing = value
            case "mode", "uid", "gid":
                if known, !isUInt32(value, radix: key == "mode" ? 8 : 10) { return "invalid value \(abbreviated(value)) for \(key)" }
                fileInfo.append(key)
            default:
                return "unexpected key '\(abbreviated(key))' in '\(abbreviated(field))'"
            }
        }
        guard typeKnown else { return nil }
        // BuildKit checks mode, then uid, then gid.
        if !["secret", "ssh", "cache"].contains(type), let key = ["mode", "uid", "gid"].first(where: fileInfo.contains) {
            return "\(key) not allowed for \"\(type)\" type mounts"
        }
        if type == "secret" {
            if !from.isEmpty { return "secret mount should not have a from" }
            if !sharing.isEmpty { return "secret mount should not define sharing" }
            if source.isEmpty, target.isEmpty, id.isEmpty { return "invalid secret mount. one of source, target required" }
            if !source.isEmpty, !id.isEmpty { return "both source and id can't be set" }
        }
        if !sharing.isEmpty, type != "cache" { return "invalid cache sharing set for \(type) mount" }
        return nil
    }

    /// Go's `strconv.ParseBool`.
    private static func isGoBool(_ value: String) -> Bool {
        ["1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False"].contains(value)
    }

    /// Go's `strconv.ParseUint(value, radix, 32)`: digits of the radix only, below 2^32.
    private static func isUInt32(_ value: String, radix: Int) -> Bool {
        guard !value.isEmpty, value.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && Int($0 - UInt8(ascii: "0")) < radix }) else { return false }
        return UInt32(value, radix: radix) != nil
    }

    /// `csvvalue.Fields(line, nil)`: fields separated by `,`; a field that starts with `"` is quoted (`""` is a
    /// quote in it); a `"` anywhere else is an error.
    static func fields(_ line: String) throws(ShellWordError) -> [String] {
        func failure(_ column: Int, _ reason: String) -> ShellWordError {
            ShellWordError(message: "failed to parse csv mounts: parse error on line 1, column \(column): \(reason)")
        }
        var bytes = Array(line.utf8)[...]
        if bytes.last == UInt8(ascii: "\n") {
            bytes.removeLast()
            if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        }
        guard !bytes.isEmpty else { throw ShellWordError(message: "failed to parse csv mounts: EOF") }
        let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\"")
        var fields: [String] = []
        var position = bytes.startIndex
        while true {
            if position == bytes.endIndex || bytes[position] != quote {
                let end = bytes[position...].firstIndex(of: comma) ?? bytes.endIndex
                if let bare = bytes[position..<end].firstIndex(of: quote) {
                    throw failure(bare - bytes.startIndex + 1, "bare \" in non-quoted-field")
                }
                fields.append(String(decoding: bytes[position..<end], as: UTF8.self))
                guard end < bytes.endIndex else { break }
                position = end + 1
                continue
            }
            position += 1
            var field: [UInt8] = []
            while true {
                guard let close = bytes[position...].firstIndex(of: quote) else {
                    throw failure(position - bytes.startIndex + 1, "extraneous or missing \" in quoted-field")
                }
                field += bytes[position..<close]
                position = close + 1
                if position < bytes.endIndex, bytes[position] == quote {
                    field.append(quote)
                    position += 1
                    continue
                }
                if position == bytes.endIndex {
                    fields.append(String(decoding: field, as: UTF8.self))
                    return fields
                }
                guard bytes[position] == comma else {
                    throw failure(position - bytes.startIndex, "extraneous or missing \" in quoted-field")
                }
                fields.append(String(decoding: field, as: UTF8.self))
                position += 1
                break
            }
        }
        return fields
    }
}

/// `text`, cut to a readable length for error messages.
func abbreviated(_ text: String) -> String {
    let limit = 200
    return text.count > limit ? text.prefix(limit) + "…" : text
}
