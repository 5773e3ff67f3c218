import ArgumentParser
import Foundation
import ImageFactory

/// `image-factory schema`: prints (or writes) the JSON Schema of images.yaml, or with `--markdown` the images.yaml
/// reference article.
struct Schema: ParsableCommand {
    static let configuration = CommandConfiguration(
        // Named here rather than derived from the type name, which ArgumentParser reads through reflection at
        // every start.
        commandName: "schema",
        abstract: "Prints the JSON Schema of images.yaml, for editors that complete and check its fields.",
        discussion: """
            The schema is generated from the same description of images.yaml the decoder uses, so it accepts \
            exactly the keys synth accepts. The repository commits it as images.schema.json; regenerate it with \
            `image-factory schema --output images.schema.json`. Editors with the YAML language server pick it up \
            from the first line of images.yaml: `# yaml-language-server: $schema=./images.schema.json`.

            --markdown prints the images.yaml reference instead, as the Markdown article of the documentation \
            (Sources/ImageFactory/Documentation.docc/ImagesYAMLReference.md), generated from the same description.

            Exit codes: 0 printed or written, 3 the output file could not be written.
            """
    )

    @Option(name: .long, help: "Write the schema to this file instead of standard output.")
    var output: String?

    @Flag(name: .long, help: "Print the images.yaml reference as Markdown instead of the JSON Schema.")
    var markdown = false

    func run() throws {
        let text: String
        do {
            text = markdown ? MarkdownReferenceRenderer.render() : try JSONSchemaRenderer.render()
        } catch {
            printError("image-factory: cannot render the schema: \(error)")
            throw ExitCode.failure
        }
        guard let output else {
            print(text, terminator: "")
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            printError("image-factory: \(output): cannot write: \(error.localizedDescription)")
            throw ExitStatus.outputFailure
        }
    }
}
