import Foundation
import Testing
import Yams
@testable import ImageFactory
import ImageFactoryManifests
import ImageFactoryTestSupport

/// images.schema.json is generated from ``ConfigSchema``, the decoder takes its keys from there too, and the
/// committed schema and the example stay in step with both.
///
/// After changing ConfigSchema, regenerate the committed schema with
/// `swift run image-factory schema --output images.schema.json` (or
/// `IMAGE_FACTORY_RECORD=1 swift test --filter ConfigSchemaTests`) and review the diff.
struct ConfigSchemaTests {
    static let schemaPath = Fixture.repository + "/images.schema.json"
    static let examplePath = Fixture.example + "/images.yaml"

    // MARK: The committed schema

    @Test func committedSchemaIsWhatTheRendererProduces() throws {
        let rendered = try JSONSchemaRenderer.render()
        if ProcessInfo.processInfo.environment["IMAGE_FACTORY_RECORD"] != nil {
            try Data(rendered.utf8).write(to: URL(fileURLWithPath: Self.schemaPath), options: .atomic)
        }
        let data = try #require(
            FileManager.default.contents(atPath: Self.schemaPath),
            "images.schema.json is missing; generate it with `swift run image-factory schema --output images.schema.json`")
        let committed = String(decoding: data, as: UTF8.self)
        #expect(
            committed == rendered,
            """
            images.schema.json is out of date; regenerate it with `swift run image-factory schema --output images.schema.json` and review:
            \(UnifiedDiff.render(old: committed, new: rendered, oldPath: "images.schema.json", newPath: "images.schema.json"))
            """)
    }

    @Test func renderingIsDeterministic() throws {
        let first = try JSONSchemaRenderer.render()
        #expect(try JSONSchemaRenderer.render() == first)
        #expect(first.hasSuffix("}\n"))
        #expect(!first.hasSuffix("\n\n"))
    }

    /// The documentation's images.yaml reference is what `image-factory schema --markdown` writes from the code.
    @Test func referenceArticleIsCurrent() throws {
        let path = Fixture.repository + "/" + MarkdownReferenceRenderer.articlePath
        let committed = try String(contentsOfFile: path, encoding: .utf8)
        #expect(committed == MarkdownReferenceRenderer.render(), "\(path) is out of date: run `swift run image-factory schema --markdown --output \(MarkdownReferenceRenderer.articlePath)`")
    }

    @Test func exampleNamesTheSchemaOnItsFirstLine() throws {
        let text = try String(contentsOfFile: Self.examplePath, encoding: .utf8)
        #expect(text.split(separator: "\n", omittingEmptySubsequences: false).first == "# yaml-language-server: $schema=../../images.schema.json")
    }

    // MARK: The rendered document

    /// The rendered schema, parsed back.
    static func renderedDocument() throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(try JSONSchemaRenderer.render().utf8))
        return try #require(object as? [String: Any])
    }

    @Test func documentAcceptsBothShapes() throws {
        let document = try Self.renderedDocument()
        #expect(document["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        let shapes = try #require(document["oneOf"] as? [[String: Any]])
        #expect(shapes.count == 2)
        #expect(shapes.first?["type"] as? String == "array")
        #expect(shapes.first?["minItems"] as? Int == 1)
        #expect((shapes.first?["items"] as? [String: Any])?["$ref"] as? String == "#/$defs/image")
        #expect(shapes.last?["$ref"] as? String == "#/$defs/config")
        let definitions = try #require(document["$defs"] as? [String: Any])
        #expect(Set(definitions.keys) == [
            "config", "project", "secret", "analysis", "registry", "defaults", "rebuildWindow", "rebuildRetry", "notify", "buildDefaults", "baseImage",
            "image", "source", "declaredInput", "build", "gitops", "environment", "downstream", "webhookReceiver",
        ])
    }

    @Test func everyObjectIsClosedAndEveryPropertyDescribed() throws {
        var objects = 0
        var properties = 0
        func visit(_ value: Any, at path: String) {
            if let array = value as? [Any] {
                for (index, item) in array.enumerated() { visit(item, at: "\(path)[\(index)]") }
                return
            }
            guard let object = value as? [String: Any] else { return }
            if object["type"] as? String == "object" {
                objects += 1
                #expect(object["additionalProperties"] as? Bool == false, "\(path) allows additional properties")
                #expect(object["description"] is String, "\(path) has no description")
                for (name, property) in (object["properties"] as? [String: Any]) ?? [:] {
                    properties += 1
                    #expect((property as? [String: Any])?["description"] is String, "\(path).properties.\(name) has no description")
                }
            }
            for (key, child) in object { visit(child, at: "\(path).\(key)") }
        }
        visit(try Self.renderedDocument(), at: "$")
        #expect(objects == 19)
        #expect(properties == ConfigSchema.top.mappings.map(\.fields.count).reduce(0, +))
    }

    @Test func fieldsCarryTheirRules() throws {
        let definitions = try #require(try Self.renderedDocument()["$defs"] as? [String: Any])
        func property(_ definition: String, _ name: String) throws -> [String: Any] {
            let node = try #require(definitions[definition] as? [String: Any])
            let object = (node["oneOf"] as? [[String: Any]])?.last ?? node
            let properties = try #require(object["properties"] as? [String: Any])
            return try #require(properties[name] as? [String: Any], "\(definition).\(name)")
        }
        let name = try property("image", "name")
        #expect(name["pattern"] as? String == "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
        #expect(name["maxLength"] as? Int == 63)
        #expect(try property("defaults", "interval")["pattern"] as? String == "^([0-9]+[smhdw])+$")
        #expect(try property("image", "rebuildDelay")["pattern"] as? String == "^([0-9]+[smhdw])+$")
        #expect(try property("image", "versionBump")["enum"] as? [String] == ["patch", "minor", "major", "none"])
        #expect(try property("defaults", "versionBump")["enum"] as? [String] == ["patch", "minor", "major", "none"])
        #expect(Set(try property("image", "strategy")["enum"] as? [String] ?? []) == ["SemVer", "Lexical", "NewestBuild", "Digest"])
        #expect(try property("image", "discoveryLimit")["minimum"] as? Int == 1)
        #expect(try property("image", "discoveryLimit")["maximum"] as? Int == 100)
        let image = try #require(definitions["image"] as? [String: Any])
        #expect(image["required"] as? [String] == ["name", "registry", "repository"])
        let source = try #require(definitions["source"] as? [String: Any])
        #expect(source["required"] as? [String] == ["repo", "dockerfile"])
        let config = try #require(definitions["config"] as? [String: Any])
        #expect(config["required"] as? [String] == ["images"])
        let baseImage = try #require((definitions["baseImage"] as? [String: Any])?["oneOf"] as? [[String: Any]])
        #expect(baseImage.first?["type"] as? String == "string")
    }

    // MARK: The decoder accepts exactly the schema's keys

    @Test func decoderKeysComeFromTheSchema() {
        #expect(ConfigDecoder.Keys.top == ConfigSchema.top.fieldNames)
        #expect(ConfigDecoder.Keys.project == ConfigSchema.project.fieldNames)
        #expect(ConfigDecoder.Keys.secret == ConfigSchema.secret.fieldNames)
        #expect(ConfigDecoder.Keys.analysis == ConfigSchema.analysis.fieldNames)
        #expect(ConfigDecoder.Keys.defaults == ConfigSchema.defaults.fieldNames)
        #expect(ConfigDecoder.Keys.baseImage == ConfigSchema.baseImage.fieldNames)
        #expect(ConfigDecoder.Keys.image == ConfigSchema.image.fieldNames)
        #expect(ConfigDecoder.Keys.source == ConfigSchema.source.fieldNames)
        #expect(ConfigDecoder.Keys.registry == ConfigSchema.registry.fieldNames)
        #expect(ConfigDecoder.Keys.buildDefaults == ConfigSchema.buildDefaults.fieldNames)
        #expect(ConfigDecoder.Keys.build == ConfigSchema.build.fieldNames)
        #expect(ConfigDecoder.Keys.declaredInput == ConfigSchema.declaredInput.fieldNames)
        #expect(ConfigDecoder.Keys.managedOnly.allSatisfy(ConfigSchema.image.fieldNames.contains))
        let mappings = ConfigSchema.top.mappings
        #expect(mappings.map(\.id) == [
            "config", "project", "secret", "analysis", "registry", "webhookReceiver", "defaults", "rebuildWindow", "rebuildRetry", "notify",
            "buildDefaults", "gitops", "baseImage", "image", "source", "declaredInput", "build", "environment", "downstream",
        ])
        for (id, found) in Dictionary(grouping: Place.all.map(\.mapping), by: \.id) {
            #expect(Set(found).count == 1, "two different mappings share the id '\(id)'")
        }
        for mapping in mappings {
            #expect(Set(mapping.fieldNames).count == mapping.fields.count, "\(mapping.id) declares a key twice")
            if let shorthand = mapping.shorthand { #expect(mapping.field(shorthand) != nil) }
        }
    }

    /// Where a mapping sits in images.yaml: the field names leading to it from the top of the mapping form, or
    /// an entry of the list form.
    struct Place: Sendable, CustomTestStringConvertible {
        var listForm: Bool
        var path: [String]
        var mapping: ConfigSchema

        var testDescription: String { listForm ? "[]" : path.isEmpty ? "(top)" : path.joined(separator: ".") }

        /// Every place a mapping can be, reached through every path (a secret twice, the image entry in both forms).
        static let all: [Place] = {
            var places = [Place(listForm: true, path: [], mapping: .image)]
            func visit(_ mapping: ConfigSchema, _ path: [String]) {
                places.append(Place(listForm: false, path: path, mapping: mapping))
                for field in mapping.fields {
                    if let child = field.kind.mapping { visit(child, path + [field.name]) }
                }
            }
            visit(.top, [])
            return places
        }()

        /// images.yaml with `entries` in this mapping, and a valid image list when the mapping is elsewhere.
        func document(_ entries: [(String, Node)]) throws -> String {
            let image: Node = ["name": "x", "registry": "ghcr.io", "repository": "acme/x", "tag": "1"]
            func build(_ mapping: ConfigSchema, _ rest: ArraySlice<String>) -> Node {
                guard let name = rest.first, let field = mapping.field(name), let child = field.kind.mapping else {
                    return .mapping(Node.Mapping(entries.map { (Node($0.0), $0.1) }))
                }
                let inner = build(child, rest.dropFirst())
                var pairs: [(Node, Node)] = [(Node(name), field.kind == .objects(child) ? Node.sequence(Node.Sequence([inner])) : inner)]
                if mapping.id == ConfigSchema.top.id, name != "images" { pairs.append(("images", [image])) }
                return .mapping(Node.Mapping(pairs))
            }
            var root: Node
            if listForm {
                root = .sequence(Node.Sequence([build(mapping, [])]))
            } else if path.isEmpty {
                var pairs = entries.map { (Node($0.0), $0.1) }
                if !entries.contains(where: { $0.0 == "images" }) { pairs.append(("images", [image])) }
                root = .mapping(Node.Mapping(pairs))
            } else {
                root = build(.top, path[...])
            }
            return try Yams.serialize(node: root)
        }
    }

    /// A value of the field's kind (not necessarily a valid one: only the key matters here).
    static func sample(_ field: ConfigSchema.Field) -> Node {
        switch field.kind {
        case .string, .stringOrNumber: Node(field.examples.first ?? "x")
        case .boolean: Node("true")
        case .integer(let range): Node(String(range.lowerBound))
        case .choice(let values): Node(values.first ?? "x")
        case .strings: ["x"]
        case .stringOrStrings: Node(field.examples.first ?? "x")
        case .duration: Node("1h")
        case .object: .mapping(Node.Mapping([]))
        case .objects: .sequence(Node.Sequence([]))
        case .objectOrOff: Node("false")
        }
    }

    struct KeyCase: Sendable, CustomTestStringConvertible {
        var place: Place
        var field: ConfigSchema.Field
        var testDescription: String { "\(place.testDescription) \(field.name)" }

        static let all = Place.all.flatMap { place in place.mapping.fields.map { KeyCase(place: place, field: $0) } }
    }

    @Test(arguments: KeyCase.all)
    func decoderAcceptsEveryKeyOfTheSchema(_ keyCase: KeyCase) throws {
        let yaml = try keyCase.place.document([(keyCase.field.name, ConfigSchemaTests.sample(keyCase.field))])
        let unknown = Fixture.problems(yaml).filter { $0.contains("unknown key") }
        #expect(unknown.isEmpty, "\(yaml)")
    }

    /// Every key the schema declares somewhere, and one it declares nowhere: in each mapping, those it does not
    /// declare there are refused.
    @Test(arguments: Place.all)
    func decoderRefusesKeysTheMappingDoesNotDeclare(_ place: Place) throws {
        let everyKey = Set(ConfigSchema.top.mappings.flatMap(\.fieldNames) + ["notInTheSchema"])
        let foreign = everyKey.subtracting(place.mapping.fieldNames).sorted()
        #expect(!foreign.isEmpty)
        let yaml = try place.document(foreign.map { ($0, "x") })
        let problems = Fixture.problems(yaml)
        for key in foreign {
            #expect(problems.contains { $0.contains("unknown key '\(key)'") }, "\(key) is not refused in \(place.testDescription):\n\(yaml)\n\(problems)")
        }
    }

    // MARK: Configs validate against the schema

    /// What in `node` the schema does not allow: undeclared keys, missing required keys, values of the wrong
    /// shape, and strings its patterns, lengths and choices refuse. A small stand-in for a JSON Schema validator
    /// (CI runs a real one on the committed files).
    static func violations(of node: Node, against mapping: ConfigSchema, at path: String) throws -> [String] {
        if case .scalar = node, let shorthand = mapping.shorthand.flatMap(mapping.field) {
            return try violations(of: node, against: shorthand, at: path)
        }
        guard case .mapping(let entries) = node else { return ["\(path): not a mapping"] }
        var found: [String] = []
        var keys: Set<String> = []
        for (keyNode, value) in entries {
            let key = keyNode.string ?? "?"
            keys.insert(key)
            guard let field = mapping.field(key) else {
                found.append("\(path).\(key): not in the schema")
                continue
            }
            found += try violations(of: value, against: field, at: "\(path).\(key)")
        }
        for field in mapping.fields where field.isRequired && !keys.contains(field.name) {
            found.append("\(path): \(field.name) is required")
        }
        return found
    }

    static func violations(of node: Node, against field: ConfigSchema.Field, at path: String) throws -> [String] {
        func text(_ node: Node, pattern: String? = field.pattern) throws -> [String] {
            guard case .scalar(let scalar) = node else { return ["\(path): not a string"] }
            if scalar.string.isEmpty { return ["\(path): empty"] }
            if let pattern, scalar.string.firstMatch(of: try Regex(pattern)) == nil { return ["\(path): '\(scalar.string)' does not match \(pattern)"] }
            if let maxLength = field.maxLength, scalar.string.count > maxLength { return ["\(path): longer than \(maxLength)"] }
            return []
        }
        func texts(_ node: Node) throws -> [String] {
            guard case .sequence(let items) = node else { return ["\(path): not a list"] }
            return try items.flatMap { try text($0) }
        }
        switch field.kind {
        case .string, .stringOrNumber:
            return try text(node)
        case .boolean:
            return ["true", "false"].contains(node.string ?? "") ? [] : ["\(path): not true or false"]
        case .integer(let range):
            return node.string.flatMap(Int.init).map(range.contains) == true ? [] : ["\(path): not a whole number in \(range)"]
        case .choice(let values):
            return values.contains(node.string ?? "") ? [] : ["\(path): not one of \(values)"]
        case .strings:
            return try texts(node)
        case .stringOrStrings:
            if case .scalar = node { return try text(node) }
            return try texts(node)
        case .duration:
            return try text(node, pattern: ConfigSchema.durationPattern)
        case .object(let child):
            return try violations(of: node, against: child, at: path)
        case .objectOrOff(let child):
            if node.string == "false" { return [] }
            return try violations(of: node, against: child, at: path)
        case .objects(let child):
            guard case .sequence(let items) = node else { return ["\(path): not a list"] }
            if field.isNonEmpty, items.isEmpty { return ["\(path): empty list"] }
            return try items.enumerated().flatMap { try violations(of: $0.element, against: child, at: "\(path)[\($0.offset)]") }
        }
    }

    /// The problems of a whole images.yaml, in either shape.
    static func violations(ofDocument yaml: String) throws -> [String] {
        let root = try #require(try Yams.compose(yaml: yaml))
        if case .sequence(let items) = root {
            if items.isEmpty { return ["$: empty list"] }
            return try items.enumerated().flatMap { try violations(of: $0.element, against: .image, at: "$[\($0.offset)]") }
        }
        return try violations(of: root, against: .top, at: "$")
    }

    @Test func exampleValidates() throws {
        let yaml = try String(contentsOfFile: Self.examplePath, encoding: .utf8)
        #expect(try Self.violations(ofDocument: yaml) == [])
        #expect(try ConfigDecoder.decode(yaml, file: "images.yaml").images.count == 9)
    }

    static let listForm = """
        - name: backstage
          registry: ghcr.io
          repository: craigedmunds/backstage
          source: {provider: github, repo: craigedmunds/argocd-eda, branch: main,
                   dockerfile: apps/backstage/Dockerfile, workflow: backstage.yml}
          rebuildDelay: 7d
          autoRebuild: true
        - name: postgres            # external image: no source, only watched
          registry: docker.io
          repository: library/postgres
          allowTags: ^16\\.\\d+$
        - name: redis
          registry: docker.io
          repository: library/redis
          tag: 7
        """

    @Test func listFormValidates() throws {
        #expect(try Self.violations(ofDocument: Self.listForm) == [])
        #expect(try ConfigDecoder.decode(Self.listForm, file: "images.yaml").images.count == 3)
    }

    @Test func walkerFindsWhatTheSchemaRefuses() throws {
        let yaml = """
            project: {name: Factory, githubTokenSecret: {key: token}}
            baseImages: [node:22, {image: python:3.12, colour: blue}]
            images:
              - name: app
                registry: ghcr.io
                repository: acme/app
                versionBump: huge
                discoveryLimit: 101
                source: {repo: acme/app, dockerfile: Dockerfile, workflow: build.sh, brnach: main}
            """
        #expect(try Self.violations(ofDocument: yaml).sorted() == [
            "$.baseImages[1].colour: not in the schema",
            "$.images[0].discoveryLimit: not a whole number in 1...100",
            "$.images[0].source.brnach: not in the schema",
            "$.images[0].source.workflow: 'build.sh' does not match ^[A-Za-z0-9._-]+\\.ya?ml$",
            "$.images[0].versionBump: not one of [\"patch\", \"minor\", \"major\", \"none\"]",
            "$.project.githubTokenSecret: name is required",
            "$.project.name: 'Factory' does not match ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$",
        ])
    }

    // MARK: Patterns admit everything the decoder admits

    /// Strings over a small alphabet, the same on every run.
    static let samples: [String] = {
        let alphabet = Array("az09AZ-._/@+:^smhdw")
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var result: [String] = []
        for _ in 0..<4000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let length = Int(state >> 60) % 9 + 1
            var text = ""
            for index in 0..<length {
                let mixed = (state >> UInt64((index * 7) % 56)) ^ UInt64(index &* 31)
                text.append(alphabet[Int(mixed % UInt64(alphabet.count))])
            }
            result.append(text)
        }
        let long = [62, 63, 64, 127, 128, 129, 253, 254, 255, 256].map { String(repeating: "a", count: $0) }
        let workflows = result.prefix(500).flatMap { [$0 + ".yml", $0 + ".yaml"] }
        let parts = ["0", "1", "30", "007", "x"].flatMap { number in ["s", "m", "h", "d", "w", "y", ""].map { number + $0 } }
        let durations = parts.flatMap { first in parts.map { first + $0 } }
        return result + long + workflows + durations + ["a/b", "linux/amd64", "linux/arm64/v8", "1h30m", "7d", "build.yml", "x.yaml", "a.b-c_d", "main", "release/1.x"]
    }()

    struct RuleCase: Sendable, CustomTestStringConvertible {
        var name: String
        var field: ConfigSchema.Field
        var accepts: @Sendable (String) -> Bool
        var testDescription: String { name }
    }

    static func field(_ mapping: ConfigSchema, _ name: String) -> ConfigSchema.Field {
        mapping.field(name) ?? ConfigSchema.Field(name, .string, "missing from \(mapping.id)")
    }

    static let rules: [RuleCase] = [
        RuleCase(name: "image.name", field: field(.image, "name")) { FieldRule.name.check($0) == nil },
        RuleCase(name: "project.name", field: field(.project, "name")) { FieldRule.name.check($0) == nil },
        RuleCase(name: "baseImage.name", field: field(.baseImage, "name")) { FieldRule.name.check($0) == nil },
        RuleCase(name: "project.sourceRoot", field: field(.project, "sourceRoot")) { !$0.isEmpty && !$0.hasPrefix("/") },
        RuleCase(name: "secret.name", field: field(.secret, "name")) { FieldRule.secretName.check($0) == nil },
        RuleCase(name: "secret.key", field: field(.secret, "key")) { FieldRule.secretKey.check($0) == nil },
        RuleCase(name: "image.platform", field: field(.image, "platform")) { FieldRule.platform.check($0) == nil },
        RuleCase(name: "baseImage.platform", field: field(.baseImage, "platform")) { FieldRule.platform.check($0) == nil },
        RuleCase(name: "image.tag", field: field(.image, "tag")) { FieldRule.tag.check($0) == nil },
        RuleCase(name: "image.constraint", field: field(.image, "constraint")) { FieldRule.semverConstraint.check($0) == nil },
        RuleCase(name: "source.repo", field: field(.source, "repo")) { FieldRule.githubRepo.check($0) == nil || FieldRule.gitlabProject.check($0) == nil },
        RuleCase(name: "source.branch", field: field(.source, "branch")) { FieldRule.branch.check($0) == nil },
        RuleCase(name: "source.dockerfile", field: field(.source, "dockerfile")) { FieldRule.repositoryPath.check($0) == nil },
        RuleCase(name: "source.context", field: field(.source, "context")) { FieldRule.repositoryPath.check($0) == nil },
        RuleCase(name: "source.workflow", field: field(.source, "workflow")) { FieldRule.workflowFile.check($0) == nil },
        RuleCase(name: "durations", field: ConfigSchema.Field("interval", .duration, pattern: ConfigSchema.durationPattern, "")) {
            Kargo.Duration(parsing: $0) != nil
        },
    ]

    /// The schema may be looser than the decoder (it cannot say "no `..` segment"), never stricter: an editor
    /// must not flag a value synth accepts.
    @Test(arguments: rules)
    func patternAdmitsWhatTheDecoderAdmits(_ rule: RuleCase) throws {
        let regex = try rule.field.pattern.map { try Regex($0) }
        var accepted = 0
        for sample in Self.samples where rule.accepts(sample) {
            accepted += 1
            if let regex { #expect(sample.firstMatch(of: regex) != nil, "\(rule.name): '\(sample)' is accepted by the decoder but not by the pattern") }
            if let maxLength = rule.field.maxLength { #expect(sample.count <= maxLength, "\(rule.name): '\(sample)' is accepted by the decoder but longer than \(maxLength)") }
        }
        #expect(accepted > 0, "\(rule.name): no sample is valid, so nothing was compared")
        for example in rule.field.examples {
            #expect(rule.accepts(example), "\(rule.name): example '\(example)' is refused by the decoder")
        }
    }
}
