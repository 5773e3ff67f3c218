import ImageFactoryYAML
import ImageFactoryManifests

/// The Stage that deploys an image to one environment in Kargo mode: it runs the ``GitOpsUpdateTask`` and, when
/// the environment names an Argo CD Application, syncs it to the pushed commit with `argocd-update`.
///
/// Freight comes from the environment's own Warehouse, or, for an environment that comes `after` another, only
/// once it was verified in that environment's Stage (prod takes what passed dev).
enum EnvironmentStage {
    static let environmentLabel = "\(FactoryLabels.domain)/environment"

    static func name(image: String, environment: String) -> String { KubernetesName.make(image, environment) }

    static func labels(image: String, environment: String, autoPromote: Bool? = nil) -> Kubernetes.Labels {
        var labels = FactoryLabels.labels(.environment, image: image, autoPromote: autoPromote, extraCapacity: 1)
        labels[environmentLabel] = environment
        return labels
    }

    static func make(
        name: String, image: ImageSpec, environment: EnvironmentSpec, warehouse: String, upstream: String?, project: String
    ) -> Kargo.Stage {
        Kargo.Stage(name, namespace: project, labels: labels(image: image.name, environment: environment.name, autoPromote: environment.autoPromote)) {
            Kargo.FreightRequest(warehouse: warehouse, sources: upstream.map { .upstream($0) } ?? .direct)
        } steps: {
            Kargo.PromotionStep.task(GitOpsUpdateTask.name, as: "gitops", vars: GitOpsUpdateTask.vars(image: image, environment: environment))
            if let app = environment.argocdApp {
                Kargo.PromotionStep(uses: "argocd-update", config: argocdUpdate(app, repository: environment.repository))
            }
        }
    }

    /// Syncs the Application to the commit the task pushed. The Application must carry the annotation
    /// `kargo.akuity.io/authorized-stage: "<project>:<stage>"`.
    static func argocdUpdate(_ app: ArgoCDApplication, repository: GitOpsRepository) -> YAMLValue {
        var entry = YAMLMapping()
        entry.set("name", app.name)
        entry.set("namespace", app.namespace)
        entry.set("sources", [["repoURL": .string(repository.url), "desiredRevision": "${{ quote(outputs.gitops.commit) }}"]] as YAMLValue)
        return ["apps": [.mapping(entry)]]
    }
}
