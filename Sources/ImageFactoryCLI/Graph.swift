import ArgumentParser
import ImageFactory

/// `image-factory graph`: prints the picture of the factory that synth writes to `factory.md`, as Mermaid or
/// as Graphviz DOT (for factories too large to read as Mermaid).
struct Graph: ParsableCommand {
    static let configuration = CommandConfiguration(
        // Named here rather than derived from the type name, which ArgumentParser reads through reflection at
        // every start.
        commandName: "graph",
        abstract: "Prints the factory's dependency picture as Mermaid or Graphviz DOT.",
        discussion: """
            Reads images.yaml and the Dockerfiles it names, as synth does, and prints upstream bases, images \
            and the rebuild triggers between them to standard output; nothing is written. The Mermaid text is \
            the diagram synth puts in factory.md; DOT renders with Graphviz, e.g. \
            `image-factory graph --format dot | dot -Tsvg > factory.svg`.

            Exit codes: 0 printed, 2 invalid input (every problem is printed as file:line:column).
            """
    )

    /// The diagram languages `--format` accepts.
    enum Format: String, CaseIterable, ExpressibleByArgument {
        case mermaid, dot
    }

    @Option(name: .long, help: "The images file.")
    var config = "images.yaml"

    @Option(name: .long, help: "Where source.dockerfile paths are found (default: project.sourceRoot or the config's folder).")
    var sourceRoot: String?

    @Option(name: .long, help: "The diagram language: mermaid or dot.")
    var format: Format = .mermaid

    func run() throws {
        print(try diagramText(), terminator: "")
    }

    /// The diagram of `config` in `format`; throws exit status 2 after printing the problems of invalid input.
    func diagramText() throws(ExitCode) -> String {
        let plan: FactoryPlan
        do throws(InvalidInput) {
            plan = try Pipeline(configPath: config, sourceRoot: sourceRoot).plan()
        } catch {
            reportInvalidInput(error)
            throw ExitStatus.invalidInput
        }
        let diagram = FactoryDiagram(plan: plan)
        switch format {
        case .mermaid: return diagram.mermaid()
        case .dot: return diagram.dot()
        }
    }
}
