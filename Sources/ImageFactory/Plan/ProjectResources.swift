/// The Namespace, Project and ProjectConfig of the factory.
///
/// Auto-promotion is chosen by label (`image-factory.io/auto-promote: "true"`), not by a list of Stage names,
/// so adding an image never needs an edit here; the policy is emitted only when some Stage carries the label,
/// because a policy that selects nothing is a silent no-op.
enum ProjectResources {
    static func make(project: String, autoPromotedStages: Int) -> [any KubernetesObject] {
        let early = [FactoryLabels.syncWave: "-1"]
        let namespace = Namespace(project, labels: FactoryLabels.labels(.project).merging([KargoAPI.projectLabel: "true"]) { $1 }, annotations: early)
        let kargoProject = Project(project, labels: FactoryLabels.labels(.project), annotations: early)
        let config = ProjectConfig(project: project, labels: FactoryLabels.labels(.project)) {
            if autoPromotedStages > 0 {
                PromotionPolicy(StageSelector(matchLabels: [FactoryLabels.autoPromote: "true"]), autoPromotionEnabled: true)
            }
        }
        return [namespace, kargoProject, config]
    }
}
