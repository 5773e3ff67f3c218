/// The pipeline in one call: load → discover → plan. Render and write are separate so a caller can add its own
/// objects to the plan first (see ``FactoryPlan/add(_:to:)``).
public enum Synthesizer {
    /// Reads `configPath` (and the Dockerfiles it names under `sourceRoot`) and plans every object.
    public static func plan(configPath: String, sourceRoot: String? = nil) throws(InvalidInput) -> FactoryPlan {
        let loaded = try ConfigLoader.load(configPath: configPath, sourceRoot: sourceRoot)
        return try plan(loaded)
    }

    /// Plans from already loaded input; pure.
    public static func plan(_ loaded: LoadedFactory) throws(InvalidInput) -> FactoryPlan {
        FactoryPlanner.plan(try DependencyResolver.resolve(loaded))
    }
}
