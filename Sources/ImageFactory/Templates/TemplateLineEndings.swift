/// Template files as synth renders them: lines end in a line feed alone.
///
/// A template checked out with Windows line endings (git's `core.autocrlf`) would otherwise put a carriage
/// return at the end of every line of a generated script, which bash reads as part of each command
/// (`set -euo pipefail\r` fails), and would make `dist/` depend on the checkout.
enum TemplateLineEndings {
    /// `text` with every CRLF made LF. A carriage return that does not end a line is refused at its place.
    static func normalized(_ text: String, path: String) throws(InvalidInput) -> String {
        guard text.utf8.contains(UInt8(ascii: "\r")) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var line = 1
        var column = 1
        // A CR followed by LF is one Character, "\r\n"; a CR alone is always a Character of its own.
        for character in text {
            switch character {
            case "\r\n", "\n":
                result.append("\n")
                line += 1
                column = 1
            case "\r":
                throw InvalidInput([Diagnostic(
                    "a carriage return (CR) in the middle of a line; lines may end in CRLF, but a CR elsewhere is refused",
                    at: InputLocation(file: path, line: line, column: column))])
            default:
                result.append(character)
                column += 1
            }
        }
        return result
    }
}
