import Foundation

/// Turns ``ConfigSchema`` into the JSON Schema (draft 2020-12) of images.yaml that editors read through
/// `# yaml-language-server: $schema=./images.schema.json`.
///
/// Each mapping of images.yaml becomes one entry of `$defs` with `additionalProperties: false`, its `required`
/// keys and a `description` on every property. The document accepts either shape of images.yaml: a list of
/// image entries, or the mapping with `project`, `defaults`, `baseImages` and `images`. The text comes from
/// `JSONEncoder` with sorted keys, so the same schema always gives the same bytes.
package enum JSONSchemaRenderer {
    /// The JSON Schema dialect the document declares.
    package static let dialect = "https://json-schema.org/draft/2020-12/schema"

    /// The schema of images.yaml as pretty-printed JSON with sorted keys, ending in a newline.
    package static func render() throws(EncodingError) -> String {
        try render(mapping: .top, list: .image)
    }

    /// The schema of a file that is either the mapping `mapping` or a non-empty list of `list` mappings.
    package static func render(mapping: ConfigSchema, list: ConfigSchema) throws(EncodingError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data: Data
        do {
            data = try encoder.encode(document(mapping: mapping, list: list))
        } catch let error as EncodingError {
            throw error
        } catch {
            throw EncodingError.invalidValue(error, EncodingError.Context(codingPath: [], debugDescription: "\(error)"))
        }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The document as a JSON value tree.
    static func document(mapping: ConfigSchema, list: ConfigSchema) -> JSONValue {
        var definitions: [String: JSONValue] = [:]
        for node in mapping.mappings + list.mappings where definitions[node.id] == nil {
            definitions[node.id] = object(node)
        }
        return .object([
            "$schema": .string(dialect),
            "title": .string("images.yaml"),
            "description": .string("The images image-factory turns into Kargo rebuild pipelines: a list of images, or a mapping with project, defaults, baseImages and images."),
            "oneOf": .array([
                .object([
                    "description": .string("The list form: a list of images, as the Python image factory read."),
                    "type": .string("array"),
                    "minItems": .integer(1),
                    "items": reference(list),
                ]),
                reference(mapping),
            ]),
            "$defs": .object(definitions),
        ])
    }

    private static func reference(_ node: ConfigSchema) -> JSONValue {
        .object(["$ref": .string("#/$defs/\(node.id)")])
    }

    /// A mapping: its properties, required keys, and no others.
    private static func object(_ node: ConfigSchema) -> JSONValue {
        var properties: [String: JSONValue] = [:]
        for field in node.fields { properties[field.name] = property(field) }
        var schema: [String: JSONValue] = [
            "description": .string(node.description),
            "type": .string("object"),
            "properties": .object(properties),
            "additionalProperties": .bool(false),
        ]
        let required = node.fields.filter(\.isRequired).map(\.name)
        if !required.isEmpty { schema["required"] = .array(required.map(JSONValue.string)) }
        guard let shorthand = node.shorthand.flatMap(node.field) else { return .object(schema) }
        var short = value(shorthand)
        short["description"] = .string("Short for a mapping with only `\(shorthand.name)`. \(shorthand.description)")
        return .object(["description": .string(node.description), "oneOf": .array([.object(short), .object(schema)])])
    }

    /// A field: its value's schema with the field's description.
    private static func property(_ field: ConfigSchema.Field) -> JSONValue {
        var schema = value(field)
        schema["description"] = .string(field.description)
        return .object(schema)
    }

    /// The schema of a field's value, without its description.
    private static func value(_ field: ConfigSchema.Field) -> [String: JSONValue] {
        var schema: [String: JSONValue]
        switch field.kind {
        case .string:
            schema = text(field)
        case .stringOrNumber:
            schema = text(field)
            schema["type"] = .array([.string("number"), .string("string")])
        case .boolean:
            schema = ["type": .string("boolean")]
        case .integer(let range):
            schema = ["type": .string("integer"), "minimum": .integer(range.lowerBound), "maximum": .integer(range.upperBound)]
        case .choice(let values):
            schema = ["type": .string("string"), "enum": .array(values.map(JSONValue.string))]
        case .strings:
            schema = ["type": .string("array"), "items": .object(text(field))]
        case .stringOrStrings:
            var one = field
            one.examples = []
            schema = ["oneOf": .array([.object(text(one)), .object(["type": .string("array"), "items": .object(text(one))])])]
            if !field.examples.isEmpty { schema["examples"] = .array(field.examples.map(JSONValue.string)) }
        case .duration:
            schema = ["type": .string("string"), "pattern": .string(ConfigSchema.durationPattern)]
            if !field.examples.isEmpty { schema["examples"] = .array(field.examples.map(JSONValue.string)) }
        case .object(let node):
            schema = ["$ref": .string("#/$defs/\(node.id)")]
        case .objects(let node):
            schema = ["type": .string("array"), "items": reference(node)]
        case .objectOrOff(let node):
            schema = ["oneOf": .array([.object(["const": .bool(false)]), .object(["$ref": .string("#/$defs/\(node.id)")])])]
        }
        if field.isNonEmpty { schema["minItems"] = .integer(1) }
        return schema
    }

    /// A non-empty string with the field's pattern, length limit and examples.
    private static func text(_ field: ConfigSchema.Field) -> [String: JSONValue] {
        var schema: [String: JSONValue] = ["type": .string("string"), "minLength": .integer(1)]
        if let pattern = field.pattern { schema["pattern"] = .string(pattern) }
        if let maxLength = field.maxLength { schema["maxLength"] = .integer(maxLength) }
        if !field.examples.isEmpty { schema["examples"] = .array(field.examples.map(JSONValue.string)) }
        return schema
    }

    /// A JSON value, encoded as itself (objects with their keys sorted by the encoder).
    indirect enum JSONValue: Encodable, Sendable, Hashable {
        case string(String)
        case integer(Int)
        case bool(Bool)
        case array([JSONValue])
        case object([String: JSONValue])

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .string(let value): try container.encode(value)
            case .integer(let value): try container.encode(value)
            case .bool(let value): try container.encode(value)
            case .array(let value): try container.encode(value)
            case .object(let value): try container.encode(value)
            }
        }
    }
}
