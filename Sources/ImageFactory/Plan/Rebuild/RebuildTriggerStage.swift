import ImageFactoryManifests

/// The Stage that rebuilds one image when one of its bases changes: it takes the base's new Freight and runs
/// the image's ``RebuildTrigger`` task.
///
/// Freight comes straight from an upstream or external base's Warehouse (or its ``RebuildGate``), and from
/// another image's Warehouse only once that image's analysis Stage verified it. `autoRebuild: false` keeps the
/// Stage, labelled so the ProjectConfig's policy leaves it to manual promotion.
enum RebuildTriggerStage {
    static func name(image: String, base: BaseDependency) -> String {
        let baseName: String
        switch base.origin {
        case .upstream(let warehouse): baseName = withoutBasePrefix(warehouse)
        case .managed(let name), .external(let name): baseName = name
        }
        return KubernetesName.make("rebuild", image, "on", baseName)
    }

    /// An upstream base's Warehouse name without its `base-` prefix. Warehouse names are ASCII, where the
    /// prefix's bytes are its characters; any other name is cut by characters.
    private static func withoutBasePrefix(_ warehouse: String) -> String {
        let utf8 = warehouse.utf8
        let rest = utf8.dropFirst(5)
        if utf8.starts(with: "base-".utf8), rest.first.map({ $0 < 0x80 }) ?? true { return String(Substring(rest)) }
        return warehouse.hasPrefix("base-") ? String(warehouse.dropFirst(5)) : warehouse
    }

    /// The labels of the image's rebuild-trigger Stages (one storage, which all of them share).
    static func labels(image: String, policy: RebuildPolicy) -> Kubernetes.Labels {
        FactoryLabels.labels(.rebuildTrigger, image: image, autoPromote: policy.autoRebuild)
    }

    /// The Stage for one image and one base. `warehouse` is where its Freight comes from: the base's Warehouse,
    /// or the ``RebuildGate`` in front of it when the image's policy delays or windows rebuilds. `labels`: see
    /// ``labels(image:policy:)``.
    static func make(
        name: String, image: ResolvedImage, source: SourceSpec, base: BaseDependency, warehouse: String, policy: RebuildPolicy,
        trigger: RebuildTrigger, labels: Kubernetes.Labels, project: String
    ) -> Kargo.Stage {
        let sources: Kargo.FreightSources
        if case .managed(let baseName) = base.origin {
            sources = .upstream(AnalysisStage.name(of: baseName))
        } else {
            sources = .direct
        }
        return Kargo.Stage(name, namespace: project, labels: labels) {
            Kargo.FreightRequest(warehouse: warehouse, sources: sources)
        } steps: {
            Kargo.PromotionStep.task(
                trigger.taskName, as: "rebuild",
                vars: trigger.vars(
                    image: image.name, source: source, versionBump: policy.versionBump, baseRepo: base.reference.repositoryURL,
                    rebuildExisting: policy.rebuildExisting))
        }
    }
}
