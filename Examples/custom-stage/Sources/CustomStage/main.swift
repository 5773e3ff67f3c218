// Synthesizes an images.yaml like `image-factory synth`, and adds a smoke-test Stage for every image built
// here: after an image's analysis Stage verified a new version, the Stage calls the image's health endpoint.
//
//   swift run --package-path Examples/custom-stage CustomStage [images.yaml] [output folder]
import Foundation
import ImageFactory
import ImageFactoryManifests

let arguments = CommandLine.arguments.dropFirst()
let config = arguments.first ?? "images.yaml"
let output = arguments.dropFirst().first ?? "dist-custom"

do {
    let pipeline = Pipeline(configPath: config, outputFolder: output)
    let graph = try pipeline.resolve()
    var plan = pipeline.plan(graph)
    for image in graph.images where image.isManaged {
        let stage = Kargo.Stage(
            "smoke-test-\(image.name)", namespace: graph.projectName,
            labels: ["app.kubernetes.io/managed-by": "custom-stage", "image-factory.io/image": image.name]
        ) {
            Kargo.FreightRequest(warehouse: image.name, sources: .upstream("analyze-\(image.name)"))
        } steps: {
            Kargo.PromotionStep.http(
                as: "health",
                Kargo.HTTPStepConfig(
                    method: .get, url: "https://\(image.name).staging.example.com/healthz",
                    successExpression: "response.status == 200", failureExpression: "response.status >= 400"))
        }
        plan.add(stage, to: "smoke-tests/\(image.name).yaml")
    }
    // The output folder, and the workflows' folder when images.yaml sets `project.workflowsDirectory`.
    let folders = pipeline.render(plan)
    let summaries = try OutputWriter.write(folders)
    print("\(plan.objects.count) objects")
    for (folder, summary) in zip(folders, summaries) {
        print("\(folder.path): \(summary.written.count) written, \(summary.unchanged.count) unchanged, \(summary.removed.count) removed")
    }
} catch let error as InvalidInput {
    for diagnostic in error.diagnostics { FileHandle.standardError.write(Data((diagnostic.description + "\n").utf8)) }
    exit(2)
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(3)
}
