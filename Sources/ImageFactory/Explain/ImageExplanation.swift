import ImageFactoryManifests

/// What `image-factory explain <image>` says about one image: what rebuilds it, which objects exist for it and
/// in which files, which images are built on it, and its settings after defaults.
package struct ImageExplanation: Sendable {
    package struct Trigger: Sendable, Hashable {
        /// The base as the Dockerfile names it.
        package var base: String
        /// What makes it fire, in words.
        package var when: String
        package var warehouse: String
        package var stage: String
        package var automatic: Bool
    }

    package var name: String
    package var repository: String
    package var source: String?
    package var triggers: [Trigger]
    package var pinnedBases: [String]
    /// When the platforms' builds pull different images: each platform with its bases, one line each.
    package var basesByPlatform: [String] = []
    package var dependents: [String]
    /// Every object that belongs to the image, with its output file.
    package var objects: [(kind: String, name: String, file: String)]
    /// Objects shared with other images that this one relies on (its bases' Warehouses, the dispatch task, the
    /// analysis template), with their output files.
    package var sharedObjects: [(kind: String, name: String, file: String)]
    package var settings: [(key: String, value: String)]
    /// Where new tags are deployed, one line per environment.
    package var deployments: [String] = []
    /// Who is told about new versions, one line per downstream dispatch.
    package var downstream: [String] = []
    /// What starts the analysis, in words.
    package var analysedWhen = ""
    /// Who hears of a rebuild trigger that failed for good, and how to start it again.
    package var whenTriggerFails: [String] = []

    /// Explains `image`, or returns nil when images.yaml has no image of that name.
    package static func make(_ image: String, graph: FactoryGraph, plan: FactoryPlan) -> ImageExplanation? {
        guard let resolved = graph.images.first(where: { $0.name == image }) else { return nil }
        let spec = resolved.spec
        let defaults = graph.config.defaults
        var objects: [(kind: String, name: String, file: String)] = []
        var stagesByWarehouse: [String: String] = [:]
        var environmentStages: [String: String] = [:]
        var shared: [(kind: String, name: String, file: String)] = []
        let policy = RebuildPolicy.of(spec, defaults: defaults)
        func warehouse(of base: BaseDependency) -> String { RebuildGate.warehouse(for: base, policy: policy) ?? base.warehouse }
        var sharedNames: Set<String> = Set(resolved.bases.map(warehouse))
        if let source = spec.source {
            sharedNames.formUnion([RebuildTrigger(provider: source.provider, policy: policy).taskName, DockerfileAnalysisTemplate.name])
        }
        if spec.gitops.effectiveMode == .kargo, !spec.environments.isEmpty { sharedNames.insert(GitOpsUpdateTask.name) }
        for dispatch in spec.downstream {
            sharedNames.insert(DownstreamDispatchTask(dispatch, policy: policy).taskName)
        }
        for group in plan.groups {
            for object in group.objects where object.metadata.labels[FactoryLabels.image] != image && sharedNames.contains(object.metadata.name) {
                shared.append((object.kind, object.metadata.name, group.path))
            }
            for object in group.objects where object.metadata.labels[FactoryLabels.image] == image {
                objects.append((object.kind, object.metadata.name, group.path))
                if object is Kargo.Stage, let environment = object.metadata.labels[EnvironmentStage.environmentLabel] {
                    environmentStages[environment] = object.metadata.name
                }
                if let stage = object as? Kargo.Stage, stage.metadata.labels[FactoryLabels.role] == FactoryLabels.Role.rebuildTrigger.rawValue,
                   let warehouse = stage.requestedFreight.first?.warehouse {
                    stagesByWarehouse[warehouse] = stage.metadata.name
                }
            }
        }
        let automatic = spec.autoRebuild ?? defaults.autoRebuild
        var conditions: [String] = []
        if let delay = policy.delay { conditions.append("it was built \(delay) ago") }
        if let window = policy.window { conditions.append("the time is within \(window)") }
        let held = conditions.isEmpty ? "" : ", once " + conditions.joined(separator: " and ")
        let triggers = resolved.bases.map { base -> Trigger in
            let when: String
            switch base.origin {
            case .upstream: when = "\(base.reference.repositoryURL):\(base.reference.tag ?? "latest") is republished with a new digest" + held
            case .managed(let name): when = "image '\(name)' has a new version that passed its analysis"
            case .external(let name): when = "external image '\(name)' has something new" + held
            }
            return Trigger(
                base: base.reference.description, when: when, warehouse: warehouse(of: base), stage: stagesByWarehouse[warehouse(of: base)] ?? "?",
                automatic: automatic)
        }
        let dependents = graph.images.filter { other in
            other.bases.contains { base in
                switch base.origin {
                case .managed(let name), .external(let name): name == image
                case .upstream: false
                }
            }
        }.map(\.name)
        var settings: [(key: String, value: String)] = []
        let interval = spec.interval ?? defaults.interval ?? ImageDefaults.kargoInterval
        settings.append(("interval", interval.description))
        if spec.isManaged {
            let policy = RebuildPolicy.of(spec, defaults: defaults)
            settings.append(("autoRebuild", automatic ? "true" : "false"))
            settings.append(("versionBump", policy.versionBump.rawValue))
            settings.append(("rebuildDelay", policy.delay.map { "\($0) after a new upstream base was built" } ?? "none"))
            settings.append(("rebuildWindow", policy.window?.description ?? "any time"))
            let retry = policy.retry
            let networkErrors = retry.attempts.map { "network errors: \($0) (retried within about \(Self.seconds(TriggerRetry.retrySpan(ofErrors: $0))))" }
                ?? "network errors retried until then"
            settings.append(("rebuildRetry", "re-sent every \(retry.interval) for up to \(retry.timeout); \(networkErrors)"))
            settings.append(("notify", policy.notification.map { "Secret \($0.webhook.name), key \($0.webhook.key), on \($0.events.map(\.rawValue).joined(separator: ", "))" } ?? "no"))
            if spec.baseImages == nil {
                let build = BuildSettings(spec, defaults: defaults.build)
                let target = build.target.map { "stage \($0)" } ?? "the last stage"
                settings.append(("bases from", "the Dockerfile: what BuildKit pulls to build \(target) for \(build.platformNames.joined(separator: ", "))"))
            } else {
                settings.append(("bases from", "baseImages in images.yaml (not verified by analysis)"))
            }
        }
        if let tag = spec.tag { settings.append(("watches", "new digests of tag \(tag)")) }
        if !spec.allowTags.isEmpty { settings.append(("allowTags", spec.allowTags.joined(separator: ", "))) }
        if spec.tag == nil {
            settings.append(("allowTags (effective)", ImageWarehouse.imageSubscription(spec, defaults: defaults).allowTagsRegexes.joined(separator: ", ")))
        }
        if let constraint = spec.constraint { settings.append(("constraint", constraint)) }
        if let platform = spec.platform { settings.append(("platform", platform)) }
        if let limit = spec.discoveryLimit ?? defaults.discoveryLimit { settings.append(("discoveryLimit", String(limit))) }
        let source = spec.source.map { source in
            let builtBy = source.provider == .gitlab
                ? "GitLab pipeline on \(source.host ?? SourceSpec.defaultGitLabHost)"
                : "workflow \(source.workflow)\(spec.build.generate ? " (written by synth)" : "")"
            return "\(source.repo)@\(source.branch): \(source.dockerfile) (context \(source.effectiveContext)), \(builtBy)"
        }
        var explanation = ImageExplanation(
            name: image, repository: spec.repositoryURL, source: source, triggers: triggers,
            pinnedBases: resolved.pinnedBaseImages.map(\.description), dependents: dependents, objects: objects, sharedObjects: shared,
            settings: settings)
        explanation.basesByPlatform = resolved.basesByPlatform.map { build in
            "\(build.platform): \(build.baseImages.isEmpty ? "no base image" : build.baseImages.map(\.description).joined(separator: ", "))"
        }
        if spec.source != nil {
            let followsSources = objects.contains { $0.kind == "Warehouse" && $0.name == ObjectNames.sourceWarehouse(of: image) }
            let analysis = objects.first { $0.name.hasPrefix("analyze-") }?.name ?? "?"
            explanation.analysedWhen = followsSources
                ? "a new version or a new commit of its sources reaches Stage \(analysis)"
                : "a new version reaches Stage \(analysis), which reads the Dockerfile at the commit the version was built from"
        }
        if !triggers.isEmpty {
            let webhook = policy.notification.flatMap { $0.events.contains(.failed) ? $0.webhook : nil }
            explanation.whenTriggerFails = [
                webhook.map { "posted to the webhook in key '\($0.key)' of Secret '\($0.name)'" }
                    ?? "announced nowhere (notify sends no failure): it shows as a failed promotion of the Stage in Kargo",
                "Kargo does not try that Freight again by itself; a newer base version does, or promoting it again:",
            ] + triggers.map { "  kargo promote --project=\(graph.config.project.name) --warehouse=\($0.warehouse) --stage=\($0.stage)" }
        }
        explanation.deployments = spec.environments.map { environment in
            let takes = environment.after.map { "what passed \($0)" } ?? "tags matching \(environment.tags ?? "")"
            let target = "\(environment.repository)@\(environment.branch) \(environment.file) \(environment.key)"
            switch spec.gitops.effectiveMode {
            case .kargo:
                let stage = environmentStages[environment.name] ?? "?"
                let promotion = environment.autoPromote ? "promoted automatically" : "waits for a manual promotion"
                let argo = environment.argocdApp.map { ", then syncs Argo CD application \($0.namespace.map { "\($0)/" } ?? "")\($0.name)" } ?? ""
                return "\(environment.name): \(takes) → Stage \(stage) (\(promotion)) commits \(target)\(argo)"
            case .github:
                return "\(environment.name): \(takes) → the build workflow dispatches '\(spec.gitops.effectiveEventType)' to \(environment.repository); "
                    + "its \(GitOpsReceiverWorkflow.fileName) commits \(target)"
            }
        }
        explanation.downstream = spec.downstream.map { dispatch in
            switch dispatch.kind {
            case .repositoryDispatch(let eventType): "\(dispatch.repo): repository_dispatch '\(eventType)' with image, tag, digest and short_sha"
            case let .workflowDispatch(workflow, ref): "\(dispatch.repo): workflow_dispatch of \(workflow) on \(ref) with inputs image, tag, digest and short_sha"
            }
        }
        return explanation
    }

    /// The explanation as the command prints it; `output` is the output folder's name.
    package func text(output: String = "dist") -> String {
        var lines: [String] = []
        lines.append("\(name): \(repository)")
        lines.append(source.map { "  built from \($0)" } ?? "  external: not built here, only watched")
        lines.append("")
        if source != nil {
            lines.append("Rebuilt when:")
            if triggers.isEmpty { lines.append("  nothing (it has no base image that can change)") }
            for trigger in triggers {
                lines.append("  - \(trigger.when)")
                lines.append("    base \(trigger.base) → Warehouse \(trigger.warehouse) → Stage \(trigger.stage) (\(trigger.automatic ? "promoted automatically" : "waits for a manual promotion"))")
            }
            for pinned in pinnedBases { lines.append("  - never for \(pinned): pinned by digest") }
            lines.append("")
            if !basesByPlatform.isEmpty {
                lines.append("Bases by platform (the builds differ; each base above rebuilds all of them):")
                for line in basesByPlatform { lines.append("  \(line)") }
                lines.append("")
            }
            lines.append("Analysed when:")
            lines.append("  \(analysedWhen)")
            lines.append("")
            if !whenTriggerFails.isEmpty {
                lines.append("When a rebuild trigger fails for good, it is:")
                for line in whenTriggerFails { lines.append("  \(line)") }
                lines.append("")
            }
        }
        if !deployments.isEmpty {
            lines.append("Deployed to:")
            for deployment in deployments { lines.append("  - \(deployment)") }
            lines.append("")
        }
        if !downstream.isEmpty {
            lines.append("Tells about new versions:")
            for dispatch in downstream { lines.append("  - \(dispatch)") }
            lines.append("")
        }
        lines.append("Built on it:")
        lines.append(dependents.isEmpty ? "  no image of images.yaml" : "  " + dependents.joined(separator: ", "))
        lines.append("")
        lines.append("Objects:")
        for object in objects { lines.append("  \(object.kind) \(object.name)  (\(output)/\(object.file))") }
        if !sharedObjects.isEmpty {
            lines.append("Shared objects it relies on:")
            for object in sharedObjects { lines.append("  \(object.kind) \(object.name)  (\(output)/\(object.file))") }
        }
        lines.append("")
        lines.append("Settings (after defaults):")
        for setting in settings { lines.append("  \(setting.key): \(setting.value)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A span of seconds as a person reads it: `35 ms`, `5.1 s`, `2.7 min`.
    static func seconds(_ seconds: Double) -> String {
        if seconds < 1 { return "\(Int((seconds * 1000).rounded())) ms" }
        if seconds < 60 { return "\((seconds * 10).rounded() / 10) s" }
        return "\((seconds / 6).rounded() / 10) min"
    }
}
