/// The AnalysisTemplate every analysis Stage runs: a Job with `image-factory analyze`, which reads the image's
/// Dockerfile at the new commit with the same parser synth uses, and fails naming the difference when its base
/// images are no longer the ones synth generated the pipeline for.
enum DockerfileAnalysisTemplate {
    static let name = "dockerfile-analysis"
    static let dockerfileURLArgument = "dockerfileURL"
    static let expectedArgument = "expectedBaseImages"
    /// The environment variable `image-factory analyze` reads a token from, for private repositories.
    static let tokenVariable = "IMAGE_FACTORY_GIT_TOKEN"

    static func make(project: ProjectSettings) -> AnalysisTemplate {
        AnalysisTemplate(
            name, namespace: project.name, labels: FactoryLabels.labels(.analysis),
            args: [AnalysisArgument(dockerfileURLArgument), AnalysisArgument(expectedArgument)]
        ) {
            AnalysisMetric(
                name: "base-images", failureLimit: 0, jobLabels: FactoryLabels.labels(.analysis),
                job: JobSpec(
                    backoffLimit: 0, activeDeadlineSeconds: 300,
                    template: PodTemplateSpec(
                        labels: FactoryLabels.labels(.analysis),
                        spec: PodSpec(
                            restartPolicy: .never, automountServiceAccountToken: false, runAsNonRoot: true, seccompRuntimeDefault: true,
                            containers: [
                                Container(
                                    name: "analyze", image: project.analyzerImage,
                                    args: [
                                        "analyze", "--dockerfile", AnalysisTemplate.placeholder(dockerfileURLArgument),
                                        "--expect", AnalysisTemplate.placeholder(expectedArgument),
                                    ],
                                    env: [EnvVar(name: tokenVariable, secret: project.analyzerToken)],
                                    resources: ResourceRequirements(requests: ["cpu": "50m", "memory": "32Mi"], limits: ["memory": "128Mi"]),
                                    securityContext: .restricted),
                            ]))))
        }
    }
}
