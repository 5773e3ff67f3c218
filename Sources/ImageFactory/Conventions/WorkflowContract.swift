/// What the generated GitHub workflows and the objects that start or check them agree on: the reusable workflow's
/// file name, the inputs a rebuild dispatch sends, the registry the workflow's own token logs in to, and the
/// length of a short commit SHA. Load checks images.yaml against them, Plan writes the workflows and the
/// dispatches with them, so both read them from here.
enum WorkflowContract {
    /// The reusable workflow (`on: workflow_call`) synth writes into each source repository whose builds it generates.
    static let reusableWorkflowFile = "image-builder.yml"
    /// The length of `{{ .ShortSHA }}` and of the commit in the default `v<date>-<sha>` tag (as Kyma's builder).
    static let shortSHALength = 8
    /// The registry the workflow's own token pushes to when `project.registries` has no entry for it.
    static let tokenRegistry = "ghcr.io"

    /// The `workflow_dispatch` inputs a rebuild trigger sends; a workflow it dispatches must declare each of them.
    enum DispatchedInput: String, CaseIterable {
        case versionBump = "version_bump"
        case triggeredBy = "triggered_by"
        case baseImage = "base_image"
    }
}
