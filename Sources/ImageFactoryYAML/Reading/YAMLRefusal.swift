import Yams

/// Why Yams refuses YAML text, as synth has always said it: ``ConfigDecoder`` asks when ``YAMLDocumentReader``
/// could not compose the text, or found keys that Yams may refuse as duplicates, and words the two refusals that
/// are about images.yaml rather than YAML (no document, a second one) itself.
package struct YAMLRefusal: Error, Sendable, Equatable {
    package enum Reason: Sendable, Equatable {
        /// libyaml or Yams refuses the text (a syntax error, duplicate keys, an undefined alias): the message says why.
        case invalid(String)
        /// The text holds no document.
        case empty
        /// The text holds a second document, starting at the mark.
        case secondDocument
    }

    package var reason: Reason
    /// Where the problem is, 1-based; nil when Yams does not say.
    package var mark: YAMLNode.Mark?

    /// Composes `text` with Yams as the decoder did before ``YAMLDocumentReader``, and returns what Yams refuses
    /// (a syntax error, duplicate keys, an undefined alias, no document or more than one); nil when Yams composes
    /// one document.
    package static func check(_ text: String) -> YAMLRefusal? {
        do {
            // The basic resolver: Yams' default one runs regular expressions on every key when it checks for duplicates.
            let parser = try Parser(yaml: text, resolver: .basic)
            guard try parser.nextRoot() != nil else { return YAMLRefusal(reason: .empty, mark: YAMLNode.Mark(line: 1, column: 1)) }
            if let extra = try parser.nextRoot() {
                return YAMLRefusal(reason: .secondDocument, mark: extra.mark.map { YAMLNode.Mark(line: $0.line, column: $0.column) })
            }
            return nil
        } catch let error as YamlError {
            return make(error, text: text)
        } catch {
            return YAMLRefusal(reason: .invalid("cannot read YAML: \(error)"), mark: YAMLNode.Mark(line: 1, column: 1))
        }
    }

    /// Turns a Yams error into a located refusal.
    static func make(_ error: YamlError, text: String) -> YAMLRefusal {
        func at(_ mark: Mark?) -> YAMLNode.Mark {
            YAMLNode.Mark(line: max(1, mark?.line ?? 1), column: max(1, mark?.column ?? 1))
        }
        func invalid(_ message: String, at mark: YAMLNode.Mark) -> YAMLRefusal { YAMLRefusal(reason: .invalid(message), mark: mark) }
        switch error {
        case let .scanner(context, problem, mark, _):
            return invalid("invalid YAML: \(problem)\(context.map { " \($0.text)" } ?? "")", at: at(mark))
        case let .parser(context, problem, mark, _):
            return invalid("invalid YAML: \(problem)\(context.map { " \($0.text)" } ?? "")", at: at(mark))
        case let .composer(context, problem, mark, _):
            return invalid("invalid YAML: \(problem)\(context.map { " \($0.text)" } ?? "")", at: at(mark))
        case let .duplicatedKeysInMapping(duplicates, context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            let first = at(context.mark)
            if duplicates.count == 1, let key = duplicates.first, let second = repeatedKey(key, after: context.mark, in: text) {
                return invalid(
                    "duplicate key '\(key)' (first at \(first.line):\(first.column)): YAML keys must be unique",
                    at: YAMLNode.Mark(line: second.line, column: second.column))
            }
            return invalid("duplicate key \(keys) in one mapping: YAML keys must be unique", at: first)
        case let .reader(problem, offset, _, _):
            return invalid("cannot read the file: \(problem)\(offset.map { " at byte \($0)" } ?? "")", at: at(nil))
        default:
            return invalid("invalid YAML: \(error)", at: at(nil))
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
