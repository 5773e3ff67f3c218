import ImageFactoryYAML
import ImageFactoryManifests

/// The PromotionTask every Kargo-mode environment Stage runs: clone the GitOps repository, set the environment's
/// key to the new tag with `yaml-update`, commit with a message naming image, tag and source, and push.
///
/// Every value that is a whole expression goes through `quote()`: Kargo turns a result that reads as a number into
/// one, so a tag `1.20`, a branch `2026` or a key `0` would reach the step as a number and fail its schema. The key
/// is the exception when it has a `\` (see ``key``). The commit is published as the task's output `commit`, which
/// the Stage's `argocd-update` step syncs the Application to.
enum GitOpsUpdateTask {
    static let name = "gitops-update"
    /// Where the GitOps repository is checked out in the promotion's work folder.
    static let checkout = "./gitops"

    /// The task's inputs; every Stage supplies all of them.
    enum Input: String, CaseIterable {
        /// The GitOps repository's clone URL.
        case gitopsRepo
        case branch
        case file
        case key
        /// The image repository whose tag is deployed.
        case imageRepo
        /// The image's name in images.yaml.
        case image
        case environment
        /// Where the image is built from (a URL), for the commit message.
        case source
    }

    static func vars(image: ImageSpec, environment: EnvironmentSpec) -> [Kargo.Variable] {
        Input.allCases.map { input in
            let value = switch input {
            case .gitopsRepo: environment.repository.url
            case .branch: environment.branch
            case .file: environment.file
            case .key: environment.key
            case .imageRepo: image.repositoryURL
            case .image: image.name
            case .environment: environment.name
            case .source: image.source.map { "\($0.webURL)/\($0.repo)" } ?? "external image \(image.repositoryURL)"
            }
            return Kargo.Variable(input.rawValue, value)
        }
    }

    /// The key as the `yaml-update` step's string. `quote()` keeps a key such as `0` a string, but it escapes a
    /// string as Go's `%q` does and Kargo does not undo that, so the `\.` of `image\.tag` would arrive as `\\.`,
    /// which `yaml-update` refuses. A key with a `\` cannot read as a number, boolean or JSON, so it is passed as it
    /// is; any other key holds only letters, digits, `_`, `-`, `/` and `.` (``FieldRule/yamlKey``), which `%q`
    /// leaves alone.
    static var key: Kargo.Expression {
        let key = Kargo.Freight.variable(Input.key.rawValue)
        return Kargo.Expression(raw: "(\(key.source) contains \(Kargo.Expression.string("\\").source) ? \(key.source) : \(key.quoted.source))")
    }

    static func task(project: String) -> Kargo.PromotionTask {
        func variable(_ input: Input) -> String { Kargo.Freight.variable(input.rawValue).templated }
        func quotedVariable(_ input: Input) -> String { Kargo.Freight.variable(input.rawValue).quoted.templated }
        let imageRepo = Kargo.Freight.variable(Input.imageRepo.rawValue)
        let tag = Kargo.Freight.image(imageRepo).member("Tag")
        let digest = Kargo.Freight.image(imageRepo).member("Digest")
        let message = """
            Deploy \(variable(.image)) \(tag.templated) to \(variable(.environment))

            Image: \(variable(.imageRepo)):\(tag.templated)@\(digest.templated)
            Source: \(variable(.source))
            Revision: \(ImageRevision.of(imageRepo, fallback: "unknown").templated)
            Promotion: ${{ ctx.project }}/${{ ctx.stage }}/${{ ctx.promotion }}
            """
        return Kargo.PromotionTask(
            name, namespace: project, labels: FactoryLabels.labels(.environment), vars: Input.allCases.map { Kargo.PromotionTask.Input($0.rawValue) }
        ) {
            Kargo.PromotionStep(uses: "git-clone", config: [
                "repoURL": .string(variable(.gitopsRepo)),
                "checkout": [["branch": .string(quotedVariable(.branch)), "path": .string(checkout)]],
            ] as YAMLValue)
            Kargo.PromotionStep(uses: "yaml-update", as: "update", config: [
                "path": .string("\(checkout)/\(variable(.file))"),
                "updates": [["key": .string(key.templated), "value": .string(tag.quoted.templated)]],
            ] as YAMLValue)
            Kargo.PromotionStep(uses: "git-commit", as: "commit", config: ["path": .string(checkout), "message": .string(message)] as YAMLValue)
            Kargo.PromotionStep(uses: "git-push", as: "push", config: ["path": .string(checkout), "targetBranch": .string(quotedVariable(.branch))] as YAMLValue)
            Kargo.PromotionStep.composeOutput(as: "result", ["commit": "${{ quote(task.outputs.push.commit) }}"])
        }
    }
}
