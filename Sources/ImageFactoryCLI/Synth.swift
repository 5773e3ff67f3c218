import ArgumentParser
import Foundation
import ImageFactory

struct Synth: ParsableCommand {
    static let configuration = CommandConfiguration(
        // Named here rather than derived from the type name, which ArgumentParser reads through reflection at
        // every start.
        commandName: "synth",
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

    @Flag(name: .shortAndLong, help: "Print nothing but problems; the exit code tells the rest.")
    var quiet = false

    @Option(name: .long, help: "The summary's format: text, or json for scripts.")
    var format: SummaryFormat = .text

    enum SummaryFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    /// The summary as `--format json` prints it.
    struct Summary: Encodable {
        var objects: [String: Int]
        var files: Int
        var written: [String]?
        var unchanged: [String]?
        var removed: [String]?
        var upToDate: Bool?
        var wouldAdd: [String]?
        var wouldChange: [String]?
        var wouldRemove: [String]?
        var diff: String?
    }

    func validate() throws {
        if check && toStandardOutput { throw ValidationError("--check and --stdout cannot be combined") }
    }

    func run() throws {
        let pipeline = Pipeline(configPath: config, sourceRoot: sourceRoot, outputFolder: output)
        let plan: FactoryPlan
        // Files are rendered one at a time as the writer takes them, so only one is in memory at once.
        let targets: [OutputFolder]
        do {
            // The pipeline's phases one by one, so the graph is kept too.
            var graph = try pipeline.resolve()
            plan = pipeline.plan(graph)
            // The config's list of images repeats graph.images (whose specs share its strings): only that list is
            // let go now (7 MB at 10,000 images, which would raise the peak of the writing that follows), cheaply,
            // since nothing it holds is freed with it.
            graph.config.images = []
            ProcessLifetime.keep(graph)
            ProcessLifetime.keep(plan)
            if !quiet { for note in plan.notes { printError(Terminal.render(note)) } }
            if toStandardOutput {
                print(try FileRenderer.stream(plan), terminator: "")
                return
            }
            targets = pipeline.render(plan)
        } catch let error as InvalidInput {
            reportInvalidInput(error)
            throw ExitStatus.invalidInput
        }
        ProcessLifetime.keep(targets)
        let counts = plan.objectCountsByKind
        let kinds = counts.keys.sorted().compactMap { kind in counts[kind].map { "\($0) \(kind)" } }
        let objectSummary = "\(counts.values.reduce(0, +)) objects (\(kinds.joined(separator: ", ")))"
        let fileCount = targets.reduce(0) { $0 + $1.files.count }
        do {
            if check {
                var report = DriftReport()
                var shown: [String] = []
                for target in targets {
                    let folder = target.path
                    let part = try OutputWriter.check(target.files, against: folder)
                    // JSON keeps the output folder's paths relative, as before; other folders are named.
                    let prefix = folder == output ? "" : "\(folder)/"
                    report.added += part.added.map { prefix + $0 }
                    report.changed += part.changed.map { prefix + $0 }
                    report.removed += part.removed.map { prefix + $0 }
                    report.diff += part.diff
                    shown += part.added.map { "would add:    \(folder)/\($0)" } + part.changed.map { "would change: \(folder)/\($0)" }
                        + part.removed.map { "would remove: \(folder)/\($0)" }
                }
                if format == .json {
                    emit(Summary(
                        objects: counts, files: fileCount, upToDate: report.isClean, wouldAdd: report.added, wouldChange: report.changed,
                        wouldRemove: report.removed, diff: report.diff))
                } else if !quiet {
                    let folders = targets.map(\.path).joined(separator: " and ")
                    if report.isClean {
                        print("\(folders) \(targets.count == 1 ? "is" : "are") up to date: \(fileCount) files, \(objectSummary)")
                    } else {
                        print(Terminal.render(diff: report.diff), terminator: "")
                        for line in shown { print(line) }
                        print("\(folders) \(targets.count == 1 ? "is" : "are") out of date; run `image-factory synth` and commit the result")
                    }
                }
                if !report.isClean { throw ExitStatus.drift }
                return
            }
            let summaries = zip(targets.map(\.path), try OutputWriter.write(targets)).map { (folder: $0, summary: $1) }
            if format == .json {
                func paths(_ keyPath: KeyPath<WriteSummary, [String]>) -> [String] {
                    summaries.flatMap { entry in entry.summary[keyPath: keyPath].map { entry.folder == output ? $0 : "\(entry.folder)/\($0)" } }
                }
                emit(Summary(objects: counts, files: fileCount, written: paths(\.written), unchanged: paths(\.unchanged), removed: paths(\.removed)))
            } else if !quiet {
                print(objectSummary)
                for (folder, summary) in summaries {
                    print("\(folder): \(summary.written.count) written, \(summary.unchanged.count) unchanged, \(summary.removed.count) removed")
                }
            }
        } catch let error as OutputError {
            printError("image-factory: \(error)")
            throw ExitStatus.outputFailure
        }
    }

    private func emit(_ summary: Summary) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(summary) else { return }
        print(String(decoding: data, as: UTF8.self))
    }
}
