/// Checks across images that the generated workflows need: every registry pushed to can be logged in to,
/// workflow files and release tags do not collide within a repository, a workflow directory holds one
/// repository's workflows, and a repository's own workflow declares what the rebuild dispatch sends.
enum BuildRules {
    /// The `workflow_dispatch` inputs every rebuild trigger sends.
    static let dispatchedInputs = GitHubDispatchTask.DispatchedInput.allCases.map(\.rawValue)

    static func problems(_ config: FactoryConfig) -> [Diagnostic] {
        var diagnostics = DiagnosticCollector()
        let logins = Set(config.project.registries.map(\.host)).union([ImageBuilderWorkflow.tokenRegistry])
        var workflowFiles: [String: ImageSpec] = [:]
        var releasePrefixes: [String: ImageSpec] = [:]
        var generatedRepositories: [String: ImageSpec] = [:]
        let generatedPerRepository = Dictionary(grouping: config.images.filter { $0.source != nil && $0.build.generate }, by: { $0.source?.repo ?? "" })
        for image in config.images {
            guard let source = image.source, source.provider == .github else { continue }
            let at = image.locations["build"] ?? image.location
            if !image.build.generate {
                if image.locations["source.workflow"] == nil {
                    diagnostics.error(
                        "image '\(image.name)' sets build.generate: false, so its repository must build it: name that workflow in source.workflow", at: at)
                }
                checkDeclaredInputs(image, source: source, diagnostics: &diagnostics)
            }
            let fileKey = "\(source.repo)|\(source.workflow)"
            if let earlier = workflowFiles[fileKey], earlier.build.generate || image.build.generate {
                diagnostics.error(
                    "images '\(earlier.name)' and '\(image.name)' both use workflow \(source.workflow) in \(source.repo); a generated workflow builds one image",
                    at: image.locations["source.workflow"] ?? image.locations["source"] ?? image.location)
            } else {
                workflowFiles[fileKey] = image
            }
            if source.workflow == ImageBuilderWorkflow.fileName, generatedPerRepository[source.repo] != nil {
                diagnostics.error(
                    "source.workflow \(source.workflow) is the name of the reusable workflow synth writes into \(source.repo); rename it",
                    at: image.locations["source.workflow"] ?? image.location)
            }
            guard image.build.generate else { continue }
            generatedRepositories[source.repo] = generatedRepositories[source.repo] ?? image
            let inRepository = generatedPerRepository[source.repo]?.count ?? 1
            let prefix = image.build.releaseTagPrefix ?? (inRepository > 1 ? "\(image.name)/v" : "v")
            let prefixKey = "\(source.repo)|\(prefix)"
            if let earlier = releasePrefixes[prefixKey] {
                diagnostics.error(
                    "images '\(earlier.name)' and '\(image.name)' are built from \(source.repo) with the same release tag prefix '\(prefix)'; give each its own build.releaseTagPrefix",
                    at: at)
            } else {
                releasePrefixes[prefixKey] = image
            }
            let devRepositories = image.build.devRepositories ?? config.defaults.build.devRepositoryPrefix.map { ["\($0)/\(image.name)"] } ?? []
            for repository in [image.repositoryURL] + image.build.repositories + devRepositories {
                guard let host = repository.split(separator: "/").first.map(String.init), !logins.contains(host) else { continue }
                diagnostics.error(
                    "image '\(image.name)' pushes to \(repository), but project.registries has no login for \(host): add {host: \(host), username: …, passwordSecret: …}",
                    at: at)
            }
        }
        if config.project.workflowsDirectory != nil, generatedRepositories.count > 1 {
            let names = generatedRepositories.keys.sorted().joined(separator: ", ")
            diagnostics.error(
                "project.workflowsDirectory holds one repository's workflows, but the generated ones belong to \(generatedRepositories.count) repositories (\(names)); remove it to get workflows/<owner>/<repo>/ in the output folder",
                at: config.project.workflowsDirectoryLocation)
        }
        return diagnostics.diagnostics
    }

    /// A repository's own workflow must declare every input the dispatch sends (GitHub answers 422 otherwise),
    /// and must not require one it does not send.
    private static func checkDeclaredInputs(_ image: ImageSpec, source: SourceSpec, diagnostics: inout DiagnosticCollector) {
        guard let inputs = source.inputs else { return }
        let at = image.locations["source.inputs"] ?? image.locations["source"] ?? image.location
        let declared = Set(inputs.map(\.name))
        let missing = dispatchedInputs.filter { !declared.contains($0) }
        if !missing.isEmpty {
            diagnostics.error(
                "workflow \(source.workflow) of image '\(image.name)' must declare the workflow_dispatch input\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")): the rebuild trigger sends \(dispatchedInputs.joined(separator: ", ")), and GitHub refuses unknown inputs with 422",
                at: at)
        }
        for input in inputs where input.isRequired && !dispatchedInputs.contains(input.name) {
            diagnostics.error(
                "workflow \(source.workflow) of image '\(image.name)' requires input '\(input.name)', which the rebuild trigger does not send; give it a default instead",
                at: at)
        }
    }
}
