/// The build env file an image names in `build.argsFile`: `KEY=value` lines that become Docker build args.
///
/// Read like Docker's `--env-file`, except that a line without `=` is an error (not a lookup in the environment),
/// a leading `export ` is allowed, and a value wrapped in matching `'` or `"` loses them (nothing inside is unescaped).
/// There are no inline comments: `#` after the `=` is part of the value.
/// Both LF and CRLF line endings are read: a CR at the end of a line is dropped, a CR anywhere else is refused.
package struct EnvFile: Sendable, Hashable {
    /// One `KEY=value` line.
    package struct Entry: Sendable, Hashable {
        package var key: String
        /// Without the surrounding quotes, if it had them.
        package var value: String
        /// 1-based line in the file.
        package var line: Int
    }

    package var path: String
    /// In file order, each key once.
    package var entries: [Entry]

    /// Each key's value.
    package var values: [String: String] {
        Dictionary(entries.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// Reads the file's text; every problem is reported at once, each at `path:line:column`.
    package static func parse(_ text: String, path: String) throws(InvalidInput) -> EnvFile {
        var diagnostics = DiagnosticCollector()
        var entries: [Entry] = []
        var firstLine: [String: Int] = [:]
        var scalars = Substring(text).unicodeScalars
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        for (offset, lineScalars) in scalars.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = String(lineScalars)
            if line.unicodeScalars.last == "\r" { line.unicodeScalars.removeLast() }
            let number = offset + 1
            func error(_ message: String, column: Int) {
                diagnostics.error(message, at: InputLocation(file: path, line: number, column: column))
            }
            guard let entry = Line(line) else { continue }
            let key = String(entry.key)
            let keyColumn = entry.keyStart + 1
            guard let value = entry.value else {
                error("'\(ImageTag.shown(key))' has no `=`; each line is KEY=value", column: keyColumn)
                continue
            }
            if let problem = keyProblem(key) {
                error(problem, column: keyColumn)
            } else if let first = firstLine[key] {
                error("\(key) is set twice; it is first set on line \(first)", column: keyColumn)
            } else {
                firstLine[key] = number
                entries.append(Entry(key: key, value: String(value), line: number))
            }
            let name = isKey(key) ? key : "'\(ImageTag.shown(key))'"
            for (message, index) in valueProblems(value, key: name) {
                error(message, column: index + 1)
            }
        }
        try diagnostics.throwIfAny()
        return EnvFile(path: path, entries: entries)
    }

    /// Whether `text` is a variable name: `^[A-Za-z_][A-Za-z0-9_]*$`.
    static func isKey(_ text: some StringProtocol) -> Bool {
        guard let first = text.utf8.first, !(first >= 0x30 && first <= 0x39) else { return false }
        return text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5a) || ($0 >= 0x61 && $0 <= 0x7a) || $0 == 0x5f }
    }

    private static func keyProblem(_ key: String) -> String? {
        if isKey(key) { return nil }
        if key.isEmpty { return "nothing before `=`; each line is KEY=value" }
        if let last = key.last, last == " " || last == "\t", isKey(key.trimmingBlanks) {
            return "'\(ImageTag.shown(key))' has blanks before `=`; write \(key.trimmingBlanks)=value"
        }
        return "'\(ImageTag.shown(key))' is not a build arg name (letters, digits and '_', not starting with a digit)"
    }

    /// The first problem of each kind in `value`, with the index of the character it is at.
    private static func valueProblems(_ value: ArraySlice<Character>, key: String) -> [(String, Int)] {
        var problems: [(String, Int)] = []
        if let index = value.indices.first(where: { value[$0...].starts(with: "${{") }) {
            problems.append(("the value of \(key) contains '${{', which GitHub would evaluate as an expression in the workflow", index))
        }
        for index in value.indices {
            guard let scalar = value[index].unicodeScalars.first(where: { $0 != "\t" && $0.isInvisibleInInput }) else { continue }
            let message = scalar == "\r"
                ? "the value of \(key) contains a carriage return (CR); lines may end in CRLF, but a CR elsewhere is refused"
                : "the value of \(key) contains the control or invisible character \(scalar.codePoint)"
            problems.append((message, index))
            break
        }
        if let kind = CredentialDetector.kind(of: String(value)), let start = value.indices.first {
            problems.append((
                "the value of \(key) looks like a credential (\(kind)); build args are written into the workflow in plain text; pass secrets as build secrets, not build args",
                start))
        }
        return problems
    }

    /// One line split into key and value, with the indices of its characters.
    private struct Line {
        var key: ArraySlice<Character>
        var keyStart: Int
        /// After the `=`, quotes removed; nil when there is no `=`.
        var value: ArraySlice<Character>?

        /// Nil for blank lines and comments.
        init?(_ text: String) {
            let characters = Array(text)
            let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
            var start = characters.firstIndex(where: { !isBlank($0) }) ?? characters.endIndex
            guard start < characters.endIndex, characters[start] != "#" else { return nil }
            if characters[start...].starts(with: "export"), start + 6 < characters.endIndex, isBlank(characters[start + 6]),
               let afterExport = characters[(start + 6)...].firstIndex(where: { !isBlank($0) }) {
                start = afterExport
            }
            keyStart = start
            guard let equals = characters[start...].firstIndex(of: "=") else {
                key = characters[start...]
                value = nil
                return
            }
            key = characters[start..<equals]
            var value = characters[(equals + 1)...]
            if value.count >= 2, let first = value.first, first == value.last, first == "\"" || first == "'" {
                value = value.dropFirst().dropLast()
            }
            self.value = value
        }
    }
}

extension String {
    fileprivate var trimmingBlanks: String {
        var trimmed = Substring(self).drop(while: { $0 == " " || $0 == "\t" })
        while let last = trimmed.last, last == " " || last == "\t" { trimmed = trimmed.dropLast() }
        return String(trimmed)
    }
}

extension Unicode.Scalar {
    /// Control, line-separating, zero-width, bidirectional-override and byte-order-mark characters: ones a reader cannot see.
    var isInvisibleInInput: Bool {
        switch value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2064, 0x2066...0x2069, 0xFEFF: true
        default: false
        }
    }

    /// `U+0007`.
    var codePoint: String {
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
