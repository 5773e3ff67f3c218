import ImageFactoryManifests

/// The Namespace, Project and ProjectConfig of the factory.
///
/// Auto-promotion is chosen by label (`image-factory.io/auto-promote: "true"`), not by a list of Stage names,
/// so adding an image never needs an edit here; the policy is emitted only when some Stage carries the label,
/// because a policy that selects nothing is a silent no-op.
///
/// Webhook receivers refresh the Warehouses subscribed to what the sender reports; a generic receiver, whose
/// payload Kargo cannot read, refreshes every Warehouse of the factory's own images and environments.
enum ProjectResources {
    static func make(project: String, autoPromotedStages: Int, receivers: [WebhookReceiverSpec] = []) -> [any KubernetesObject] {
        let early: Kubernetes.Labels = [FactoryLabels.syncWave: "-1"]
        var namespaceLabels = FactoryLabels.labels(.project, extraCapacity: 1)
        namespaceLabels[Kargo.API.projectLabel] = "true"
        let namespace = Kubernetes.Namespace(project, labels: namespaceLabels, annotations: early)
        let kargoProject = Kargo.Project(project, labels: FactoryLabels.labels(.project), annotations: early)
        let config = Kargo.ProjectConfig(project: project, labels: FactoryLabels.labels(.project), webhookReceivers: receivers.map(receiver)) {
            if autoPromotedStages > 0 {
                Kargo.PromotionPolicy(Kargo.StageSelector(matchLabels: [FactoryLabels.autoPromote: "true"]), autoPromotionEnabled: true)
            }
        }
        return [namespace, kargoProject, config]
    }

    static func receiver(_ spec: WebhookReceiverSpec) -> Kargo.WebhookReceiver {
        let kind: Kargo.WebhookReceiver.Kind = switch spec.kind {
        case .github: .github
        case .gitlab: .gitlab
        case .quay: .quay
        case .dockerhub: .dockerhub
        case .generic: .generic
        }
        var actions: [Kargo.GenericWebhookAction] = []
        if spec.kind == .generic {
            actions.append(Kargo.GenericWebhookAction(
                whenExpression: spec.whenExpression, matchLabels: [FactoryLabels.managedBy: "image-factory"],
                matchIn: [(FactoryLabels.role, [FactoryLabels.Role.image.rawValue, FactoryLabels.Role.environment.rawValue])]))
        }
        return Kargo.WebhookReceiver(name: spec.name, kind: kind, secretName: spec.secret, actions: actions)
    }
}
