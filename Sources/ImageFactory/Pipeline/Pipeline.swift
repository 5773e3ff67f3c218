import Foundation

/// The whole synth, one phase at a time, each handing a typed value to the next:
///
/// 1. **load** reads images.yaml and the files it names (Dockerfiles, env files, template overrides);
/// 2. **resolve** finds every image's bases and renders the templates: a ``FactoryGraph``;
/// 3. **plan** makes the Kargo, Argo Rollouts and GitHub Actions objects: a ``FactoryPlan``;
/// 4. **render** turns the plan into the files of every folder synth writes: ``OutputFolder``s;
/// 5. **write** is ``OutputWriter``'s: all or nothing, and only files synth wrote before.
///
/// Every problem of the input is reported at once, as an ``InvalidInput`` with each problem's file, line and
/// column. A library user who adds objects of their own runs the phases one by one:
///
/// ```swift
/// let pipeline = Pipeline(configPath: "images.yaml", outputFolder: "dist")
/// let graph = try pipeline.resolve()
/// var plan = pipeline.plan(graph)
/// plan.add(myStage, to: "custom/smoke-tests.yaml")
/// let summaries = try OutputWriter.write(pipeline.render(plan))
/// ```
public struct Pipeline: Sendable {
    /// images.yaml, as the user named it (shown in messages; the files' headers name its last component).
    public var configPath: String
    /// Where `source.dockerfile` paths are found; nil: `project.sourceRoot`, relative to the config's folder, or
    /// the config's folder.
    public var sourceRoot: String?
    /// The folder the objects are written into.
    public var outputFolder: String

    public init(configPath: String = "images.yaml", sourceRoot: String? = nil, outputFolder: String = "dist") {
        self.configPath = configPath
        self.sourceRoot = sourceRoot
        self.outputFolder = outputFolder
    }

    /// Phases 1 and 2: the dependency graph of ``configPath``, with the templates rendered and checked. Every problem
    /// is reported at once: Dockerfiles are still read and parsed, and templates checked, when images.yaml has
    /// problems.
    public func resolve() throws(InvalidInput) -> FactoryGraph {
        let (loaded, problems) = try ConfigLoader.loadCollecting(configPath: configPath, sourceRoot: sourceRoot)
        var graph: FactoryGraph?
        var diagnostics = problems
        do throws(InvalidInput) {
            graph = try DependencyResolver.resolve(loaded)
        } catch {
            diagnostics += error.diagnostics
        }
        do throws(InvalidInput) {
            graph?.scripts = try ScriptRenderer.render(overrides: loaded.templates)
        } catch {
            diagnostics += error.diagnostics
        }
        do throws(InvalidInput) {
            graph?.messages = try NotificationMessage.renderAll(overrides: loaded.templates)
        } catch {
            diagnostics += error.diagnostics
        }
        guard diagnostics.isEmpty, let graph else { throw InvalidInput(diagnostics) }
        return graph
    }

    /// Phase 3: every object of the factory; pure.
    public func plan(_ graph: FactoryGraph) -> FactoryPlan {
        FactoryPlanner.plan(graph)
    }

    /// Phases 1 to 3.
    public func plan() throws(InvalidInput) -> FactoryPlan {
        plan(try resolve())
    }

    /// Phase 4: every folder synth writes, with its files, each rendered only when the writer asks for its bytes
    /// (so a writer taking them one at a time holds one file in memory): ``outputFolder``, and, when
    /// `project.workflowsDirectory` is set, that folder (relative to the config's folder) with the GitHub workflows.
    public func render(_ plan: FactoryPlan) -> [OutputFolder] {
        var folders = [OutputFolder(path: outputFolder, files: FileRenderer.pendingFiles(plan))]
        if let directory = plan.workflowsDirectory {
            let configFolder = (configPath as NSString).deletingLastPathComponent
            let path = configFolder.isEmpty ? directory : (configFolder as NSString).appendingPathComponent(directory)
            folders.append(OutputFolder(path: path, files: FileRenderer.pendingWorkflows(plan)))
        }
        return folders
    }

    /// Phases 1 to 4; write the result with ``OutputWriter/write(_:)``.
    public func run() throws(InvalidInput) -> [OutputFolder] {
        render(try plan())
    }

    /// Phases 2 and 3 from input already loaded (the tests build it in memory); pure.
    package static func plan(_ loaded: LoadedFactory) throws(InvalidInput) -> FactoryPlan {
        var graph = try DependencyResolver.resolve(loaded)
        graph.scripts = try ScriptRenderer.render(overrides: loaded.templates)
        graph.messages = try NotificationMessage.renderAll(overrides: loaded.templates)
        return FactoryPlanner.plan(graph)
    }
}
