import ImageFactoryManifests
import ImageFactoryDockerfile

/// The AnalysisTemplate every analysis Stage runs: a Job with `image-factory analyze`, which reads the image's
/// Dockerfile at the commit the new version was built from with the same parser synth uses, for the same
/// platforms, target stage and build args, and fails naming the difference when its base images are no longer the
/// ones synth generated the pipeline for.
package enum DockerfileAnalysisTemplate {
    package static let name = "dockerfile-analysis"
    static let dockerfileURLArgument = "dockerfileURL"
    static let expectedArgument = "expectedBaseImages"
    /// The target platforms, comma-separated; by default the one platform images are built for.
    static let platformsArgument = ArgoRollouts.AnalysisArgument("platforms", value: BuildPlatform.linuxAMD64.description)
    /// The target stage; by default none (the last stage).
    static let targetArgument = ArgoRollouts.AnalysisArgument("target", value: "")
    /// The build args, one `KEY=value` per line; by default none.
    static let buildArgsArgument = ArgoRollouts.AnalysisArgument("buildArgs", value: "")
    /// The environment variable `image-factory analyze` reads a token from (``BaseImageCheck/tokenVariable``).
    static let tokenVariable = BaseImageCheck.tokenVariable
    /// Where GitHub Dockerfiles are read from (``BaseImageCheck/defaultTokenHost``).
    static let gitHubRawHost = BaseImageCheck.defaultTokenHost

    /// The hosts the analysis token may be sent to: GitHub's raw host, and the GitLab hosts of the sources
    /// only when `project.analysis.tokenSecret` names a token of its own (the default is the GitHub token,
    /// which must not reach another forge).
    static func tokenHosts(_ config: FactoryConfig) -> [String] {
        guard !config.project.analyzerToken.optional else { return [gitHubRawHost] }
        let gitlab = config.images.compactMap { $0.source?.provider == .gitlab ? $0.source?.host : nil }
        return [gitHubRawHost] + Set(gitlab).sorted()
    }

    static let containerName = "analyze"
    /// `analyze`'s verdicts (1: the bases differ, 2: the Dockerfile cannot be read or parsed) end the Job at once;
    /// any other failure (75: the download may pass on a second try, an out-of-memory kill, a failed pull) starts
    /// another Pod, up to ``retries`` times with Kubernetes' backoff (10 s, 20 s, 40 s). A Pod evicted or
    /// preempted is not counted. Without this one transient failure left the Freight unverified for good.
    static let definiteExitCodes = [1, 2]
    static let retries = 3

    static func make(project: ProjectSettings, tokenHosts: [String] = [gitHubRawHost]) -> ArgoRollouts.AnalysisTemplate {
        ArgoRollouts.AnalysisTemplate(
            name, namespace: project.name, labels: FactoryLabels.labels(.analysis),
            args: [ArgoRollouts.AnalysisArgument(dockerfileURLArgument), ArgoRollouts.AnalysisArgument(expectedArgument), platformsArgument, targetArgument, buildArgsArgument]
        ) {
            ArgoRollouts.AnalysisMetric(
                name: "base-images", failureLimit: 0, jobLabels: FactoryLabels.labels(.analysis),
                job: Kubernetes.JobSpec(
                    backoffLimit: retries, activeDeadlineSeconds: 600,
                    podFailurePolicy: [.failJob(container: containerName, onExitCodes: definiteExitCodes), .ignoreDisruption],
                    template: Kubernetes.PodTemplateSpec(
                        labels: FactoryLabels.labels(.analysis),
                        spec: Kubernetes.PodSpec(
                            restartPolicy: .never, automountServiceAccountToken: false, runAsNonRoot: true, seccompRuntimeDefault: true,
                            containers: [
                                Kubernetes.Container(
                                    name: containerName, image: project.analyzerImage,
                                    args: [
                                        "analyze", "--dockerfile", ArgoRollouts.AnalysisTemplate.placeholder(dockerfileURLArgument),
                                        "--expect", ArgoRollouts.AnalysisTemplate.placeholder(expectedArgument),
                                        "--platform", ArgoRollouts.AnalysisTemplate.placeholder(platformsArgument.name),
                                        "--target", ArgoRollouts.AnalysisTemplate.placeholder(targetArgument.name),
                                        "--build-args", ArgoRollouts.AnalysisTemplate.placeholder(buildArgsArgument.name),
                                    ] + tokenHosts.flatMap { ["--token-host", $0] },
                                    env: [Kubernetes.EnvVar(name: tokenVariable, secret: project.analyzerToken)],
                                    resources: Kubernetes.ResourceRequirements(requests: ["cpu": "50m", "memory": "32Mi"], limits: ["memory": "128Mi"]),
                                    securityContext: .restricted),
                            ]))))
        }
    }
}
