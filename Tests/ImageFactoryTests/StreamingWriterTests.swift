import Foundation
import Testing
@testable import ImageFactory
import ImageFactoryYAML
import YAMLTestSupport
import ImageFactoryManifests
import ImageFactoryTestSupport

/// DSL values write themselves straight into bytes (``YAMLOutput``): the bytes are what Yams writes for the values'
/// trees.
struct StreamingWriterTests {
    @Test func workflowsStreamWhatYamsWritesForTheirTrees() throws {
        let plan = try Pipeline(configPath: Fixture.example + "/images.yaml").plan()
        #expect(!plan.workflows.isEmpty)
        for file in plan.workflows + plan.outputWorkflows {
            var streamed = try WorkflowRenderer.render(file, configFile: "images.yaml").contents
            // The version comments are written with the bytes only; a tree has no comments.
            for action in GitHubActions.PinnedAction.all {
                streamed = streamed.replacingOccurrences(of: "\(action.reference) # \(action.version)\n", with: "\(action.reference)\n")
            }
            let expected = try FileRenderer.header(configFile: "images.yaml") + YAMLEmitter.emitWithYams(documents: [file.workflow.yaml])
            #expect(streamed == expected, "\(file.path)")
        }
    }
}
