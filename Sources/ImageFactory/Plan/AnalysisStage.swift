/// The analysis Stage of a managed image: takes each new Freight of the image's Warehouse (a new version) and
/// of its ``SourceWarehouse`` (a new commit of its build context), records them, and verifies with
/// ``DockerfileAnalysisTemplate`` that the Dockerfile at that commit still builds on the bases synth generated
/// the pipeline for. Rebuilds of images built on this one wait for that verification.
///
/// An image whose bases are listed explicitly (`baseImages:`) is recorded but not verified: synth could not read
/// its Dockerfile, so the Job could not either.
enum AnalysisStage {
    static func name(of image: String) -> String { KubernetesName.make("analyze", image) }

    private static let imageRepo = Freight.variable("imageRepo")
    private static let gitRepo = Freight.variable("gitRepo")
    /// Before the first commit Freight arrives, the branch head is what the Dockerfile is read at.
    private static let commit = KargoExpression(raw: "\(Freight.commit(gitRepo).source)?.ID ?? vars.gitBranch")
    private static let templatedCommit = commit.templated
    /// The same for every image (it reads the Stage's vars): built once.
    private static let recordStep = PromotionStep.composeOutput(as: "record", [
        "image": imageRepo.templated,
        "tag": KargoExpression(raw: "\(Freight.image(imageRepo).source)?.Tag ?? \"\"").quoted.templated,
        "commit": KargoExpression(raw: "(\(commit.source))").quoted.templated,
    ])

    /// `gitURL`: the source's ``SourceSpec/gitURL``; `sourceWarehouse`: the name of the image's ``SourceWarehouse``.
    static func make(_ image: ResolvedImage, source: SourceSpec, gitURL: String, sourceWarehouse: String, project: String) -> Stage {
        let expected = ImageReference.joinedDescriptions(image.expectedBaseImages, separator: ",")
        var verification: Verification?
        if image.spec.baseImages == nil {
            verification = Verification(
                analysisTemplates: [DockerfileAnalysisTemplate.name],
                runLabels: FactoryLabels.labels(.analysis, image: image.name),
                args: [
                    KargoVariable(DockerfileAnalysisTemplate.dockerfileURLArgument, dockerfileURL(source, commit: templatedCommit)),
                    KargoVariable(DockerfileAnalysisTemplate.expectedArgument, expected.isEmpty ? "scratch" : expected),
                ])
        }
        return Stage(
            name(of: image.name), namespace: project,
            labels: FactoryLabels.labels(.analysis, image: image.name, autoPromote: true),
            vars: [
                KargoVariable("imageRepo", image.spec.repositoryURL), KargoVariable("gitRepo", gitURL),
                KargoVariable("gitBranch", source.branch),
            ],
            verification: verification
        ) {
            FreightRequest(warehouse: image.name, sources: .direct)
            FreightRequest(warehouse: sourceWarehouse, sources: .direct)
        } steps: {
            recordStep
        }
    }

    /// Where the analysis Job downloads the Dockerfile at `commit`: GitHub's raw host, or GitLab's repository
    /// files API (which takes the analysis token as a bearer token, as GitHub does).
    static func dockerfileURL(_ source: SourceSpec, commit: String) -> String {
        switch source.provider {
        case .github:
            return String(concatenating: "https://raw.githubusercontent.com/", source.repo, "/", commit, "/", source.dockerfile)
        case .gitlab:
            let path = source.dockerfile.replacingOccurrences(of: "@", with: "%40").replacingOccurrences(of: "+", with: "%2B")
                .replacingOccurrences(of: "/", with: "%2F")
            return "\(source.webURL)/api/v4/projects/\(GitLabPipelineTask.encodedProject(source.repo))/repository/files/\(path)/raw?ref=\(commit)"
        }
    }
}
