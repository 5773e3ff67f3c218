import ImageFactorySupport

/// Works out what a parsed Dockerfile builds from for one target platform, in the order BuildKit v0.32.2's
/// `toDispatchState` (`frontend/dockerfile/dockerfile2llb/convert.go`) does, so the same error comes first:
///
/// 1. the automatic platform ARGs (`defaultArgs`; a build arg of the same name replaces one), then the global
///    ARGs in order (`buildMetaArgs`): a build arg replaces a declared ARG's value, `ARG NAME` keeps the value
///    the name has (an automatic ARG's too), `ARG NAME=value` replaces it;
/// 2. every `FROM`, needed or not (`buildDispatchStates`): its name expanded and not empty, its `--platform`
///    expanded and valid; a name that is exactly an earlier stage's name is that stage;
/// 3. the target: the stage named so (case-insensitively), else the last one;
/// 4. the links between stages (``StageGraph``), built once;
/// 5. every image name, needed or not (`resolveReachableStages` parses them all);
/// 6. the stages the target needs, following `FROM`s and links, and the `ONBUILD` instructions of a base
///    stage, which run in every needed stage built `FROM` it (`resolveStages`);
/// 7. the needed stages in file order (`dispatchStages`): a link to a stage defined later fails there.
///
/// The images the needed stages name are the images the build pulls.
struct DockerfileEvaluator<C: DockerfileCharacter> {
    let parsed: ParsedDockerfile<C>
    let buildArgs: [String: String]
    /// The build target as given; nil for the last stage.
    let target: String?

    struct Evaluation {
        var stages: [Dockerfile.Stage]
        var baseImages: [ImageReference]
        var notes: [DockerfileNote]
        var baseImageArgument: ImageReference?
        /// Whether a `FROM` or a global ARG it uses depends on the target platform; when not, every platform
        /// builds from the same images.
        var dependsOnPlatform: Bool
    }

    /// A stage's `FROM` after expansion.
    private struct ExpandedStage {
        enum Base {
            case stage(Int)
            case named(String, ImageResolution)
        }

        var base: Base
        var platform: String?
        /// The first variable the name used that had no value, for messages.
        var unsetVariable: String?
    }

    func evaluate(for platform: BuildPlatform) throws(DockerfileError) -> Evaluation {
        var budget = 16 * DockerfileParser.maximumSize
        var platformDependent: Set<String> = []
        // Without ARGs and variables in FROMs no value is looked up: the automatic ARGs are not even made.
        let environment = parsed.usesVariables ? try globalArguments(for: platform, budget: &budget, platformDependent: &platformDependent) : [:]

        // 2. Every FROM, in order.
        var stages: [ExpandedStage] = []
        stages.reserveCapacity(parsed.stages.count)
        // A Dockerfile has a stage or two: an earlier one is looked for in a short list, and only past a few is
        // the name hashed (thousands of stages in hostile input stay linear).
        var earlierStages: [String: Int] = [:]
        var dependsOnPlatform = false
        for (index, stage) in parsed.stages.enumerated() {
            let (name, unset) = try expand(stage.image, in: environment, budget: &budget, dependsOnPlatform: &dependsOnPlatform, platformDependent: platformDependent) {
                "FROM \(stage.image.display): \($0)"
            }
            guard !name.isEmpty else {
                let reason = unset.map { unsetExplanation($0) } ?? "base image name is empty after ARG expansion"
                throw stage.image.position.error("FROM \(stage.image.display): \(reason)")
            }
            var platformValue: String?
            if let word = stage.platform {
                let (value, unsetInPlatform) = try expand(word, in: environment, budget: &budget, dependsOnPlatform: &dependsOnPlatform, platformDependent: platformDependent) {
                    "FROM --platform=\(word.display): \($0)"
                }
                guard !value.isEmpty else {
                    let reason = unsetInPlatform.map { unsetExplanation($0) } ?? "the platform is empty after ARG expansion"
                    throw word.position.error("FROM --platform=\(word.display): \(reason)")
                }
                if let problem = BuildPlatform.problem(with: value) {
                    throw word.position.error("FROM --platform=\(word.display): invalid platform \(problem)")
                }
                platformValue = value
            }
            let earlier = index <= Self.linearSearchLimit ? parsed.stageNames.names[..<index].lastIndex { $0 == name } : earlierStages[name]
            // A name's resolution is worked out in step 5, after every FROM was expanded (`.scratch` until then).
            let base: ExpandedStage.Base = earlier.map { .stage($0) } ?? .named(name, .scratch)
            stages.append(ExpandedStage(base: base, platform: platformValue, unsetVariable: unset))
            if index == Self.linearSearchLimit {
                for (earlierIndex, earlierName) in parsed.stageNames.names[...index].enumerated() {
                    if let earlierName { earlierStages[earlierName] = earlierIndex }
                }
            } else if index > Self.linearSearchLimit, let stageName = stage.name {
                earlierStages[stageName] = index
            }
        }

        // 3. The target.
        let targetIndex: Int
        if let target {
            guard let index = parsed.stageNames.last(named: target.lowercased()) else {
                let names = parsed.stages.compactMap(\.name)
                throw DockerfileError(
                    line: 1, column: 1,
                    message: "target stage \"\(abbreviated(target))\" could not be found: \(names.isEmpty ? "no stage has a name (FROM … AS <name>)" : "the stages are named " + names.joined(separator: ", "))")
            }
            targetIndex = index
        } else {
            targetIndex = parsed.stages.count - 1
        }

        // 4. The links.
        if let error = parsed.graph.error { throw error }

        // 5. Every image name.
        for index in stages.indices {
            guard case .named(let name, _) = stages[index].base else { continue }
            let resolution = ImageResolution(name)
            if case .invalid(let error) = resolution {
                let stage = parsed.stages[index]
                let reason = stages[index].unsetVariable.map { unsetExplanation($0) } ?? "invalid image reference \"\(abbreviated(error.reference))\": \(error.reason)"
                throw stage.image.position.error("FROM \(stage.image.display): \(reason)")
            }
            stages[index].base = .named(name, resolution)
        }
        for source in parsed.graph.implicit {
            if case .invalid(let error) = source.resolution { throw Self.invalidSource(source.link, error) }
        }

        // 6. The stages the target needs, with the ONBUILD instructions of their base stages.
        var graph = parsed.graph
        // Only a Dockerfile with ONBUILDs has any; then one list per stage.
        var triggered: [[StageGraph.Dependency]] = parsed.hasTriggers ? Array(repeating: [], count: stages.count) : []
        var triggersRun = [Bool](repeating: false, count: parsed.hasTriggers ? stages.count : 0)
        var needed = Self.neededStages(from: targetIndex, stages: stages, graph: graph, triggered: triggered)
        while parsed.hasTriggers {
            var added = false
            for index in stages.indices where needed[index] && !triggersRun[index] {
                guard case .stage(let base) = stages[index].base, !parsed.stages[base].triggers.isEmpty else { continue }
                triggersRun[index] = true
                for trigger in parsed.stages[base].triggers {
                    for link in try DockerfileInstructions<C>.onbuildLinks(trigger) {
                        do throws(DockerfileError) {
                            let node = try graph.resolve(link)
                            if case .implicit(let implicit) = node, case .invalid(let error) = graph.implicit[implicit].resolution {
                                throw Self.invalidSource(link, error)
                            }
                            triggered[index].append(StageGraph.Dependency(node: node, link: link))
                        } catch {
                            let instruction = link.kind == .copy ? "COPY" : "RUN"
                            throw trigger.position.error("ONBUILD \(instruction): \(error.message) (run by a stage built FROM this one)")
                        }
                        added = true
                    }
                }
            }
            guard added else { break }
            needed = Self.neededStages(from: targetIndex, stages: stages, graph: graph, triggered: triggered)
        }

        // 7. The needed stages in file order: a mount's options are read, and a stage can only read one that was
        // built before it.
        for index in stages.indices where needed[index] {
            for dependency in Self.dependencies(of: index, graph: graph, triggered: triggered) {
                let link = dependency.link
                if let problem = link.buildProblem { throw link.position.error(problem) }
                guard case .stage(let source) = dependency.node, source > index else { continue }
                let current = StageGraph.stageName(index, names: parsed.stages.map(\.name))
                switch link.kind {
                case .copy:
                    throw link.position.error(
                        "\(link.written): cannot copy from stage \"\(abbreviated(link.name))\", it needs to be defined before current stage \"\(current)\"")
                case .mount(_, _, checksOrder: false):
                    continue
                case .mount(let target, _, checksOrder: true):
                    throw link.position.error(
                        "\(link.written): cannot mount from stage \"\(abbreviated(link.name))\" to \"\(abbreviated(target))\", stage needs to be defined before current command")
                }
            }
        }

        // What the build reads of them: not a stage only a tmpfs mount (say) names, whose state BuildKit builds
        // but does not use. The images of those stages are what the build pulls, in file order.
        let pulled = parsed.readsEveryLink ? needed : Self.neededStages(from: targetIndex, stages: stages, graph: graph, triggered: triggered, followingAll: false)
        var images = UniqueElements<ImageReference>()
        var notes: [DockerfileNote] = []
        var result: [Dockerfile.Stage] = []
        result.reserveCapacity(stages.count)
        for index in stages.indices {
            let isNeeded = pulled[index]
            let base: Dockerfile.Stage.Base
            switch stages[index].base {
            case .stage(let stage):
                base = .stage(stage)
            case .named(let name, let resolution):
                base = try imageBase(resolution, isNeeded: isNeeded) { error in
                    parsed.stages[index].image.position.error(
                        "FROM \(parsed.stages[index].image.display): invalid image reference \"\(abbreviated(error.reference))\": \(error.reason)")
                }
                if isNeeded, case .image(let reference) = base {
                    images.insert(reference)
                    if let note = forwardReferenceNote(stage: index, name: name, reference: reference) { notes.append(note) }
                }
            }
            var sources: [Dockerfile.Stage.Base] = []
            for dependency in Self.dependencies(of: index, graph: graph, triggered: triggered) {
                switch dependency.node {
                case .stage(let stage):
                    sources.append(.stage(stage))
                case .implicit(let implicit):
                    let isRead = isNeeded && dependency.link.usesSource
                    let source = try imageBase(graph.implicit[implicit].resolution, isNeeded: isRead) { error in
                        Self.invalidSource(dependency.link, error)
                    }
                    sources.append(source)
                    if isRead, case .image(let reference) = source {
                        images.insert(reference)
                        if let note = notStageNote(dependency.link, reference: reference) { notes.append(note) }
                    }
                }
            }
            result.append(Dockerfile.Stage(
                base: base, name: parsed.stages[index].name, platform: stages[index].platform, line: parsed.stages[index].line,
                sources: sources, isNeeded: isNeeded))
        }

        var baseImageArgument: ImageReference?
        if parsed.declaredGlobalArgs.contains(Dockerfile.baseImageArgumentName), let value = environment[Dockerfile.baseImageArgumentName] {
            baseImageArgument = try? ImageReference.parse(value)
        }
        return Evaluation(
            stages: result, baseImages: images.elements, notes: notes, baseImageArgument: baseImageArgument, dependsOnPlatform: dependsOnPlatform)
    }

    /// Step 1: the automatic platform ARGs, then the global ARGs in order. `platformDependent` gets the names
    /// whose values depend on the target platform.
    private func globalArguments(
        for platform: BuildPlatform, budget: inout Int, platformDependent: inout Set<String>
    ) throws(DockerfileError) -> [String: String] {
        let targetStage = target ?? parsed.stages.last?.name ?? ""
        let automatic = platform.automaticArguments(buildPlatform: .linuxAMD64, targetStage: targetStage.isEmpty ? "default" : targetStage)
        var environment: [String: String] = Dictionary(minimumCapacity: automatic.count + parsed.globalArgs.count)
        for (name, value) in automatic {
            if let override = buildArgs[name] {
                environment[name] = override
            } else {
                environment[name] = value
                if BuildPlatform.targetPlatformArguments.contains(name) { platformDependent.insert(name) }
            }
        }
        for argument in parsed.globalArgs {
            if let override = buildArgs[argument.name] {
                environment[argument.name] = override
                platformDependent.remove(argument.name)
                continue
            }
            guard let word = argument.value else { continue }
            var usesPlatform = false
            let (value, _) = try expand(word, in: environment, budget: &budget, dependsOnPlatform: &usesPlatform, platformDependent: platformDependent) {
                "ARG \(abbreviated(argument.written)): \($0)"
            }
            if usesPlatform { platformDependent.insert(argument.name) } else { platformDependent.remove(argument.name) }
            environment[argument.name] = value
        }
        return environment
    }

    /// `word` expanded with `environment`, and the first variable it used that had no value; `message` words a
    /// failure. Sets `dependsOnPlatform` when the word used a name of `platformDependent`.
    private func expand(
        _ word: ParsedDockerfile<C>.Word, in environment: [String: String], budget: inout Int, dependsOnPlatform: inout Bool,
        platformDependent: Set<String>, message: (String) -> String
    ) throws(DockerfileError) -> (String, unset: String?) {
        var expander = WordExpander(word.characters[...], escape: parsed.escape, environment: environment, budget: budget)
        let value: String
        do throws(ShellWordError) {
            value = try expander.expand()
        } catch {
            throw word.position.error(message(error.message))
        }
        budget = expander.remainingBudget
        if !platformDependent.isEmpty, !expander.referencedVariables.isDisjoint(with: platformDependent) { dependsOnPlatform = true }
        return (value, expander.firstUnsetVariable)
    }

    /// What a name that is no stage means: an image, or scratch. A name Kargo cannot watch is an error only when
    /// the build needs it (`error` words it).
    private func imageBase(
        _ resolution: ImageResolution, isNeeded: Bool, error: (ImageReferenceError) -> DockerfileError
    ) throws(DockerfileError) -> Dockerfile.Stage.Base {
        switch resolution {
        case .scratch: return .scratch
        case .image(let reference): return .image(reference)
        case .invalid(let problem): throw error(problem)
        case .unwatchable(let reference, let problem):
            if isNeeded { throw error(problem) }
            return .image(reference)
        }
    }

    private static func invalidSource(_ link: StageLink, _ error: ImageReferenceError) -> DockerfileError {
        link.position.error("\(link.written): invalid image reference \"\(abbreviated(error.reference))\": \(error.reason)")
    }

    /// Where a stage with more stages before it than this looks its base up in a table instead of a list.
    private static var linearSearchLimit: Int { 16 }

    /// A stage's links: those its base stage's ONBUILDs gave it, then its own (one after the other, not joined
    /// into a new array).
    private static func dependencies(of stage: Int, graph: StageGraph, triggered: [[StageGraph.Dependency]]) -> Links {
        Links(first: (triggered.isEmpty ? [] : triggered[stage]).makeIterator(), second: graph.dependencies(of: stage).makeIterator())
    }

    private struct Links: Sequence, IteratorProtocol {
        var first: IndexingIterator<[StageGraph.Dependency]>
        var second: IndexingIterator<[StageGraph.Dependency]>

        mutating func next() -> StageGraph.Dependency? { first.next() ?? second.next() }
    }

    /// The stages building `target` needs: its `FROM` stage, the stages its links name, and theirs, on and on
    /// (`allReachableStages`); with `followingAll: false`, only through links whose source the build reads.
    private static func neededStages(
        from target: Int, stages: [ExpandedStage], graph: StageGraph, triggered: [[StageGraph.Dependency]], followingAll: Bool = true
    ) -> [Bool] {
        var needed = [Bool](repeating: false, count: stages.count)
        var pending = [target]
        needed[target] = true
        func visit(_ stage: Int) {
            if !needed[stage] {
                needed[stage] = true
                pending.append(stage)
            }
        }
        while let stage = pending.popLast() {
            if case .stage(let base) = stages[stage].base { visit(base) }
            for dependency in dependencies(of: stage, graph: graph, triggered: triggered) where followingAll || dependency.link.usesSource {
                if case .stage(let source) = dependency.node { visit(source) }
            }
        }
        return needed
    }

    private func unsetExplanation(_ name: String) -> String {
        let variable = abbreviated(name)
        if parsed.declaredGlobalArgs.contains(name) {
            return "ARG \(variable) has no default value and no build arg was given"
        }
        if parsed.stageArgs.contains(name) {
            return "ARG \(variable) is declared after the first FROM, so FROM instructions cannot use it"
        }
        return "ARG \(variable) is not declared before the first FROM"
    }

    /// `COPY --from=set`, where `set` is no stage: BuildKit pulls `docker.io/library/set:latest` without a word,
    /// which is what a misspelt stage name does.
    private func notStageNote(_ link: StageLink, reference: ImageReference) -> DockerfileNote? {
        guard !link.name.contains(where: { $0 == "/" || $0 == ":" || $0 == "@" }) else { return nil }
        let names = parsed.stages.compactMap(\.name)
        let stages = names.isEmpty ? "the Dockerfile names no stage" : "its stages are " + names.map { abbreviated($0) }.joined(separator: ", ")
        return DockerfileNote(
            line: link.position.line, column: link.position.column,
            message: "\(link.written): no stage is named \"\(abbreviated(link.name))\" (\(stages)), so BuildKit pulls the image \(reference) and synth watches it; if a stage was meant, correct the name")
    }

    /// `FROM later` before `FROM … AS later`: a `FROM` only sees earlier stages, so BuildKit pulls an image.
    private func forwardReferenceNote(stage: Int, name: String, reference: ImageReference) -> DockerfileNote? {
        guard let later = parsed.stages[(stage + 1)...].firstIndex(where: { $0.name == name }) else { return nil }
        let word = parsed.stages[stage].image
        return DockerfileNote(
            line: word.position.line, column: word.position.column,
            message: "FROM \(word.display): the stage \"\(abbreviated(name))\" is defined later (line \(parsed.stages[later].line)) and a FROM only sees earlier stages, so BuildKit pulls the image \(reference) and synth watches it; move the stage up if it was meant")
    }
}
