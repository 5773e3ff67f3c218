import ImageFactorySupport
import ImageFactoryYAML

/// The picture as text: Mermaid for `factory.md`, Graphviz DOT for `image-factory graph --format dot`.
extension FactoryDiagram {
    // MARK: Mermaid

    /// A Mermaid `flowchart LR`, ending with a newline: one `subgraph` per group, upstream bases as
    /// stadiums, images as boxes (external ones dashed), rebuild edges as arrows (dotted and labelled
    /// `manual` when they wait for a manual promotion). Without the surrounding ```` ```mermaid ```` fence.
    package func mermaid() -> String {
        var bytes: [UInt8] = []
        appendMermaid(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends ``mermaid()`` as UTF-8 to `bytes`, a piece at a time into room reserved up front (a factory of
    /// thousands of images has thousands of lines).
    func appendMermaid(to bytes: inout [UInt8]) {
        var buffer = ByteBuffer(capacity: 64 * nodes.count + 48 * edges.count + 256)
        defer { buffer.withUnsafeBytes { bytes.append(contentsOf: $0) } }
        buffer.append("flowchart LR\n")
        for group in groups {
            buffer.append("    subgraph ")
            buffer.append(group.id)
            buffer.append("[\"")
            buffer.append(Self.mermaidText(group.title))
            buffer.append("\"]\n")
            for node in nodes where node.group == group {
                buffer.append("        ")
                buffer.append(node.id)
                switch node.kind {
                case .upstreamBase: buffer.append("([\"")
                case .managedImage, .externalImage: buffer.append("[\"")
                case .environment: buffer.append("[[\"")
                }
                buffer.append(Self.mermaidText(node.label))
                switch node.kind {
                case .upstreamBase: buffer.append("\"])\n")
                case .managedImage: buffer.append("\"]\n")
                case .externalImage: buffer.append("\"]:::external\n")
                case .environment: buffer.append("\"]]\n")
                }
            }
            buffer.append("    end\n")
        }
        for edge in edges {
            buffer.append("    ")
            buffer.append(edge.from)
            switch edge.kind {
            case .rebuild: buffer.append(" --> ")
            case .manualRebuild, .manualDeploy: buffer.append(" -. manual .-> ")
            case .deploy: buffer.append(" ==> ")
            }
            buffer.append(edge.to)
            buffer.append("\n")
        }
        if nodes.contains(where: { $0.kind == .externalImage }) {
            buffer.append("    classDef external stroke-dasharray: 4 4\n")
        }
    }

    /// `text` for a quoted Mermaid label: characters with a meaning in Mermaid, Markdown or HTML become
    /// Mermaid entity codes (`#quot;`, `#35;` …; `%` too, so no `%%{init}%%` directive can form), as do
    /// control, format and line-separator characters, so nothing in a label can end the string, the code
    /// fence, or reorder the text around it.
    package static func mermaidText(_ text: String) -> String {
        if isPlainASCII(text, except: "\"#&<>`%") { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "#quot;"
            case "#": result += "#35;"
            case "&": result += "#amp;"
            case "<": result += "#lt;"
            case ">": result += "#gt;"
            case "`": result += "#96;"
            case "%": result += "#37;"
            default:
                if isInvisible(scalar) { result += "#\(scalar.value);" } else { result.unicodeScalars.append(scalar) }
            }
        }
        return result
    }

    // MARK: DOT

    /// A Graphviz `digraph`, ending with a newline: one `cluster` per group, upstream bases rounded, external
    /// images dashed, manual rebuild edges dashed and labelled `manual`; each edge's Stage name is its tooltip.
    package func dot() -> String {
        var lines = [
            "digraph factory {",
            "    rankdir=LR;",
            "    node [shape=box];",
        ]
        for group in groups {
            lines.append("    subgraph \"cluster_\(group.id)\" {")
            lines.append("        label=\(Self.dotString(group.title));")
            for node in nodes where node.group == group {
                var attributes = ["label=\(Self.dotString(node.label))"]
                switch node.kind {
                case .upstreamBase: attributes.append("style=rounded")
                case .managedImage: break
                case .externalImage: attributes.append("style=dashed")
                case .environment: attributes.append("shape=component")
                }
                lines.append("        \"\(node.id)\" [\(attributes.joined(separator: ", "))];")
            }
            lines.append("    }")
        }
        for edge in edges {
            var attributes: [String] = []
            switch edge.kind {
            case .rebuild: break
            case .manualRebuild, .manualDeploy: attributes += ["style=dashed", "label=\"manual\""]
            case .deploy: attributes.append("style=bold")
            }
            if let stage = edge.stage { attributes.append("tooltip=\(Self.dotString(stage))") }
            let suffix = attributes.isEmpty ? "" : " [\(attributes.joined(separator: ", "))]"
            lines.append("    \"\(edge.from)\" -> \"\(edge.to)\"\(suffix);")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// `text` as a quoted DOT string: `\` and `"` are escaped (so no `\n`-style escape reaches Graphviz),
    /// `&` becomes `&amp;` (Graphviz decodes entities in labels), and control, format and line-separator
    /// characters become numeric entities.
    package static func dotString(_ text: String) -> String {
        if isPlainASCII(text, except: "\\\"&") { return "\"" + text + "\"" }
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "&": result += "&amp;"
            default:
                if isInvisible(scalar) { result += "&#\(scalar.value);" } else { result.unicodeScalars.append(scalar) }
            }
        }
        return result + "\""
    }

    /// Whether `text` is printable ASCII (no controls) without any of `special`: then it needs no escapes.
    fileprivate static func isPlainASCII(_ text: String, except special: StaticString) -> Bool {
        // The special characters as a set of bits, so each byte of the text is one test.
        var specials: (low: UInt64, high: UInt64) = (0, 0)
        special.withUTF8Buffer { special in
            for byte in special where byte < 0x80 {
                if byte < 64 { specials.low |= 1 << UInt64(byte) } else { specials.high |= 1 << UInt64(byte - 64) }
            }
        }
        return text.withUTF8Bytes { bytes in
            for byte in bytes {
                guard byte >= 0x20 && byte < 0x7F else { return false }
                let bit = byte < 64 ? specials.low >> UInt64(byte) : specials.high >> UInt64(byte - 64)
                if bit & 1 != 0 { return false }
            }
            return true
        }
    }

    /// Characters that are invisible, break a line, or reorder text (bidirectional controls).
    fileprivate static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned: true
        default: false
        }
    }
}
