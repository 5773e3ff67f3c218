import ImageFactorySupport
import ImageFactoryManifests

/// Phase 3, plan: turns the dependency graph into typed Kargo objects, grouped by output file.
///
/// Files: `project.yaml` (Namespace, Project, ProjectConfig), `analysis-template.yaml`, `promotion-tasks.yaml`
/// (the trigger tasks the rebuild-trigger Stages run), one `bases/<warehouse>.yaml` per upstream base, and one
/// `images/<image>.yaml` per image holding its Warehouse, its analysis Stage and its rebuild-trigger Stages. A
/// base's rebuild gates go in its file. A pure function: same graph, same plan.
package enum FactoryPlanner {
    package static func plan(_ graph: FactoryGraph) -> FactoryPlan {
        let deploymentFiles = DeploymentFiles(graph.images)
        // What each image's source leaves out, worked out once for its source Warehouse and its workflow.
        let excludedPaths = graph.images.map { image in image.spec.source.map { deploymentFiles.watched(by: $0) } ?? [] }
        var planning = Planning(graph)
        for index in graph.images.indices { planning.addRebuildObjects(of: graph.images[index], excluding: excludedPaths[index]) }
        planning.nameSharedWarehouses()
        // Only images that deploy or dispatch anything: passing an image copies it.
        for index in graph.images.indices where !graph.images[index].spec.environments.isEmpty || !graph.images[index].spec.downstream.isEmpty {
            planning.addDeliveryObjects(of: graph.images[index].spec, toImageAt: index)
        }
        var plan = planning.finish()
        plan.notes = graph.notes + plan.notes
        let config = graph.config
        plan.workflows = workflows(graph, excludedPaths: excludedPaths)
        plan.workflowsDirectory = config.project.workflowsDirectory
        let workflowsRepository = config.project.workflowsDirectory == nil ? nil : singleRepository(graph)
        for (repository, workflow) in gitopsWorkflows(graph) {
            // A GitOps repository that is also the one repository whose workflows go to workflowsDirectory gets
            // its receiving workflow there too; any other is written into the output folder.
            if repository == workflowsRepository {
                plan.workflows.append(WorkflowFile(path: GitOpsReceiverWorkflow.fileName, workflow: workflow))
            } else {
                plan.outputWorkflows.append(WorkflowFile(path: "workflows/\(repository)/\(GitOpsReceiverWorkflow.fileName)", workflow: workflow))
            }
        }
        return plan
    }

    /// The Kargo objects while they are being planned: each image's file, the names taken, and what the shared
    /// files collect.
    private struct Planning {
        let graph: FactoryGraph
        let project: String
        /// By Warehouse name.
        let upstreamBases: [String: UpstreamBase]
        /// Indices, not copies: an `ImageSpec` is large (a dictionary of copies held 7 MB at 10,000 images).
        let imageIndex: [String: Int]
        var plan: FactoryPlan
        /// What the factory's picture draws, told as the objects are made (see ``FactoryPlan/plannedDiagram``).
        var diagram = FactoryDiagram.Builder()
        var imageObjects: [(path: String, objects: [any KubernetesObject])] = []
        var stageNames: NameAllocator
        /// Every Warehouse is named before the environments' Warehouses are, in file order.
        var warehouseNames: NameAllocator
        var autoPromoted = 0
        var hasAnalysis = false
        var triggers: [String: RebuildTrigger] = [:]
        var gates: [String: (path: String, warehouse: Kargo.Warehouse)] = [:]
        var ungatedWarehouses: Set<String> = []
        /// The PromotionTasks, by name.
        var tasks: [String: Kargo.PromotionTask] = [:]

        init(_ graph: FactoryGraph) {
            self.graph = graph
            project = graph.config.project.name
            upstreamBases = Dictionary(graph.upstreamBases.map { ($0.warehouseName, $0) }, uniquingKeysWith: { first, _ in first })
            imageIndex = Dictionary(graph.images.indices.map { (graph.images[$0].name, $0) }, uniquingKeysWith: { first, _ in first })
            plan = FactoryPlan(configFile: graph.config.file)
            imageObjects.reserveCapacity(graph.images.count)
            // About four Stages and two Warehouses per image: room for them up front, not grown (and rehashed) step by step.
            stageNames = NameAllocator(capacity: 4 * graph.images.count)
            warehouseNames = NameAllocator(capacity: 2 * graph.images.count + graph.upstreamBases.count)
        }

        /// The image's file: its Warehouse and, for an image built here, its source Warehouse, analysis Stage and
        /// rebuild-trigger Stages (and the gates they wait behind).
        /// `excluded`: the deploy files its source leaves out (see ``DeploymentFiles/watched(by:)``).
        mutating func addRebuildObjects(of image: ResolvedImage, excluding excluded: [String]) {
            let imageWarehouse = ImageWarehouse.make(image.spec, defaults: graph.config.defaults, project: project)
            warehouseNames.take(imageWarehouse.metadata.name)
            diagram.addImage(imageWarehouse, image: image.name)
            var objects: [any KubernetesObject] = [imageWarehouse]
            if let source = image.spec.source {
                let policy = RebuildPolicy.of(image.spec, defaults: graph.config.defaults)
                let trigger = RebuildTrigger(provider: source.provider, policy: policy)
                let gitURL = source.gitURL
                diagram.addSource(image: image.name)
                // The generated build records the commit in the image, which is what the analysis reads; other
                // builds may not, so their analysis also follows the sources.
                var sourceWarehouseName: String?
                if !image.spec.build.generate {
                    let sourceWarehouse = SourceWarehouse.make(
                        image.spec, source: source, gitURL: gitURL, defaults: graph.config.defaults, project: project,
                        excluding: excluded)
                    warehouseNames.take(sourceWarehouse.metadata.name)
                    objects.append(sourceWarehouse)
                    sourceWarehouseName = sourceWarehouse.metadata.name
                }
                objects.append(AnalysisStage.make(
                    image, source: source, gitURL: gitURL, sourceWarehouse: sourceWarehouseName, project: project,
                    defaults: graph.config.defaults.build, buildArguments: graph.buildArguments[image.name] ?? []))
                hasAnalysis = true
                autoPromoted += 1
                let ownPolicy = image.spec.rebuildDelay != nil || image.spec.rebuildWindow?.value != nil
                if ownPolicy, policy.isGated, !image.bases.isEmpty, image.bases.allSatisfy(\.isManaged) {
                    plan.notes.append(ungatedNote(image, policy: policy))
                }
                let triggerLabels = image.bases.isEmpty ? [:] : RebuildTriggerStage.labels(image: image.name, policy: policy)
                for base in image.bases {
                    var warehouse = base.warehouse
                    if let gate = RebuildGate.warehouse(for: base, policy: policy) {
                        if gates[gate] == nil, let (gated, path) = watchedWarehouse(of: base) {
                            gates[gate] = (path, RebuildGate.make(from: gated, name: gate, repoURL: base.reference.repositoryURL, policy: policy))
                        }
                        if gates[gate] != nil { warehouse = gate }
                    }
                    if warehouse == base.warehouse { ungatedWarehouses.insert(warehouse) }
                    let name = stageNames.claim(RebuildTriggerStage.name(image: image.name, base: base), key: "\(image.name)|\(base.warehouse)")
                    let stage = RebuildTriggerStage.make(
                        name: name, image: image, source: source, base: base, warehouse: warehouse, policy: policy, trigger: trigger,
                        labels: triggerLabels, project: project)
                    if policy.autoRebuild { autoPromoted += 1 }
                    diagram.addTrigger(stage, image: image.name)
                    objects.append(stage)
                }
                if !image.bases.isEmpty { triggers[trigger.taskName] = trigger }
            }
            imageObjects.append((String(concatenating: "images/", image.name, ".yaml"), objects))
        }

        /// The Warehouse a rebuild gate copies, and the file it goes in: the upstream base's or the external image's.
        /// Nil for a base built here, whose new versions reach the rebuild through its analysis Stage instead.
        private func watchedWarehouse(of base: BaseDependency) -> (Kargo.Warehouse, String)? {
            switch base.origin {
            case .upstream(let name):
                guard let upstream = upstreamBases[name] else { return nil }
                return (BaseImageWarehouse.make(upstream, project: project), "bases/\(name).yaml")
            case .external(let name):
                guard let index = imageIndex[name] else { return nil }
                return (ImageWarehouse.make(graph.images[index].spec, defaults: graph.config.defaults, project: project), "images/\(name).yaml")
            case .managed:
                return nil
            }
        }

        /// The upstream bases' Warehouses and the gates are named after the images' and before the environments'.
        mutating func nameSharedWarehouses() {
            for base in graph.upstreamBases { warehouseNames.take(base.warehouseName) }
            for name in gates.keys { warehouseNames.take(name) }
        }

        /// What deploys an image and tells others about it, added to its file: per Kargo-mode environment a Stage
        /// (and, unless it comes `after` another, a Warehouse of its tags), per downstream dispatch a Stage.
        mutating func addDeliveryObjects(of image: ImageSpec, toImageAt index: Int) {
            var objects: [any KubernetesObject] = []
            if image.gitops.effectiveMode == .kargo {
                var stages: [String: String] = [:]
                var warehouses: [String: String] = [:]
                for environment in image.environments {
                    let proposed = EnvironmentStage.name(image: image.name, environment: environment.name)
                    func key() -> String { "\(image.name)|environment|\(environment.name)" }
                    let warehouse: String
                    if let after = environment.after, let upstream = warehouses[after] {
                        warehouse = upstream
                    } else if let pattern = environment.tags {
                        warehouse = warehouseNames.claim(proposed, key: key())
                        objects.append(EnvironmentWarehouse.make(
                            name: warehouse, image: image, environment: environment, tags: pattern, defaults: graph.config.defaults, project: project))
                    } else {
                        continue
                    }
                    let stage = stageNames.claim(proposed, key: key())
                    warehouses[environment.name] = warehouse
                    stages[environment.name] = stage
                    let environmentStage = EnvironmentStage.make(
                        name: stage, image: image, environment: environment, warehouse: warehouse, upstream: environment.after.flatMap { stages[$0] },
                        project: project)
                    diagram.addEnvironment(environmentStage, image: image.name)
                    objects.append(environmentStage)
                    if environment.autoPromote { autoPromoted += 1 }
                    if tasks[GitOpsUpdateTask.name] == nil { tasks[GitOpsUpdateTask.name] = GitOpsUpdateTask.task(project: project) }
                }
            }
            for dispatch in image.downstream {
                let task = DownstreamDispatchTask(dispatch, policy: RebuildPolicy.of(image, defaults: graph.config.defaults))
                if tasks[task.taskName] == nil { tasks[task.taskName] = task.task(project: project, messages: graph.messages) }
                let name = stageNames.claim(
                    DownstreamDispatchStage.name(image: image.name, dispatch: dispatch), key: "\(image.name)|downstream|\(dispatch.repo)|\(dispatch.kind)")
                objects.append(DownstreamDispatchStage.make(
                    name: name, image: image, dispatch: dispatch, task: task, token: dispatch.token ?? graph.config.project.githubToken, project: project))
                autoPromoted += 1
            }
            imageObjects[index].objects += objects
        }

        /// Removes the Warehouse of each external image that no Stage requests Freight from (its dependents all
        /// wait behind gates, or there are none): it would poll the registry for nothing.
        mutating func dropUnrequestedWatches() {
            var requested = Set<String>(minimumCapacity: 2 * imageObjects.count)
            for (_, objects) in imageObjects {
                for case let stage as Kargo.Stage in objects {
                    for request in stage.requestedFreight { requested.insert(request.warehouse) }
                }
            }
            for index in imageObjects.indices where !graph.images[index].spec.isManaged {
                let before = imageObjects[index].objects.count
                imageObjects[index].objects.removeAll { object in
                    object is Kargo.Warehouse && object.metadata.labels[FactoryLabels.role] == FactoryLabels.Role.image.rawValue
                        && !requested.contains(object.metadata.name)
                }
                let gated = gates.values.contains { $0.warehouse.metadata.labels[FactoryLabels.gatedWarehouse] == graph.images[index].name }
                if imageObjects[index].objects.count < before, !gated { plan.notes.append(FactoryPlanner.unwatchedNote(graph.images[index].spec)) }
            }
        }

        /// The plan's files: `project.yaml`, the analysis template, the promotion tasks, the bases' Warehouses, the
        /// images' files, and the gates in their bases' files.
        consuming func finish() -> FactoryPlan {
            plan.add(ProjectResources.make(project: project, autoPromotedStages: autoPromoted, receivers: graph.config.project.webhookReceivers), to: "project.yaml")
            if hasAnalysis {
                plan.add(DockerfileAnalysisTemplate.make(project: graph.config.project, tokenHosts: DockerfileAnalysisTemplate.tokenHosts(graph.config)), to: "analysis-template.yaml")
            }
            for (name, trigger) in triggers { tasks[name] = trigger.task(project: graph.config.project, messages: graph.messages) }
            for name in tasks.keys.sorted() {
                if let task = tasks[name] { plan.add(task, to: "promotion-tasks.yaml") }
            }
            // An upstream base whose dependents all wait behind gates needs no Warehouse of its own.
            for base in graph.upstreamBases where ungatedWarehouses.contains(base.warehouseName) {
                let warehouse = BaseImageWarehouse.make(base, project: project)
                diagram.addBaseImage(warehouse)
                plan.add(warehouse, to: "bases/\(base.warehouseName).yaml")
            }
            dropUnrequestedWatches()
            for (path, objects) in imageObjects { plan.add(objects, to: path) }
            for name in gates.keys.sorted() {
                guard let gate = gates[name] else { continue }
                diagram.addGate(gate.warehouse)
                plan.add(gate.warehouse, to: gate.path)
            }
            plan.plannedDiagram = diagram
            return plan
        }
    }

    /// Said when an external image's Warehouse would be requested by no Stage: nothing is built on it, and it has
    /// no environments or downstream dispatches.
    private static func unwatchedNote(_ image: ImageSpec) -> Diagnostic {
        Diagnostic(
            "image '\(image.name)' is not built here and nothing takes its new versions (no image built here uses it, and it has no environments or downstream targets), so no Warehouse watches it",
            at: image.location, severity: .note)
    }

    /// Said when an image's delay or window has nothing to hold back: all its bases are built here.
    private static func ungatedNote(_ image: ResolvedImage, policy: RebuildPolicy) -> Diagnostic {
        let setting = policy.delay != nil ? "rebuildDelay" : "rebuildWindow"
        let bases = image.bases.map(\.warehouse).joined(separator: ", ")
        return Diagnostic(
            "\(setting) of image '\(image.name)' holds back nothing: its bases (\(bases)) are built here, and it is rebuilt as soon as their new versions pass analysis",
            at: image.spec.locations[setting] ?? image.spec.location, severity: .note)
    }

    /// The build workflows: per source repository, the reusable image builder and one caller per image whose
    /// workflow synth generates. In the output folder they sit under `workflows/<owner>/<repo>/`; in
    /// `project.workflowsDirectory` (one repository only) directly.
    /// `excludedPaths`: by image index, the deploy files its source leaves out (see ``DeploymentFiles/watched(by:)``).
    static func workflows(_ graph: FactoryGraph, excludedPaths: [[String]]) -> [WorkflowFile] {
        let config = graph.config
        // Indices, not copies of the images: the copies held 12 MB at 10,000 images.
        var byRepository: [String: [Int]] = [:]
        for index in graph.images.indices {
            guard let source = graph.images[index].spec.source, graph.images[index].spec.build.generate else { continue }
            byRepository[source.repo, default: []].append(index)
        }
        var files: [WorkflowFile] = []
        guard !byRepository.isEmpty else { return files }
        files.reserveCapacity(byRepository.count + byRepository.values.reduce(0) { $0 + $1.count })
        let builder = ReusableBuildWorkflow.make(registries: config.project.registries, runner: config.defaults.build.runner, scripts: graph.scripts)
        let logins = ReusableBuildWorkflow.logins(config.project.registries)
        for repository in byRepository.keys.sorted() {
            let images = byRepository[repository] ?? []
            let folder = config.project.workflowsDirectory == nil ? "workflows/\(repository)/" : ""
            files.append(WorkflowFile(path: folder + WorkflowContract.reusableWorkflowFile, workflow: builder))
            for index in images {
                // The element is passed, not bound to a local: a local would copy the whole image.
                guard let workflow = buildWorkflow(
                    of: graph.images[index], graph: graph, logins: logins, excludedPaths: excludedPaths[index], imagesInRepository: images.count)
                else { continue }
                files.append(WorkflowFile(path: folder + workflow.file, workflow: workflow.workflow))
            }
        }
        return files
    }
}

extension FactoryPlanner {
    /// One image's build workflow and its file name (nil for an image not built here).
    private static func buildWorkflow(
        of image: ResolvedImage, graph: FactoryGraph, logins: [RegistryLogin], excludedPaths: [String], imagesInRepository: Int
    ) -> (file: String, workflow: GitHubActions.Workflow)? {
        guard let source = image.spec.source else { return nil }
        let runner = graph.config.defaults.build.runner
        var build = ResolvedBuild.make(
            image, source: source, defaults: graph.config.defaults.build, buildArguments: graph.buildArguments[image.name] ?? [],
            imagesInRepository: imagesInRepository)
        build.ignoredPaths = excludedPaths
        var dispatch: GitHubActions.Job?
        if image.spec.gitops.effectiveMode == .github, !image.spec.environments.isEmpty {
            var repositories: [String] = []
            for environment in image.spec.environments {
                if let repository = environment.repository.github, !repositories.contains(repository) { repositories.append(repository) }
            }
            dispatch = GitOpsDispatchJob.make(
                image: image.name, repository: image.spec.repositoryURL, gitopsRepositories: repositories, eventType: image.spec.gitops.effectiveEventType,
                tokenSecret: image.spec.gitops.effectiveTokenSecret, needs: [GitOpsDispatchJob.buildJob], runner: runner, scripts: graph.scripts)
        }
        return (build.workflowFile, CallerBuildWorkflow.make(build, logins: logins, finalJob: dispatch))
    }

    /// The receiving workflow of every GitOps repository (`owner/name`) that GitHub-mode environments dispatch
    /// to: per branch, the environments it updates.
    static func gitopsWorkflows(_ graph: FactoryGraph) -> [(repository: String, workflow: GitHubActions.Workflow)] {
        var targets: [String: [String: [GitOpsTarget]]] = [:]
        var eventTypes: [String: [String]] = [:]
        for index in graph.images.indices where graph.images[index].spec.gitops.effectiveMode == .github {
            let gitops = graph.images[index].spec.gitops
            for environment in graph.images[index].spec.environments {
                guard let repository = environment.repository.github, let pattern = environment.tags else { continue }
                targets[repository, default: [:]][environment.branch, default: []].append(GitOpsTarget(
                    image: graph.images[index].name, environment: environment.name, tagPattern: pattern, file: environment.file, key: environment.key))
                if !(eventTypes[repository] ?? []).contains(gitops.effectiveEventType) {
                    eventTypes[repository, default: []].append(gitops.effectiveEventType)
                }
            }
        }
        return targets.keys.sorted().map { repository in
            let workflow = GitOpsReceiverWorkflow.make(
                repository: repository, eventTypes: (eventTypes[repository] ?? []).sorted(), targetsByBranch: targets[repository] ?? [:],
                runner: graph.config.defaults.build.runner, scripts: graph.scripts)
            return (repository, workflow)
        }
    }

    /// The one source repository whose workflows synth writes, when there is exactly one.
    static func singleRepository(_ graph: FactoryGraph) -> String? {
        let repositories = Set(graph.images.compactMap { image in image.spec.build.generate ? image.spec.source?.repo : nil })
        return repositories.count == 1 ? repositories.first : nil
    }
}

/// Hands out names that are unique within one kind; a name proposed twice gets a hash suffix on every claim
/// after the first, derived from the claimant's key, so it is the same on every run.
struct NameAllocator {
    private var taken: Set<String>

    init(capacity: Int = 0) {
        taken = Set(minimumCapacity: capacity)
    }

    /// Takes `name` as it is, or (when it is taken already) a hashed variant of it.
    mutating func take(_ name: String) {
        _ = claim(name, key: name)
    }

    /// `key` is only needed when the name is taken: it is built only then.
    mutating func claim(_ proposed: String, key: @autoclosure () -> String) -> String {
        if taken.insert(proposed).inserted { return proposed }
        let key = key()
        var attempt = 0
        while true {
            let unique = KubernetesName.withSuffix(proposed, hashOf: attempt == 0 ? key : "\(key)#\(attempt)")
            if taken.insert(unique).inserted { return unique }
            attempt += 1
        }
    }
}
