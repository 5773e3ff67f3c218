import ImageFactorySupport

/// Checks across images that the generated workflows need: every registry pushed to can be logged in to,
/// workflow files and release tags do not collide within a repository, a workflow directory holds one
/// repository's workflows, and a repository's own workflow declares what the rebuild dispatch sends.
enum BuildRules {
    /// The `workflow_dispatch` inputs every rebuild trigger sends.
    static let dispatchedInputs = WorkflowContract.DispatchedInput.allCases.map(\.rawValue)

    static func problems(_ config: FactoryConfig) -> [Diagnostic] {
        var checker = Checker(config: config)
        for index in config.images.indices { checker.check(config.images[index]) }
        return checker.finish(project: config.project)
    }

    /// A file or tag prefix in one source repository.
    private struct RepositoryKey: Hashable {
        var repo: String
        var value: String
    }

    /// The checks, image by image, remembering what earlier images took.
    private struct Checker {
        let logins: Set<String>
        let devRepositoryPrefix: String?
        /// How many images each repository has whose workflows synth writes.
        let generatedPerRepository: [String: Int]
        var diagnostics = DiagnosticCollector()
        /// The first image using each workflow file: its name, and whether synth writes its workflow.
        var workflowFiles: [RepositoryKey: (name: String, generate: Bool)] = [:]
        /// The first image using each release tag prefix.
        var releasePrefixes: [RepositoryKey: String] = [:]
        var generatedRepositories: Set<String> = []
        /// The host of `defaults.build.devRepositoryPrefix`, which starts every image's dev repository (when it has one).
        let devRepositoryHost: String?

        init(config: FactoryConfig) {
            devRepositoryPrefix = config.defaults.build.devRepositoryPrefix
            logins = Set(config.project.registries.map(\.host)).union([WorkflowContract.tokenRegistry])
            var generated: [String: Int] = [:]
            for index in config.images.indices where config.images[index].build.generate {
                if let repo = config.images[index].source?.repo { generated[repo, default: 0] += 1 }
            }
            generatedPerRepository = generated
            // Room for every image up front: growing the tables image by image rehashed them again and again.
            workflowFiles.reserveCapacity(config.images.count)
            releasePrefixes.reserveCapacity(config.images.count)
            devRepositoryHost = config.defaults.build.devRepositoryPrefix.flatMap { BuildRules.host(of: "\($0)/") }
        }

        mutating func check(_ image: ImageSpec) {
            guard let source = image.source, source.provider == .github else { return }
            var at: InputLocation? { image.locations["build"] ?? image.location }
            if !image.build.generate {
                if image.locations["source.workflow"] == nil {
                    diagnostics.error(
                        "image '\(image.name)' sets build.generate: false, so its repository must build it: name that workflow in source.workflow", at: at)
                }
                checkDeclaredInputs(image, source: source, diagnostics: &diagnostics)
            }
            let fileKey = RepositoryKey(repo: source.repo, value: source.workflow)
            if let earlier = workflowFiles[fileKey], earlier.generate || image.build.generate {
                diagnostics.error(
                    "images '\(earlier.name)' and '\(image.name)' both use workflow \(source.workflow) in \(source.repo); a generated workflow builds one image",
                    at: image.locations["source.workflow"] ?? image.locations["source"] ?? image.location)
            } else {
                workflowFiles[fileKey] = (image.name, image.build.generate)
            }
            if source.workflow == WorkflowContract.reusableWorkflowFile, generatedPerRepository[source.repo] != nil {
                diagnostics.error(
                    "source.workflow \(source.workflow) is the name of the reusable workflow synth writes into \(source.repo); rename it",
                    at: image.locations["source.workflow"] ?? image.location)
            }
            guard image.build.generate else { return }
            generatedRepositories.insert(source.repo)
            let inRepository = generatedPerRepository[source.repo] ?? 1
            let prefix = image.build.releaseTagPrefix ?? (inRepository > 1 ? "\(image.name)/v" : "v")
            let prefixKey = RepositoryKey(repo: source.repo, value: prefix)
            if let earlier = releasePrefixes[prefixKey] {
                diagnostics.error(
                    "images '\(earlier)' and '\(image.name)' are built from \(source.repo) with the same release tag prefix '\(prefix)'; give each its own build.releaseTagPrefix",
                    at: at)
            } else {
                releasePrefixes[prefixKey] = image.name
            }
            // The image's registry is the host of its repository URL.
            checkLogin(host: image.registry, repository: image.repositoryURL, of: image, at: at)
            for repository in image.build.repositories { checkLogin(host: BuildRules.host(of: repository), repository: repository, of: image, at: at) }
            if let devRepositories = image.build.devRepositories {
                for repository in devRepositories { checkLogin(host: BuildRules.host(of: repository), repository: repository, of: image, at: at) }
            } else if let prefix = devRepositoryPrefix {
                let repository = { "\(prefix)/\(image.name)" }
                checkLogin(host: devRepositoryHost ?? BuildRules.host(of: repository()), repository: repository(), of: image, at: at)
            }
        }

        /// Every registry pushed to needs a login (ghcr.io has the workflow's token).
        private mutating func checkLogin(
            host: String?, repository: @autoclosure () -> String, of image: ImageSpec, at: @autoclosure () -> InputLocation?
        ) {
            guard let host, !logins.contains(host) else { return }
            diagnostics.error(
                "image '\(image.name)' pushes to \(repository()), but project.registries has no login for \(host): add {host: \(host), username: …, passwordSecret: …}",
                at: at())
        }

        func finish(project: ProjectSettings) -> [Diagnostic] {
            var diagnostics = diagnostics
            if project.workflowsDirectory != nil, generatedRepositories.count > 1 {
                let names = generatedRepositories.sorted().joined(separator: ", ")
                diagnostics.error(
                    "project.workflowsDirectory holds one repository's workflows, but the generated ones belong to \(generatedRepositories.count) repositories (\(names)); remove it to get workflows/<owner>/<repo>/ in the output folder",
                    at: project.workflowsDirectoryLocation)
            }
            return diagnostics.diagnostics
        }
    }

    /// A repository's registry host: its first non-empty `/`-separated part.
    static func host(of repository: String) -> String? {
        let host: String?? = repository.withUTF8Bytes { bytes in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            // ASCII text (every repository that passed the field rules) is split byte by byte.
            let slash = UInt8(ascii: "/")
            guard let start = bytes.firstIndex(where: { $0 != slash }) else { return .some(nil) }
            let end = bytes[start...].firstIndex(of: slash) ?? bytes.endIndex
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }
        return host ?? repository.split(separator: "/").first.map(String.init)
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
