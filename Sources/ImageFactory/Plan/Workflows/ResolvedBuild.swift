import ImageFactorySupport

/// Everything the generated workflows need to know about one image's build: its settings with the defaults
/// applied, its tags as docker/metadata-action rules, and the paths whose changes rebuild it.
package struct ResolvedBuild: Sendable, Hashable {
    package var image: String
    package var source: SourceSpec
    /// The build context (``SourceSpec/effectiveContext``), worked out once.
    package var context: String
    /// `os/arch` values, comma-separated as buildx takes them.
    package var platforms: [String]
    package var target: String?
    /// The env file's args, then `build.args` (a key set in both keeps its place and takes the later value).
    package var buildArguments: [BuildArgument]
    /// Extra tag rules, each after a comment line with the tag as written.
    package var tagRules: [TagRule]
    /// Where builds of the source branch and of release tags go: the image's own repository first.
    package var repositories: [String]
    /// Where pull-request, merge-queue and other branches' dispatch builds go; empty: they build without pushing.
    package var devRepositories: [String]
    package var schedule: String?
    package var dispatchEvents: [String]
    package var releaseTagPrefix: String
    package var versionFile: String?
    /// The repository `ARG BASE_IMAGE` names in the Dockerfile, when it has one.
    package var baseImageRepository: String?
    /// Files inside the build context whose changes start no build: the values files environments commit to
    /// (see ``DeploymentFiles``).
    package var ignoredPaths: [String] = []

    /// The caller workflow's file name.
    package var workflowFile: String { source.workflow }

    /// Files whose changes start a branch or pull-request build: the build context, the Dockerfile, the files
    /// the build reads its settings from, and the two workflows, then `!` and each ignored path. Empty when the
    /// context is the whole repository and nothing in it is ignored.
    package var paths: [String] {
        let ignored = ignoredPaths.map { "!" + Self.globEscaped($0) }
        guard context != "." else { return ignored.isEmpty ? [] : ["**"] + ignored }
        // At most five paths: a linear look for repeats beats hashing them.
        var paths: [String] = []
        paths.reserveCapacity(5 + ignored.count)
        func add(_ path: String) {
            let escaped = Self.globEscaped(path)
            if !paths.contains(escaped) { paths.append(escaped) }
        }
        add(context + "/**")
        if !source.dockerfile.hasPrefix(context + "/") { add(source.dockerfile) }
        if let versionFile { add(versionFile) }
        add(".github/workflows/" + workflowFile)
        add(Self.builderWorkflowPath)
        return ignored.isEmpty ? paths : paths + ignored
    }

    private static let builderWorkflowPath = ".github/workflows/" + WorkflowContract.reusableWorkflowFile

    /// `+` is a quantifier in GitHub's filter patterns; a literal one is written `\+`.
    static func globEscaped(_ path: String) -> String {
        // Most paths have no `+`; Foundation's replacing costs more than the rest of the workflow's settings.
        guard path.containsUTF8(UInt8(ascii: "+")) else { return path }
        return path.replacingOccurrences(of: "+", with: "\\+")
    }

    /// The settings of `image`, with `defaults` applied; `imagesInRepository` is how many images the source
    /// repository builds with generated workflows (several share release tags only with a prefix each).
    package static func make(
        _ image: ResolvedImage, source: SourceSpec, defaults: BuildDefaults, buildArguments: [BuildArgument], imagesInRepository: Int
    ) -> ResolvedBuild {
        let spec = image.spec.build
        var tagRules: [TagRule] = []
        for tag in spec.tags {
            // Tags are checked when images.yaml is read; a rule that still fails to translate is left out.
            guard let rule = try? tag.metadataRule() else { continue }
            let comment = tag.name == tag.written ? tag.written : "\(tag.name)=\(tag.written)"
            tagRules.append(TagRule(comment: comment, rule: rule))
        }
        let devRepositories = spec.devRepositories ?? defaults.devRepositoryPrefix.map { [String(concatenating: $0, "/", image.name)] } ?? []
        return ResolvedBuild(
            image: image.name, source: source, context: source.effectiveContext, platforms: spec.platforms ?? defaults.platforms, target: spec.target,
            buildArguments: buildArguments, tagRules: tagRules,
            repositories: [image.spec.repositoryURL] + spec.repositories.filter { $0 != image.spec.repositoryURL },
            devRepositories: devRepositories, schedule: spec.schedule ?? defaults.schedule,
            dispatchEvents: spec.dispatchEvents ?? defaults.dispatchEvents,
            releaseTagPrefix: spec.releaseTagPrefix ?? (imagesInRepository > 1 ? "\(image.name)/v" : "v"),
            versionFile: spec.versionFile, baseImageRepository: image.baseImageArgument?.repositoryURL)
    }
}

/// One docker/metadata-action tag rule, with the tag as images.yaml wrote it.
package struct TagRule: Sendable, Hashable {
    package var comment: String
    package var rule: String

    package init(comment: String, rule: String) {
        self.comment = comment
        self.rule = rule
    }
}
