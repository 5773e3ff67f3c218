import ImageFactorySupport
import ImageFactoryManifests
import ImageFactoryDockerfile

/// The analysis Stage of a managed image: takes each new Freight of the image's Warehouse (a new version), records
/// it, and verifies with ``DockerfileAnalysisTemplate`` that the Dockerfile at the commit the version was built from
/// (its `org.opencontainers.image.revision`, see ``ImageRevision``) still builds on the bases synth generated the
/// pipeline for. Rebuilds of images built on this one wait for that verification.
///
/// An image built by a workflow synth does not write (its own `source.workflow`, or GitLab CI) may not record its
/// commit; its Stage also takes each new commit of its build context from its ``SourceWarehouse`` and, when the
/// image says nothing, reads the Dockerfile at the newest commit (or the branch head before one arrives).
///
/// An image whose bases are listed explicitly (`baseImages:`) is recorded but not verified: synth could not read
/// its Dockerfile, so the Job could not either.
enum AnalysisStage {
    static func name(of image: String) -> String { KubernetesName.make("analyze", image) }

    private static let imageRepo = Kargo.Freight.variable("imageRepo")
    private static let gitRepo = Kargo.Freight.variable("gitRepo")
    private static let branch = Kargo.Freight.variable("gitBranch")
    private static let revision = Kargo.Freight.variable("revision")
    private static let commit = Kargo.Freight.variable("commit")
    /// The Stage vars that work out the commit the Dockerfile is read at, evaluated by Kargo in order for the
    /// promotion and the verification alike: the image's recorded revision when it is a full commit SHA, else
    /// (with a source Warehouse) the newest commit Freight, else the branch head.
    private static func commitVars(followsSources: Bool) -> [Kargo.Variable] {
        let otherwise = followsSources ? Kargo.Expression(raw: "(\(Kargo.Freight.commit(gitRepo).source)?.ID ?? \(branch.source))") : branch
        let isCommit = "len(\(revision.source)) == 40 && !(\(revision.source) matches \(Kargo.Expression.string("[^0-9a-f]").source))"
        return [
            Kargo.Variable("revision", ImageRevision.of(imageRepo, mayLackImage: followsSources).quoted.templated),
            Kargo.Variable("commit", Kargo.Expression(raw: "(\(isCommit) ? \(revision.source) : \(otherwise.source))").quoted.templated),
        ]
    }

    /// The same for every image (it reads the Stage's vars): built once.
    private static let recordStep = Kargo.PromotionStep.composeOutput(as: "record", [
        "image": imageRepo.templated,
        "tag": Kargo.Expression(raw: "\(Kargo.Freight.image(imageRepo).source)?.Tag ?? \"\"").quoted.templated,
        "commit": commit.quoted.templated,
    ])

    /// `gitURL`: the source's ``SourceSpec/gitURL``; `sourceWarehouse`: the name of the image's ``SourceWarehouse``,
    /// nil when its builds record the commit they were built from; `buildArguments`: its build args in order.
    static func make(
        _ image: ResolvedImage, source: SourceSpec, gitURL: String, sourceWarehouse: String?, project: String, defaults: BuildDefaults,
        buildArguments: [BuildArgument]
    ) -> Kargo.Stage {
        let expected = ImageReference.joinedDescriptions(image.expectedBaseImages, separator: ",")
        var verification: Kargo.Verification?
        if image.spec.baseImages == nil {
            var args = [
                Kargo.Variable(DockerfileAnalysisTemplate.dockerfileURLArgument, dockerfileURL(source, commit: commit.templated)),
                Kargo.Variable(DockerfileAnalysisTemplate.expectedArgument, expected.isEmpty ? "scratch" : expected),
            ]
            // What the template's defaults do not say already: the Dockerfile is read as synth read it.
            let build = BuildSettings(image.spec, defaults: defaults)
            let platforms = build.platformNames.joined(separator: ",")
            if platforms != DockerfileAnalysisTemplate.platformsArgument.value {
                args.append(Kargo.Variable(DockerfileAnalysisTemplate.platformsArgument.name, platforms))
            }
            if let target = build.target { args.append(Kargo.Variable(DockerfileAnalysisTemplate.targetArgument.name, target)) }
            if !buildArguments.isEmpty {
                args.append(Kargo.Variable(
                    DockerfileAnalysisTemplate.buildArgsArgument.name, buildArguments.map { "\($0.key)=\($0.value)" }.joined(separator: "\n")))
            }
            verification = Kargo.Verification(
                analysisTemplates: [DockerfileAnalysisTemplate.name],
                runLabels: FactoryLabels.labels(.analysis, image: image.name),
                args: args)
        }
        var vars = [Kargo.Variable("imageRepo", image.spec.repositoryURL)]
        if sourceWarehouse != nil { vars.append(Kargo.Variable("gitRepo", gitURL)) }
        vars.append(Kargo.Variable("gitBranch", source.branch))
        vars += commitVars(followsSources: sourceWarehouse != nil)
        return Kargo.Stage(
            name(of: image.name), namespace: project,
            labels: FactoryLabels.labels(.analysis, image: image.name, autoPromote: true),
            vars: vars,
            verification: verification
        ) {
            Kargo.FreightRequest(warehouse: image.name, sources: .direct)
            if let sourceWarehouse { Kargo.FreightRequest(warehouse: sourceWarehouse, sources: .direct) }
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
