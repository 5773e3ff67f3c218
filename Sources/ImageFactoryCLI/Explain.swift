import ArgumentParser
import ImageFactory

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        // Named here rather than derived from the type name, which ArgumentParser reads through reflection at
        // every start.
        commandName: "explain",
        abstract: "Explains one image: what rebuilds it, its Stages and Warehouses and their files, its settings.",
        discussion: "Exit codes: 0 explained; 2 invalid input, or no image of that name (with a suggestion)."
    )

    @Argument(help: "The image's name in images.yaml.")
    var image: String

    @Option(name: .long, help: "The images file.")
    var config = "images.yaml"

    @Option(name: .long, help: "Where source.dockerfile paths are found (default: project.sourceRoot or the config's folder).")
    var sourceRoot: String?

    @Option(name: .long, help: "The output folder, as shown in file names.")
    var output = "dist"

    func run() throws {
        let graph: FactoryGraph
        do throws(InvalidInput) {
            graph = try Pipeline(configPath: config, sourceRoot: sourceRoot).resolve()
        } catch {
            reportInvalidInput(error)
            throw ExitStatus.invalidInput
        }
        let plan = FactoryPlanner.plan(graph)
        guard let explanation = ImageExplanation.make(image, graph: graph, plan: plan) else {
            let names = graph.images.map(\.name)
            var message = "image-factory explain: no image named '\(image)' in \(config)"
            if let suggestion = Suggestion.closest(to: image, in: names) { message += "; did you mean '\(suggestion)'?" }
            printError(message)
            throw ExitStatus.invalidInput
        }
        print(explanation.text(output: output), terminator: "")
    }
}
