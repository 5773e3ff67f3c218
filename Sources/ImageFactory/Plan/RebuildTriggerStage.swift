/// The Stage that rebuilds one image when one of its bases changes: it takes the base's new Freight and runs
/// ``GitHubDispatchTask`` for the image's workflow.
///
/// Freight comes straight from an upstream or external base's Warehouse, and from another image's Warehouse
/// only once that image's analysis Stage verified it. `autoRebuild: false` keeps the Stage, labelled so the
/// ProjectConfig's policy leaves it to manual promotion.
enum RebuildTriggerStage {
    static func name(image: String, base: BaseDependency) -> String {
        let baseName: String
        switch base.origin {
        case .upstream(let warehouse): baseName = warehouse.hasPrefix("base-") ? String(warehouse.dropFirst(5)) : warehouse
        case .managed(let name), .external(let name): baseName = name
        }
        return KubernetesName.make("rebuild", image, "on", baseName)
    }

    static func make(name: String, image: ResolvedImage, source: SourceSpec, base: BaseDependency, settings: FactoryConfig) -> Stage {
        let autoRebuild = image.spec.autoRebuild ?? settings.defaults.autoRebuild
        let versionBump = image.spec.versionBump ?? settings.defaults.versionBump
        let sources: FreightSources
        if case .managed(let baseName) = base.origin {
            sources = .upstream(AnalysisStage.name(of: baseName))
        } else {
            sources = .direct
        }
        return Stage(
            name, namespace: settings.project.name,
            labels: FactoryLabels.labels(.rebuildTrigger, image: image.name, autoPromote: autoRebuild)
        ) {
            FreightRequest(warehouse: base.warehouse, sources: sources)
        } steps: {
            PromotionStep.task(
                GitHubDispatchTask.name, as: "rebuild",
                vars: GitHubDispatchTask.vars(source: source, versionBump: versionBump, baseRepo: base.reference.repositoryURL))
        }
    }
}
