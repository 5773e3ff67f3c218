import ArgumentParser
import Foundation
import ImageFactory

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Writes a commented starter images.yaml that synthesizes as it is.",
        discussion: "Refuses to overwrite an existing file. Exit codes: 0 written; 2 the file exists or cannot be written."
    )

    @Option(name: .long, help: "Where to write the starter config.")
    var config = "images.yaml"

    func run() throws {
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
}
