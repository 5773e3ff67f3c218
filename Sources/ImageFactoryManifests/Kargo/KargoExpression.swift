import Foundation

extension Kargo {
    /// An expr-lang expression as Kargo evaluates it in promotion steps, verification args and HTTP criteria.
    ///
    /// Literal strings are encoded with `JSONEncoder` (a JSON string is a valid expr string literal), and their
    /// `{`, `}`, `%` and `$` are written as `\u` escapes, so no value from images.yaml can close the surrounding
    /// `${{ }}` or start a new one.
    public struct Expression: Sendable, Hashable, CustomStringConvertible {
        /// The expression's source text.
        public let source: String

        /// An expression written out by hand, e.g. `imageFrom(vars.baseRepo).Digest`.
        public init(raw source: String) { self.source = source }

        public var description: String { source }

        /// A string literal.
        public static func string(_ value: String) -> Expression {
            Expression(raw: encodeLiteral(value))
        }

        /// A string literal with `${{ vars.name }}` fragments, which Kargo fills in before it evaluates the
        /// expression (the way the `http` step's criteria can mention vars). The vars' values must not contain `"`
        /// or `\\`; the text parts are encoded like ``string(_:)``.
        public static func interpolated(_ parts: [InterpolationPart]) -> Expression {
            var source = "\""
            for part in parts {
                switch part {
                case .text(let text): source += encodeLiteral(text).dropFirst().dropLast()
                case .variable(let name): source += "${{ vars.\(name) }}"
                }
            }
            return Expression(raw: source + "\"")
        }

        /// A piece of an ``interpolated(_:)`` string.
        public enum InterpolationPart: Sendable, Hashable, ExpressibleByStringLiteral {
            case text(String)
            case variable(String)

            public init(stringLiteral value: String) { self = .text(value) }
        }

        /// A map literal with literal keys, in the given order.
        public static func map(_ entries: KeyValuePairs<String, Expression>) -> Expression {
            map(entries.map { ($0.key, $0.value) })
        }

        /// A map literal with literal keys, in the given order.
        public static func map(_ entries: [(String, Expression)]) -> Expression {
            Expression(raw: "{" + entries.map { "\(encodeLiteral($0.0)): \($0.1.source)" }.joined(separator: ", ") + "}")
        }

        /// String concatenation of the parts.
        public static func concat(_ parts: [Expression]) -> Expression {
            Expression(raw: parts.map(\.source).joined(separator: " + "))
        }

        /// A call `name(arguments…)`.
        public static func call(_ name: String, _ arguments: Expression...) -> Expression {
            Expression(raw: "\(name)(\(arguments.map(\.source).joined(separator: ", ")))")
        }

        /// `self.member`.
        public func member(_ name: String) -> Expression { Expression(raw: "\(source).\(name)") }

        /// `self[key]` with a string literal key.
        public func subscripted(_ key: String) -> Expression { Expression(raw: "\(source)[\(Self.encodeLiteral(key))]") }

        /// The expression as a Kargo template value: `${{ … }}`, or `${% … %}` when the source contains `}}`.
        public var templated: String {
            // Byte pairs, not Foundation's `contains`, which costs more than the rest of building an expression.
            let closesTemplate = zip(source.utf8, source.utf8.dropFirst()).contains { $0 == UInt8(ascii: "}") && $1 == UInt8(ascii: "}") }
            return closesTemplate ? "${% \(source) %}" : "${{ \(source) }}"
        }

        /// `quote(self)`: keeps a string a string (Kargo would turn `1.20` into a number) and turns a map into JSON.
        public var quoted: Expression { .call("quote", self) }

        static func encodeLiteral(_ value: String) -> String {
            if value.utf8.allSatisfy(isPlainLiteralByte) { return "\"\(value)\"" }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes]
            guard let data = try? encoder.encode(value), let json = String(data: data, encoding: .utf8) else {
                return "\"\""
            }
            var out = ""
            out.reserveCapacity(json.utf8.count)
            for scalar in json.unicodeScalars {
                switch scalar {
                case "{": out += "\\u007b"
                case "}": out += "\\u007d"
                case "%": out += "\\u0025"
                case "$": out += "\\u0024"
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out
        }

        /// Printable ASCII that JSONEncoder writes as it is and that cannot open or close a template: for strings
        /// made only of these, the encoding is the string in quotes.
        private static func isPlainLiteralByte(_ byte: UInt8) -> Bool {
            switch byte {
            case 0x20...0x7e: return !"\"\\{}%$".utf8.contains(byte)
            default: return false
            }
        }
    }
}

extension Kargo {
    /// Kargo's freight functions, for building expressions.
    public enum Freight {
        /// `imageFrom(repoURL)`: the image of that repository in the Freight being promoted or verified.
        public static func image(_ repoURL: Expression) -> Expression { .call("imageFrom", repoURL) }
        /// `commitFrom(repoURL)`: the commit of that git repository in the Freight.
        public static func commit(_ repoURL: Expression) -> Expression { .call("commitFrom", repoURL) }
        /// `vars.name`.
        public static func variable(_ name: String) -> Expression { Expression(raw: "vars.\(name)") }
        /// `secret(name)[key]`: a key of a Secret in the Project namespace.
        public static func secret(_ reference: Kubernetes.SecretKeyReference) -> Expression {
            Expression.call("secret", .string(reference.name)).subscripted(reference.key)
        }
    }
}
