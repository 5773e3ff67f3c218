/// One problem found in the input (or a note about it), with where it is.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    package enum Severity: String, Sendable { case error, note }

    package var location: InputLocation?
    package var message: String
    package var severity: Severity

    package init(_ message: String, at location: InputLocation?, severity: Severity = .error) {
        self.message = message
        self.location = location
        self.severity = severity
    }

    /// `file:line:column: error: message`, the format editors and CI annotate.
    public var description: String {
        guard let location else { return "\(severity.rawValue): \(message)" }
        return "\(location): \(severity.rawValue): \(message)"
    }
}

/// Every problem found in the input; thrown instead of the first one so a user can fix them all at once.
public struct InvalidInput: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    /// Sorts by location and drops repeats (an aliased node reports its problem once).
    package init(_ diagnostics: [Diagnostic]) {
        var seen: Set<Diagnostic> = []
        self.diagnostics = diagnostics.filter { seen.insert($0).inserted }.sorted { lhs, rhs in
            switch (lhs.location, rhs.location) {
            case let (l?, r?): return l == r ? lhs.message < rhs.message : l < r
            case (nil, _?): return true
            case (_?, nil): return false
            case (nil, nil): return lhs.message < rhs.message
            }
        }
    }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// Collects diagnostics while a stage keeps going, so that all problems are reported together.
struct DiagnosticCollector {
    private(set) var diagnostics: [Diagnostic] = []

    var isEmpty: Bool { diagnostics.isEmpty }

    mutating func error(_ message: String, at location: InputLocation?) {
        diagnostics.append(Diagnostic(message, at: location))
    }

    mutating func append(contentsOf other: [Diagnostic]) {
        diagnostics.append(contentsOf: other)
    }

    /// Throws ``InvalidInput`` when anything was collected.
    func throwIfAny() throws(InvalidInput) {
        if !diagnostics.isEmpty { throw InvalidInput(diagnostics) }
    }
}
