/// The pipeline in one call: load → discover → plan. Render and write are separate so a caller can add its own
/// objects to the plan first (see ``FactoryPlan/add(_:to:)``).
public enum Synthesizer {
    /// Reads `configPath` (and the Dockerfiles it names under `sourceRoot`) and plans every object.
    /// Every problem is reported at once: Dockerfiles are still read and parsed when images.yaml has problems.
    public static func plan(configPath: String, sourceRoot: String? = nil) throws(InvalidInput) -> FactoryPlan {
        FactoryPlanner.plan(try resolve(configPath: configPath, sourceRoot: sourceRoot))
    }

    /// Load and discovery: the dependency graph of `configPath`, with every problem reported at once.
    public static func resolve(configPath: String, sourceRoot: String? = nil) throws(InvalidInput) -> FactoryGraph {
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

    /// Plans from already loaded input; pure.
    public static func plan(_ loaded: LoadedFactory) throws(InvalidInput) -> FactoryPlan {
        var graph = try DependencyResolver.resolve(loaded)
        graph.scripts = try ScriptRenderer.render(overrides: loaded.templates)
        graph.messages = try NotificationMessage.renderAll(overrides: loaded.templates)
        return FactoryPlanner.plan(graph)
    }
}
