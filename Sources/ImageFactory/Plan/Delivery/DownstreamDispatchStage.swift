import ImageFactoryManifests

/// The Stage that tells another repository about each new version of an image: it takes Freight straight from
/// the image's Warehouse and runs a ``DownstreamDispatchTask``. It is promoted automatically.
enum DownstreamDispatchStage {
    static func name(image: String, dispatch: DownstreamDispatch) -> String {
        let target = dispatch.repo.split(separator: "/").last.map(String.init) ?? dispatch.repo
        return KubernetesName.make("dispatch", image, "to", target)
    }

    static func make(name: String, image: ImageSpec, dispatch: DownstreamDispatch, task: DownstreamDispatchTask, token: Kubernetes.SecretKeyReference, project: String) -> Kargo.Stage {
        Kargo.Stage(name, namespace: project, labels: FactoryLabels.labels(.downstreamDispatch, image: image.name, autoPromote: true)) {
            Kargo.FreightRequest(warehouse: image.name, sources: .direct)
        } steps: {
            Kargo.PromotionStep.task(task.taskName, as: "dispatch", vars: DownstreamDispatchTask.vars(dispatch, image: image, token: token))
        }
    }
}
