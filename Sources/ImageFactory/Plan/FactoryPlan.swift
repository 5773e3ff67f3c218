import ImageFactoryManifests

/// The plan phase's output: the objects to generate, grouped into the files a reviewer reads.
public struct FactoryPlan: Sendable {
    /// Objects destined for one output file.
    package struct Group: Sendable {
        /// The file's path inside the output folder, e.g. `images/backstage.yaml`.
        package var path: String
        package var objects: [any KubernetesObject]

        package init(path: String, objects: [any KubernetesObject]) {
            self.path = path
            self.objects = objects
        }
    }

    /// The file headers name this config.
    package var configFile: String
    package private(set) var groups: [Group] = []
    /// Things worth telling the user that do not stop synth (printed as `note:`).
    package var notes: [Diagnostic] = []
    /// GitHub workflows, by path relative to ``workflowsDirectory`` (or to the output folder when it is nil).
    package var workflows: [WorkflowFile] = []
    /// Where the workflows go, relative to the config's folder; nil: inside the output folder.
    package var workflowsDirectory: String?
    /// Workflows for other repositories (a GitOps repository's receiving workflow): always in the output folder,
    /// by path relative to it.
    package var outputWorkflows: [WorkflowFile] = []
    private var groupIndex: [String: Int] = [:]
    /// What ``FactoryDiagram/init(plan:)`` draws, collected by ``FactoryPlanner`` as it made the objects, so they
    /// need not be read again. Dropped when an object with a role label is added later: the picture is then read
    /// from the objects.
    var plannedDiagram: FactoryDiagram.Builder?

    package init(configFile: String) { self.configFile = configFile }

    /// Adds an object to the group (file) at `path`, creating the group when needed.
    public mutating func add(_ object: any KubernetesObject, to path: String) {
        add([object], to: path)
    }

    /// Adds objects to the group (file) at `path`, creating the group when needed.
    public mutating func add(_ objects: [any KubernetesObject], to path: String) {
        if plannedDiagram != nil, objects.contains(where: { $0.metadata.labels[FactoryLabels.role] != nil }) { plannedDiagram = nil }
        if let index = groupIndex[path] {
            groups[index].objects.append(contentsOf: objects)
        } else {
            groupIndex[path] = groups.count
            groups.append(Group(path: path, objects: objects))
        }
    }

    /// Every object, in file order.
    public var objects: [any KubernetesObject] { groups.flatMap(\.objects) }

    /// How many objects of each kind the plan holds; counted group by group, without gathering every object
    /// into one more array, and kind by kind in a short list (a plan has a handful of kinds) rather than hashing
    /// each object's kind.
    package var objectCountsByKind: [String: Int] {
        var kinds: [(kind: String, count: Int)] = []
        for group in groups {
            for object in group.objects {
                let kind = object.kind
                if let index = kinds.firstIndex(where: { $0.kind == kind }) {
                    kinds[index].count += 1
                } else {
                    kinds.append((kind, 1))
                }
            }
        }
        return Dictionary(kinds, uniquingKeysWith: +)
    }
}

/// A workflow and the path it is written to.
package struct WorkflowFile: Sendable, Hashable {
    package var path: String
    package var workflow: GitHubActions.Workflow

    package init(path: String, workflow: GitHubActions.Workflow) {
        self.path = path
        self.workflow = workflow
    }
}
