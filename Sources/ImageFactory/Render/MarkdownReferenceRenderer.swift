/// Turns ``ConfigSchema`` into the images.yaml reference (`Documentation.docc/ImagesYAMLReference.md`): one
/// section per mapping of images.yaml with a table of its keys — the value each takes, whether it is required, its
/// description, and the pattern, length and examples the JSON Schema carries. Generated from the same description
/// the decoder takes its keys from and ``JSONSchemaRenderer`` writes the JSON Schema from, so the three cannot
/// drift apart; a test compares the committed article with this text.
package enum MarkdownReferenceRenderer {
    /// Where the article lives in the repository.
    package static let articlePath = "Sources/ImageFactory/Documentation.docc/ImagesYAMLReference.md"

    /// The article: the mapping form's mappings, depth first, then those only the list form reaches.
    package static func render(mapping: ConfigSchema = .top, list: ConfigSchema = .image) -> String {
        var sections: [ConfigSchema] = []
        for node in mapping.mappings + list.mappings where !sections.contains(where: { $0.id == node.id }) { sections.append(node) }
        var text = """
            # images.yaml reference

            Every key images.yaml may have, with the value it takes.

            ## Overview

            This article is generated from `ConfigSchema`, the description of images.yaml that the decoder takes its \
            keys from and `images.schema.json` is written from: regenerate it with \
            `swift run image-factory schema --markdown --output \(articlePath)`, and a test fails while the \
            committed text differs. images.yaml is the mapping `\(mapping.id)` below, or a list of `\(list.id)` \
            entries. A key not listed for its mapping is an error. Strings are never empty; a pattern is the \
            shape the JSON Schema checks, and synth's own check may refuse more (a `..` in a path, say). What each \
            setting does is explained in the articles on its subject; see <doc:ImagesYAML> for the defaults.

            """
        for node in sections {
            text += "\n## \(node.id)\n\n\(node.description)"
            if let shorthand = node.shorthand { text += " A plain string stands for `{\(shorthand): <string>}`." }
            text += "\n\n| key | value | description |\n|---|---|---|\n"
            for field in node.fields {
                text += "| `\(field.name)`\(field.isRequired ? " (required)" : "") | \(value(field)) | \(cell(field.description))\(constraints(field)) |\n"
            }
        }
        return text
    }

    /// What a field's value is, in a few words.
    static func value(_ field: ConfigSchema.Field) -> String {
        switch field.kind {
        case .string: "string"
        case .stringOrNumber: "string (or a number, read as its text)"
        case .boolean: "`true` or `false`"
        case .integer(let range): "integer, \(range.lowerBound) to \(range.upperBound)"
        case .choice(let values): "one of " + values.map { "`\($0)`" }.joined(separator: ", ")
        case .strings: "list of strings"
        case .stringOrStrings: "string, or list of strings"
        case .duration: "duration (`30m`, `36h`, `7d`)"
        case .object(let node): "mapping: `\(node.id)`"
        case .objects(let node): field.isNonEmpty ? "non-empty list of `\(node.id)`" : "list of `\(node.id)`"
        case .objectOrOff(let node): "mapping `\(node.id)`, or `false`"
        }
    }

    /// The pattern, longest length and examples, as a sentence after the description.
    static func constraints(_ field: ConfigSchema.Field) -> String {
        var parts: [String] = []
        if let pattern = field.pattern { parts.append("Pattern: `\(cell(pattern))`.") }
        if let maxLength = field.maxLength { parts.append("At most \(maxLength) characters.") }
        if !field.examples.isEmpty { parts.append("For example " + field.examples.map { "`\(cell($0))`" }.joined(separator: ", ") + ".") }
        return parts.isEmpty ? "" : " " + parts.joined(separator: " ")
    }

    /// `text` inside a table cell: a `|` would end the cell.
    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|")
    }
}
