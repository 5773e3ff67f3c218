import Foundation
import Testing
@testable import ImageFactory
import ImageFactoryManifests
import ImageFactoryTestSupport

/// The picture of the factory: exact Mermaid and DOT for a small factory, labels that cannot break either
/// syntax, the same text whatever the entry order, and `factory.md` as synth's own file outside the
/// kustomization.
struct FactoryDiagramTests {
    @Test func diagramTextNeedingNoEscapeIsUnchanged() {
        #expect(FactoryDiagram.mermaidText("docker.io/library/node:22") == "docker.io/library/node:22")
        #expect(FactoryDiagram.mermaidText("a#b") == "a#35;b")
        #expect(FactoryDiagram.mermaidText("tab\there") == "tab#9;here")
        #expect(FactoryDiagram.dotString("node:22") == "\"node:22\"")
        #expect(FactoryDiagram.dotString("a\\b") == "\"a\\\\b\"")
    }

    static func diagram(_ order: [Int] = [0, 1, 2, 3]) throws -> FactoryDiagram {
        FactoryDiagram(plan: try Fixture.plan(order.map { Fixture.diagramEntries[$0] }.joined(separator: "\n"), dockerfiles: Fixture.diagramDockerfiles))
    }

    @Test func mermaidOfASmallFactory() throws {
        #expect(try Self.diagram().mermaid() == """
            flowchart LR
                subgraph upstream["Upstream bases"]
                    up_base_ghcr_io_astral_sh_uv_0_5_11(["ghcr.io/astral-sh/uv:0.5.11"])
                    up_base_node_22_bookworm_slim(["node:22-bookworm-slim"])
                    up_base_python_3_12_slim(["python:3.12-slim"])
                end
                subgraph images["Images"]
                    img_app["ghcr.io/acme/app"]
                    img_base["ghcr.io/acme/base"]
                    img_redis["redis"]:::external
                    img_worker["ghcr.io/acme/worker"]
                end
                img_base --> img_app
                up_base_node_22_bookworm_slim --> img_base
                img_redis -. manual .-> img_worker
                up_base_ghcr_io_astral_sh_uv_0_5_11 -. manual .-> img_worker
                up_base_python_3_12_slim -. manual .-> img_worker
                classDef external stroke-dasharray: 4 4

            """)
    }

    @Test func dotOfASmallFactory() throws {
        #expect(try Self.diagram().dot() == """
            digraph factory {
                rankdir=LR;
                node [shape=box];
                subgraph "cluster_upstream" {
                    label="Upstream bases";
                    "up_base_ghcr_io_astral_sh_uv_0_5_11" [label="ghcr.io/astral-sh/uv:0.5.11", style=rounded];
                    "up_base_node_22_bookworm_slim" [label="node:22-bookworm-slim", style=rounded];
                    "up_base_python_3_12_slim" [label="python:3.12-slim", style=rounded];
                }
                subgraph "cluster_images" {
                    label="Images";
                    "img_app" [label="ghcr.io/acme/app"];
                    "img_base" [label="ghcr.io/acme/base"];
                    "img_redis" [label="redis", style=dashed];
                    "img_worker" [label="ghcr.io/acme/worker"];
                }
                "img_base" -> "img_app" [tooltip="rebuild-app-on-base"];
                "up_base_node_22_bookworm_slim" -> "img_base" [tooltip="rebuild-base-on-node-22-bookworm-slim"];
                "img_redis" -> "img_worker" [style=dashed, label="manual", tooltip="rebuild-worker-on-redis"];
                "up_base_ghcr_io_astral_sh_uv_0_5_11" -> "img_worker" [style=dashed, label="manual", tooltip="rebuild-worker-on-ghcr-io-astral-sh-uv-0-5-11"];
                "up_base_python_3_12_slim" -> "img_worker" [style=dashed, label="manual", tooltip="rebuild-worker-on-python-3-12-slim"];
            }

            """)
    }

    @Test(arguments: [[3, 2, 1, 0], [2, 0, 3, 1], [1, 3, 0, 2]])
    func entryOrderDoesNotChangeThePicture(order: [Int]) throws {
        let reference = try Self.diagram()
        let shuffled = try Self.diagram(order)
        #expect(shuffled == reference)
        #expect(shuffled.mermaid() == reference.mermaid())
        #expect(shuffled.dot() == reference.dot())
        let files = try Fixture.files(order.map { Fixture.diagramEntries[$0] }.joined(separator: "\n"), dockerfiles: Fixture.diagramDockerfiles)
        let referenceFiles = try Fixture.files(Fixture.diagramEntries.joined(separator: "\n"), dockerfiles: Fixture.diagramDockerfiles)
        #expect(files[FileRenderer.diagramPath] == referenceFiles[FileRenderer.diagramPath])
    }

    // MARK: Hostile labels

    static let hostile = "a\"b]c[d)(e}{f#g;h<i>j&amp;k`l|m\\n\nn\r\u{202E}o\u{200B}p %%{init: {'theme':'forest'}}%% q --> r ```s é 🐳 end"

    static func hostileDiagram() -> FactoryDiagram {
        FactoryDiagram(
            nodes: [
                .init(id: FactoryDiagram.id("up", "x"), label: hostile, group: .upstreamBases, kind: .upstreamBase),
                .init(id: FactoryDiagram.id("img", "y"), label: hostile, group: .images, kind: .externalImage),
                .init(id: FactoryDiagram.id("img", "z"), label: hostile, group: .init(id: "g", title: hostile, order: 2), kind: .managedImage),
            ],
            edges: [.init(from: "up_x", to: "img_y", kind: .manualRebuild, stage: hostile)])
    }

    @Test func mermaidLabelsAreEntityCoded() {
        #expect(FactoryDiagram.mermaidText(Self.hostile) == """
            a#quot;b]c[d)(e}{f#35;g;h#lt;i#gt;j#amp;amp;k#96;l|m\\n#10;n#13;#8238;o#8203;p #37;#37;{init: {'theme':'forest'}}#37;#37; q --#gt; r #96;#96;#96;s é 🐳 end
            """)
        let text = Self.hostileDiagram().mermaid()
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == 13)
        let label = "\"\(FactoryDiagram.mermaidText(Self.hostile))\""
        #expect(lines[2] == "        up_x([\(label)])")
        #expect(lines[5] == "        img_y[\(label)]:::external")
        #expect(lines[7] == "    subgraph g[\(label)]")
        // Every quote opens or closes a label; nothing can end the Markdown fence or hide text.
        for line in lines { #expect(line.filter { $0 == "\"" }.count % 2 == 0, "\(line)") }
        #expect(!text.contains("```") && !text.contains("%%") && !text.contains("<") && !text.contains("\r"))
        #expect(!text.unicodeScalars.contains { $0.properties.generalCategory == .format })
        #expect(text.contains("é 🐳"))
    }

    @Test func dotLabelsAreEscaped() {
        #expect(FactoryDiagram.dotString(Self.hostile) == #"""
            "a\"b]c[d)(e}{f#g;h<i>j&amp;amp;k`l|m\\n&#10;n&#13;&#8238;o&#8203;p %%{init: {'theme':'forest'}}%% q --> r ```s é 🐳 end"
            """#)
        let text = Self.hostileDiagram().dot()
        let label = FactoryDiagram.dotString(Self.hostile)
        #expect(text.contains("        \"img_y\" [label=\(label), style=dashed];\n"))
        #expect(text.contains("    \"up_x\" -> \"img_y\" [style=dashed, label=\"manual\", tooltip=\(label)];\n"))
        #expect(!text.contains("\n\"") && !text.contains("\r"))
    }

    @Test func idsAreSafeAndDistinct() {
        #expect(FactoryDiagram.id("img", "data-api") == "img_data_api")
        #expect(FactoryDiagram.id("img", "a.b") == "img_aU2E_b")
        let names = ["a-b", "a_b", "a.b", "aU2E_b", "A", "end", "x--y", "x-_y", "ü"]
        let ids = names.map { FactoryDiagram.id("img", $0) }
        #expect(Set(ids).count == names.count)
        #expect(ids.allSatisfy { $0.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" } })
    }

    /// Graphviz reads the small factory, the repository's example and the hostile labels, and draws the
    /// hostile text as it is.
    @Test(.enabled(if: Self.graphviz != nil, "needs Graphviz's dot")) func graphvizAcceptsTheOutput() throws {
        let dot = try #require(Self.graphviz)
        #expect(try Self.svg(dot, try Self.diagram().dot()).contains("<title>up_base_node_22_bookworm_slim&#45;&gt;img_base</title>"))
        let example = FactoryDiagram(plan: try Pipeline(configPath: Fixture.example + "/images.yaml").plan())
        #expect(try Self.svg(dot, example.dot()).contains("<title>img_data_api&#45;&gt;img_report_worker</title>"))
        let hostileSVG = try Self.svg(dot, Self.hostileDiagram().dot())
        #expect(hostileSVG.contains("a&quot;b]c[d)(e}{f#g;h&lt;i&gt;j&amp;amp;k`l|m\\n"))
    }

    static let graphviz: String? = ["/usr/bin/dot", "/usr/local/bin/dot", "/opt/homebrew/bin/dot"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    static func svg(_ dot: String, _ input: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: dot)
        process.arguments = ["-Tsvg"]
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "dot: \(String(decoding: errors, as: UTF8.self))")
        #expect(errors.isEmpty, "dot: \(String(decoding: errors, as: UTF8.self))")
        return String(decoding: output, as: UTF8.self)
    }

    // MARK: factory.md

    @Test func factoryMarkdownIsSynthsFileButNoResource() throws {
        let files = try Fixture.files(Fixture.diagramEntries.joined(separator: "\n"), dockerfiles: Fixture.diagramDockerfiles)
        let markdown = try #require(files["factory.md"])
        #expect(markdown.hasPrefix("<!-- # Generated by image-factory synth from images.yaml. Do not edit: change images.yaml and run `image-factory synth`. -->\n\nHow the factory rebuilds images."))
        #expect(markdown.hasSuffix("\n```mermaid\n" + (try Self.diagram().mermaid()) + "```\n"))
        let kustomization = try #require(files["kustomization.yaml"])
        #expect(!kustomization.contains("factory.md"))
        #expect(kustomization.contains("- images/app.yaml\n"))
    }

    @Test func markdownHeaderCannotEndItsComment() {
        let header = FileRenderer.markdownHeader(configFile: "conf/x-->y<!--z---.yaml")
        #expect(header == "<!-- # Generated by image-factory synth from x- ->y<!- -z- - -.yaml. Do not edit: change x- ->y<!- -z- - -.yaml and run `image-factory synth`. -->\n")
    }

    @Test func outputWriterOwnsGeneratedMarkdownOnly() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("image-factory-md-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let markdown = GeneratedFile(path: "factory.md", contents: FileRenderer.markdownHeader(configFile: "images.yaml") + "\npicture\n")
        let yaml = GeneratedFile(path: "a.yaml", contents: FileRenderer.header(configFile: "images.yaml") + "a: 1\n")
        #expect(try OutputWriter.write([yaml, markdown], to: folder).written == ["a.yaml", "factory.md"])
        try (FileRenderer.marker + " but not in a comment\n").write(toFile: folder + "/plain.md", atomically: true, encoding: .utf8)
        try "<!-- # Generated by image-factory, unclosed\n-->\n".write(toFile: folder + "/open.md", atomically: true, encoding: .utf8)
        try "notes\n<!-- # Generated by image-factory -->\n".write(toFile: folder + "/README.md", atomically: true, encoding: .utf8)
        #expect(try OutputWriter.check([yaml, markdown], against: folder).isClean)
        let summary = try OutputWriter.write([yaml], to: folder)
        #expect(summary.removed == ["factory.md"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["README.md", "a.yaml", "open.md", "plain.md"])
        #expect(throws: OutputError.self) { try OutputWriter.write([GeneratedFile(path: "README.md", contents: markdown.contents)], to: folder) }
    }
}

/// The planner tells the picture what it makes as it makes it; that must be what reading the objects shows.
struct PlannedDiagramTests {
    @Test func plannedPictureIsWhatTheObjectsShow() throws {
        let plans = [
            try Fixture.plan(Fixture.diagramEntries.joined(separator: "\n"), dockerfiles: Fixture.diagramDockerfiles),
            try Pipeline(configPath: Fixture.example + "/images.yaml").plan(),
        ]
        for plan in plans {
            #expect(plan.plannedDiagram != nil)
            #expect(FactoryDiagram(plan: plan) == FactoryDiagram(reading: plan))
        }
    }

    @Test func anObjectWithARoleAddedLaterIsReadFromThePlan() throws {
        var plan = try Fixture.plan(Fixture.diagramEntries.joined(separator: "\n"), dockerfiles: Fixture.diagramDockerfiles)
        plan.add(Kargo.Stage("smoke", namespace: "x", labels: ["app.kubernetes.io/managed-by": "custom"]) { Kargo.FreightRequest(warehouse: "app", sources: .direct) }, to: "x.yaml")
        #expect(plan.plannedDiagram != nil)
        plan.add(Kargo.Warehouse("extra-base", namespace: "x", labels: FactoryLabels.labels(.baseImage)) {}, to: "y.yaml")
        #expect(plan.plannedDiagram == nil)
        #expect(FactoryDiagram(plan: plan).nodes.contains { $0.id == "up_extra_base" })
    }
}
