import ArgumentParser
import Foundation
import ImageFactory

struct Synth: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Writes the Kargo resources for images.yaml into the output folder.",
        discussion: """
            Reads images.yaml and the Dockerfiles it names, and writes one file per image, one per upstream \
            base image, the project-wide objects and a kustomization.yaml. Files synth wrote before and no \
            longer produces are removed; files it did not write are never touched. Nothing is written when \
            the input has a problem: every problem is printed as file:line:column and the exit code is 2.

            --check writes nothing: it exits 0 when the output folder already holds exactly what synth would \
            write, else prints a unified diff and the files that would be added, changed or removed, and \
            exits 1. --stdout prints every object as one YAML stream instead (for `kubectl apply -f -`).

            Exit codes: 0 written (or up to date), 1 drift (--check), 2 invalid input (nothing written), \
            3 the output folder could not be read or written.
            """
    )

    @Option(name: .long, help: "The images file.")
    var config = "images.yaml"

    @Option(name: .long, help: "The folder to write into.")
    var output = "dist"

    @Option(name: .long, help: "Where source.dockerfile paths are found (default: the config's folder).")
    var sourceRoot: String?

    @Flag(name: .long, help: "Write nothing; exit 1 and show a diff when the output folder is out of date.")
    var check = false

    @Flag(name: .customLong("stdout"), help: "Print all objects as one multi-document YAML stream; write nothing.")
    var toStandardOutput = false

    func validate() throws {
        if check && toStandardOutput { throw ValidationError("--check and --stdout cannot be combined") }
    }

    func run() throws {
        let plan: FactoryPlan
        let files: [GeneratedFile]
        do {
            plan = try Synthesizer.plan(configPath: config, sourceRoot: sourceRoot)
            for note in plan.notes { printError(note.description) }
            if toStandardOutput {
                print(try FileRenderer.stream(plan), terminator: "")
                return
            }
            files = try FileRenderer.render(plan)
        } catch let error as InvalidInput {
            reportInvalidInput(error)
            throw ExitStatus.invalidInput
        }
        let objects = plan.objects
        let kinds = Dictionary(grouping: objects, by: \.kind).map { "\($0.value.count) \($0.key)" }.sorted { $0.split(separator: " ")[1] < $1.split(separator: " ")[1] }
        let objectSummary = "\(objects.count) objects (\(kinds.joined(separator: ", ")))"
        do {
            if check {
                let report = try OutputWriter.check(files, against: output)
                if report.isClean {
                    print("\(output) is up to date: \(files.count) files, \(objectSummary)")
                    return
                }
                print(report.diff, terminator: "")
                for path in report.added { print("would add:    \(output)/\(path)") }
                for path in report.changed { print("would change: \(output)/\(path)") }
                for path in report.removed { print("would remove: \(output)/\(path)") }
                print("\(output) is out of date; run `image-factory synth` and commit the result")
                throw ExitStatus.drift
            }
            let summary = try OutputWriter.write(files, to: output)
            print(objectSummary)
            print("\(output): \(summary.written.count) written, \(summary.unchanged.count) unchanged, \(summary.removed.count) removed")
        } catch let error as OutputError {
            printError("image-factory: \(error)")
            throw ExitStatus.outputFailure
        }
    }
}
