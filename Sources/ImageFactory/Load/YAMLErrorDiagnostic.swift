import Yams

/// What Yams refuses in YAML text, with the messages synth has always given: ``ConfigDecoder`` asks it when
/// ``YAMLDocumentReader`` could not compose the text, or found keys that Yams may refuse as duplicates.
enum YAMLErrorDiagnostic {
    /// Composes `text` with Yams as the decoder did before ``YAMLDocumentReader``, and throws what Yams refuses
    /// (a syntax error, duplicate keys, an undefined alias, no document or more than one); returns when Yams
    /// composes one document.
    static func check(_ text: String, file: String) throws(InvalidInput) {
        do {
            // The basic resolver: Yams' default one runs regular expressions on every key when it checks for duplicates.
            let parser = try Parser(yaml: text, resolver: .basic)
            guard try parser.nextRoot() != nil else {
                throw InvalidInput([Diagnostic("the file is empty: list at least one image", at: InputLocation(file: file, line: 1, column: 1))])
            }
            if let extra = try parser.nextRoot() {
                throw InvalidInput([Diagnostic(
                    "images.yaml must hold one YAML document; found another one here",
                    at: extra.mark.map { InputLocation(file: file, line: $0.line, column: $0.column) })])
            }
        } catch let error as InvalidInput {
            throw error
        } catch let error as YamlError {
            throw InvalidInput([make(error, file: file, text: text)])
        } catch {
            throw InvalidInput([Diagnostic("cannot read YAML: \(error)", at: InputLocation(file: file, line: 1, column: 1))])
        }
    }

    /// Turns a Yams error into a located diagnostic.
    static func make(_ error: YamlError, file: String, text: String) -> Diagnostic {
        func at(_ mark: Mark?) -> InputLocation {
            InputLocation(file: file, line: max(1, mark?.line ?? 1), column: max(1, mark?.column ?? 1))
        }
        switch error {
        case let .scanner(context, problem, mark, _):
            return Diagnostic("invalid YAML: \(problem)\(context.map { " \($0.text)" } ?? "")", at: at(mark))
        case let .parser(context, problem, mark, _):
            return Diagnostic("invalid YAML: \(problem)\(context.map { " \($0.text)" } ?? "")", at: at(mark))
        case let .composer(context, problem, mark, _):
            return Diagnostic("invalid YAML: \(problem)\(context.map { " \($0.text)" } ?? "")", at: at(mark))
        case let .duplicatedKeysInMapping(duplicates, context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            let first = at(context.mark)
            if duplicates.count == 1, let key = duplicates.first, let second = repeatedKey(key, after: context.mark, in: text) {
                return Diagnostic(
                    "duplicate key '\(key)' (first at \(first.line):\(first.column)): YAML keys must be unique",
                    at: InputLocation(file: file, line: second.line, column: second.column))
            }
            return Diagnostic("duplicate key \(keys) in one mapping: YAML keys must be unique", at: first)
        case let .reader(problem, offset, _, _):
            return Diagnostic("cannot read the file: \(problem)\(offset.map { " at byte \($0)" } ?? "")", at: at(nil))
        default:
            return Diagnostic("invalid YAML: \(error)", at: at(nil))
        }
    }

    /// Where a block-style key repeats: the next line that has `key:` at the same column as the first one,
    /// before a line indented less (which ends the mapping).
    static func repeatedKey(_ key: String, after mark: Mark, in text: String) -> (line: Int, column: Int)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard mark.line >= 1, mark.line <= lines.count else { return nil }
        let column = mark.column
        for index in mark.line..<lines.count {
            let line = Array(lines[index])
            let indent = line.prefix { $0 == " " }.count
            if indent + 1 < column, line.contains(where: { $0 != " " }), !(line.first { $0 != " " } == "#") {
                let dashed = line.count > indent && line[indent] == "-" && indent + 2 <= column
                if !dashed { return nil }
            }
            guard line.count >= column - 1 + key.count else { continue }
            let start = column - 1
            if String(line[start..<(start + key.count)]) == key {
                var after = start + key.count
                while after < line.count, line[after] == " " { after += 1 }
                if after < line.count, line[after] == ":" { return (index + 1, column) }
            }
        }
        return nil
    }
}
