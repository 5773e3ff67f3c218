/// The analysis Stage of a managed image: takes each new Freight of the image's Warehouse (a new version or a
/// new commit of its build context), records it, and verifies with ``DockerfileAnalysisTemplate`` that the
/// Dockerfile at that commit still builds on the bases synth generated the pipeline for.
enum AnalysisStage {
    static func name(of image: String) -> String { KubernetesName.make("analyze", image) }

    static func make(_ image: ResolvedImage, source: SourceSpec, project: String) -> Stage {
        let imageRepo = Freight.variable("imageRepo")
        let gitRepo = Freight.variable("gitRepo")
        let commit = Freight.commit(gitRepo).member("ID")
        let expected = image.expectedBaseImages.map(\.description).joined(separator: ",")
        return Stage(
            name(of: image.name), namespace: project,
            labels: FactoryLabels.labels(.analysis, image: image.name, autoPromote: true),
            vars: [KargoVariable("imageRepo", image.spec.repositoryURL), KargoVariable("gitRepo", source.gitURL)],
            verification: Verification(
                analysisTemplates: [DockerfileAnalysisTemplate.name],
                runLabels: FactoryLabels.labels(.analysis, image: image.name),
                args: [
                    KargoVariable(
                        DockerfileAnalysisTemplate.dockerfileURLArgument,
                        "https://raw.githubusercontent.com/\(source.repo)/\(commit.templated)/\(source.dockerfile)"),
                    KargoVariable(DockerfileAnalysisTemplate.expectedArgument, expected.isEmpty ? "scratch" : expected),
                ])
        ) {
            FreightRequest(warehouse: image.name, sources: .direct)
        } steps: {
            PromotionStep.composeOutput(as: "record", [
                "image": imageRepo.templated,
                "tag": Freight.image(imageRepo).member("Tag").quoted.templated,
                "commit": commit.quoted.templated,
            ])
        }
    }
}
