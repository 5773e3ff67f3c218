/// Stage 3: turns the dependency graph into typed Kargo objects, grouped by output file.
///
/// Files: `project.yaml` (Namespace, Project, ProjectConfig), `analysis-template.yaml`, `promotion-tasks.yaml`
/// (the GitHub dispatch every rebuild trigger runs), one
/// `bases/<warehouse>.yaml` per upstream base, and one `images/<image>.yaml` per image holding its Warehouse,
/// its analysis Stage and its rebuild-trigger Stages. A pure function: same graph, same plan.
public enum FactoryPlanner {
    public static func plan(_ graph: FactoryGraph) -> FactoryPlan {
        let config = graph.config
        let project = config.project.name
        var plan = FactoryPlan(configFile: config.file)
        var imageObjects: [(path: String, objects: [any KubernetesObject])] = []
        var stageNames = NameAllocator()
        var autoPromoted = 0
        var hasAnalysis = false
        var hasRebuildTriggers = false

        for image in graph.images {
            var objects: [any KubernetesObject] = [ImageWarehouse.make(image.spec, defaults: config.defaults, project: project)]
            if let source = image.spec.source {
                if image.spec.rebuildDelay ?? config.defaults.rebuildDelay != nil {
                    plan.notes.append(Diagnostic(
                        "rebuildDelay of image '\(image.name)' is validated but not enforced yet: rebuilds start as soon as a base changes",
                        at: image.spec.locations["rebuildDelay"] ?? image.spec.location, severity: .note))
                }
                objects.append(SourceWarehouse.make(image.spec, source: source, defaults: config.defaults, project: project))
                objects.append(AnalysisStage.make(image, source: source, project: project))
                hasAnalysis = true
                autoPromoted += 1
                for base in image.bases {
                    let name = stageNames.claim(RebuildTriggerStage.name(image: image.name, base: base), key: "\(image.name)|\(base.warehouse)")
                    let stage = RebuildTriggerStage.make(name: name, image: image, source: source, base: base, settings: config)
                    if stage.metadata.labels[FactoryLabels.autoPromote] == "true" { autoPromoted += 1 }
                    hasRebuildTriggers = true
                    objects.append(stage)
                }
            }
            imageObjects.append(("images/\(image.name).yaml", objects))
        }

        plan.add(ProjectResources.make(project: project, autoPromotedStages: autoPromoted), to: "project.yaml")
        if hasAnalysis { plan.add(DockerfileAnalysisTemplate.make(project: config.project), to: "analysis-template.yaml") }
        if hasRebuildTriggers { plan.add(GitHubDispatchTask.make(project: config.project), to: "promotion-tasks.yaml") }
        for base in graph.upstreamBases {
            plan.add(BaseImageWarehouse.make(base, project: project), to: "bases/\(base.warehouseName).yaml")
        }
        for (path, objects) in imageObjects { plan.add(objects, to: path) }
        plan.workflows = workflows(graph)
        plan.workflowsDirectory = config.project.workflowsDirectory
        return plan
    }

    /// The build workflows: per source repository, the reusable image builder and one caller per image whose
    /// workflow synth generates. In the output folder they sit under `workflows/<owner>/<repo>/`; in
    /// `project.workflowsDirectory` (one repository only) directly.
    static func workflows(_ graph: FactoryGraph) -> [WorkflowFile] {
        let config = graph.config
        var byRepository: [String: [(ResolvedImage, SourceSpec)]] = [:]
        for image in graph.images {
            guard let source = image.spec.source, image.spec.build.generate else { continue }
            byRepository[source.repo, default: []].append((image, source))
        }
        var files: [WorkflowFile] = []
        guard !byRepository.isEmpty else { return files }
        let builder = ImageBuilderWorkflow.make(registries: config.project.registries, runner: config.defaults.build.runner, scripts: graph.scripts)
        for repository in byRepository.keys.sorted() {
            let images = byRepository[repository] ?? []
            let folder = config.project.workflowsDirectory == nil ? "workflows/\(repository)/" : ""
            files.append(WorkflowFile(path: folder + ImageBuilderWorkflow.fileName, workflow: builder))
            for (image, source) in images {
                let build = ImageBuild.make(
                    image, source: source, defaults: config.defaults.build, buildArguments: graph.buildArguments[image.name] ?? [],
                    imagesInRepository: images.count)
                files.append(WorkflowFile(path: folder + build.workflowFile, workflow: ImageBuildWorkflow.make(build, registries: config.project.registries)))
            }
        }
        return files
    }
}

/// Hands out names that are unique within one kind; a name proposed twice gets a hash suffix on every claim
/// after the first, derived from the claimant's key, so it is the same on every run.
struct NameAllocator {
    private var taken: Set<String> = []

    mutating func claim(_ proposed: String, key: String) -> String {
        if taken.insert(proposed).inserted { return proposed }
        var attempt = 0
        while true {
            let unique = KubernetesName.withSuffix(proposed, hashOf: attempt == 0 ? key : "\(key)#\(attempt)")
            if taken.insert(unique).inserted { return unique }
            attempt += 1
        }
    }
}
