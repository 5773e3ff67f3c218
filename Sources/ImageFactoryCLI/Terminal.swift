import Foundation
import ImageFactory
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Colour, only where a person reads it: on a terminal, unless `NO_COLOR` is set (no-color.org) or TERM is dumb.
enum Terminal {
    static func usesColor(_ descriptor: Int32) -> Bool {
        let environment = ProcessInfo.processInfo.environment
        guard environment["NO_COLOR"].map(\.isEmpty) ?? true, environment["TERM"] != "dumb" else { return false }
        return isatty(descriptor) == 1
    }

    static let standardErrorColored = usesColor(STDERR_FILENO)
    static let standardOutputColored = usesColor(STDOUT_FILENO)

    private static func paint(_ text: String, _ code: String) -> String { "\u{1B}[\(code)m\(text)\u{1B}[0m" }

    /// A diagnostic as printed on standard error: `file:line:column: error: message`, the severity coloured.
    static func render(_ diagnostic: Diagnostic) -> String {
        guard standardErrorColored else { return diagnostic.description }
        let severity = diagnostic.severity == .error ? paint("error:", "1;31") : paint("note:", "1;36")
        let location = diagnostic.location.map { paint("\($0):", "1") + " " } ?? ""
        return location + severity + " " + diagnostic.message
    }

    /// A unified diff for standard output, with removed lines red, added lines green and hunk headers cyan.
    static func render(diff: String) -> String {
        guard standardOutputColored else { return diff }
        return diff.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            if line.hasPrefix("+++") || line.hasPrefix("---") { return paint(String(line), "1") }
            if line.hasPrefix("+") { return paint(String(line), "32") }
            if line.hasPrefix("-") { return paint(String(line), "31") }
            if line.hasPrefix("@@") { return paint(String(line), "36") }
            return String(line)
        }.joined(separator: "\n")
    }
}
