import Foundation
import Testing
@testable import ImageFactory
import ImageFactoryYAML
import YAMLTestSupport

/// DSL values write themselves straight into bytes (``YAMLOutput``): the bytes are what Yams writes for the values'
/// trees.
struct StreamingWriterTests {
    @Test func workflowsStreamWhatYamsWritesForTheirTrees() throws {
        let plan = try Synthesizer.plan(configPath: ExampleSnapshotTests.root + "/images.yaml")
        #expect(!plan.workflows.isEmpty)
        for file in plan.workflows + plan.outputWorkflows {
            var streamed = try WorkflowRenderer.render(file, configFile: "images.yaml").contents
            // The version comments are written with the bytes only; a tree has no comments.
            for action in PinnedAction.all {
                streamed = streamed.replacingOccurrences(of: "\(action.reference) # \(action.version)\n", with: "\(action.reference)\n")
            }
            let expected = try FileRenderer.header(configFile: "images.yaml") + YAMLEmitter.emitWithYams(documents: [file.workflow.yaml])
            #expect(streamed == expected, "\(file.path)")
        }
    }

    /// A value of a library user's type that gives only its tree is written from that tree.
    @Test func aValueThatOnlyGivesItsTreeIsWrittenFromIt() throws {
        struct Custom: YAMLRepresentable {
            var yaml: YAMLValue { ["steps": ["one", 2, true], "empty": [:] as YAMLValue] }
        }
        let tree = YAMLOutput.tree { output in
            output.mapping { output in
                output.set("custom", Custom())
                output.set("absent", nil as Custom?)
            }
        }
        #expect(tree == ["custom": Custom().yaml])
        let object = GenericObject(
            apiVersion: "v1", kind: "ConfigMap", metadata: ObjectMeta(name: "x", labels: ["b": "2", "a": "1"]),
            body: ["data": ["custom": Custom().yaml]])
        #expect(try FileRenderer.documents([object]) == YAMLEmitter.emitWithYams(documents: [object.yaml]))
    }
}
