import ArgumentParser
import Foundation
import ImageFactory

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        // Named here rather than derived from the type name, which ArgumentParser reads through reflection at
        // every start.
        commandName: "init",
        abstract: "Writes a commented starter images.yaml that synthesizes as it is.",
        discussion: """
            Refuses to overwrite an existing file. With --templates it writes the built-in templates of the \
            workflows' shell steps into the templates folder beside the config instead, to edit: synth uses a \
            file there in place of the built-in template of the same name. Existing files are kept.

            Exit codes: 0 written; 2 the file exists or cannot be written.
            """
    )

    @Option(name: .long, help: "Where to write the starter config.")
    var config = "images.yaml"

    @Flag(name: .long, help: "Write the built-in templates into templates/ beside the config (existing files are kept).")
    var templates = false

    func run() throws {
        if templates {
            try writeTemplates()
            return
        }
        guard !FileManager.default.fileExists(atPath: config) else {
            printError("image-factory init: \(config) already exists; not overwriting it")
            throw ExitStatus.invalidInput
        }
        guard FileManager.default.createFile(atPath: config, contents: Data(StarterConfig.text.utf8)) else {
            printError("image-factory init: cannot write \(config)")
            throw ExitStatus.invalidInput
        }
        print("wrote \(config); next: image-factory synth --config \(config)")
    }

    private func writeTemplates() throws {
        let folder = (config as NSString).deletingLastPathComponent
        let directory = folder.isEmpty ? "templates" : (folder as NSString).appendingPathComponent("templates")
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            printError("image-factory init: cannot create \(directory): \(error.localizedDescription)")
            throw ExitStatus.invalidInput
        }
        for template in BuiltInTemplates.all {
            let path = (directory as NSString).appendingPathComponent(template.fileName)
            if FileManager.default.fileExists(atPath: path) {
                print("kept \(path) (exists)")
                continue
            }
            guard FileManager.default.createFile(atPath: path, contents: Data(template.text.utf8)) else {
                printError("image-factory init: cannot write \(path)")
                throw ExitStatus.invalidInput
            }
            print("wrote \(path)")
        }
    }
}
