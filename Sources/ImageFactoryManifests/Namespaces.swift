// The DSL's types, each in the namespace of the system it describes: `Kargo.Stage`, `Kubernetes.Container`,
// `GitHubActions.Job`, `ArgoRollouts.AnalysisTemplate`. A type keeps the name of the kind it writes, and common names
// (Stage, Job, Step, Project, Workflow, Container) stay apart from a user's own. `KubernetesObject` and `ListBuilder`,
// which every namespace uses, are top-level.

/// Kargo's kinds (`kargo.akuity.io/v1alpha1`), the values inside them, and the expressions Kargo evaluates.
public enum Kargo {}

/// Kubernetes' own kinds and values: metadata, labels, Namespaces, Jobs, Pods and containers.
public enum Kubernetes {}

/// GitHub Actions workflows: triggers, jobs, steps, permissions and the actions they use.
public enum GitHubActions {}

/// Argo Rollouts' AnalysisTemplate, which Kargo runs to verify Freight.
public enum ArgoRollouts {}
