import Foundation
import ImageFactorySupport
import ImageFactoryDockerfile

/// Phase 2, resolve: reads each Dockerfile's base images and links every image to what it is built on.
///
/// A base that is another image of images.yaml (same registry and repository) links to that image: any new
/// version of it triggers a rebuild, through chains of any depth; a cycle is an error that names it. A base
/// that matches an external image's tag (or its `allowTags`) links to that entry. Anything else is an
/// upstream base: one Warehouse per repository and tag, watching the tag's digest.
package enum DependencyResolver {
    package static func resolve(_ loaded: LoadedFactory) throws(InvalidInput) -> FactoryGraph {
        let config = loaded.config
        var diagnostics = DiagnosticCollector()
        // Indices, not copies: an `ImageSpec` is large, and looking one up for every base copied all of it.
        // By registry and repository, the parts of a repository URL (no URL is written out for the lookups).
        var byRepository: [Repository: Int] = Dictionary(minimumCapacity: config.images.count)
        for index in config.images.indices { byRepository[Repository(config.images[index].registry, config.images[index].repository)] = index }
        let declaredBases = Dictionary(config.baseImages.map { (watchReference($0.reference), $0) }, uniquingKeysWith: { first, _ in first })

        var state = Resolution()
        // One entry per image: no spare capacity held while the plan is built from it (10 MB at 10,000 images).
        state.resolved.reserveCapacity(config.images.count)
        for index in config.images.indices {
            // The element is passed, not bound to a local: a local would copy it.
            if let entry = resolveBases(of: config.images[index], loaded: loaded, byRepository: byRepository, into: &state, diagnostics: &diagnostics) {
                state.resolved.append(entry)
            }
        }
        // Taken out of `state`, not copied: changing a copy of the array would copy every image in it.
        var resolved = state.resolved
        state.resolved = []
        var upstreamDependents = state.upstreamDependents
        state.upstreamDependents = [:]

        for declared in config.baseImages where upstreamDependents[watchReference(declared.reference)] == nil {
            upstreamDependents[watchReference(declared.reference)] = []
        }
        var reserved = Set<String>(minimumCapacity: 2 * config.images.count)
        for index in config.images.indices { reserved.insert(config.images[index].name) }
        for index in config.images.indices where config.images[index].source != nil && !config.images[index].build.generate {
            let name = config.images[index].name
            let source = ObjectNames.sourceWarehouse(of: name)
            if !reserved.insert(source).inserted {
                diagnostics.error("image name '\(source)' is already the name of image '\(name)''s source Warehouse; rename one of them", at: config.images[index].location)
            }
        }
        let warehouseNames = allocateWarehouseNames(
            Array(upstreamDependents.keys), declared: declaredBases, reserved: reserved, diagnostics: &diagnostics)
        for pending in state.pendingUpstream {
            guard let warehouse = warehouseNames[pending.watched] else { continue }
            resolved[pending.image].bases.append(BaseDependency(reference: pending.reference, origin: .upstream(warehouse: warehouse)))
        }
        for index in resolved.indices { resolved[index].bases = oneTriggerPerWarehouse(resolved[index].bases) }
        let upstream = upstreamDependents.compactMap { watched, dependents -> UpstreamBase? in
            guard let name = warehouseNames[watched] else { return nil }
            let declared = declaredBases[watched]
            return UpstreamBase(
                reference: watched, warehouseName: name, interval: declared?.interval ?? config.defaults.baseImageInterval,
                platform: declared?.platform, dependents: dependents.sorted())
        }.sorted { $0.warehouseName < $1.warehouseName }

        reportCycles(resolved, diagnostics: &diagnostics)
        try diagnostics.throwIfAny()
        var graph = FactoryGraph(config: config, images: resolved, upstreamBases: upstream, buildArguments: state.buildArguments)
        graph.notes = state.notes
        return graph
    }

    /// An image repository: `registry/repository` (registries have no `/`, so the pair is the URL).
    private struct Repository: Hashable {
        var registry: String
        var repository: String

        init(_ registry: String, _ repository: String) {
            self.registry = registry
            self.repository = repository
        }
    }

    /// What ``resolve(_:)`` gathers image by image.
    private struct Resolution {
        var resolved: [ResolvedImage] = []
        /// By watched reference (``watchReference(_:)``): the images built on the upstream base.
        var upstreamDependents: [ImageReference: Set<String>] = [:]
        /// Upstream bases waiting for their Warehouse name: the index in `resolved`, the reference and what is watched.
        var pendingUpstream: [(image: Int, reference: ImageReference, watched: ImageReference)] = []
        var buildArguments: [String: [BuildArgument]] = [:]
        /// What the Dockerfiles do that BuildKit accepts but that is probably a mistake.
        var notes: [Diagnostic] = []
    }

    /// Reads the bases of one image (its Dockerfile's, or its explicit `baseImages`) and links each to what
    /// announces its new versions; the image's entry goes next in `state.resolved`. An image whose Dockerfile
    /// cannot be read is reported and left out (nil).
    private static func resolveBases(
        of image: ImageSpec, loaded: LoadedFactory, byRepository: [Repository: Int], into state: inout Resolution,
        diagnostics: inout DiagnosticCollector
    ) -> ResolvedImage? {
        var entry = ResolvedImage(spec: image)
        guard image.source != nil else { return entry }
        let arguments = loaded.orderedBuildArguments(of: image)
        if !arguments.isEmpty { state.buildArguments[image.name] = arguments }
        let references: [ImageReference]
        if let explicit = image.baseImages {
            references = explicit
        } else if let dockerfile = loaded.dockerfiles[image.name] {
            do throws(DockerfileError) {
                let buildArgs = arguments.isEmpty ? [:] : Dictionary(arguments.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
                let build = BuildSettings(image, defaults: loaded.config.defaults.build)
                let parsed = try DockerfileParser.parse(dockerfile.text, buildArgs: buildArgs, platforms: build.platforms, target: build.target)
                references = parsed.baseImages
                entry.baseImageArgument = parsed.baseImageArgument
                if parsed.basesDifferByPlatform {
                    entry.basesByPlatform = parsed.builds.map { PlatformBases(platform: $0.platform, baseImages: $0.baseImages) }
                }
                for note in parsed.notes {
                    state.notes.append(Diagnostic(
                        "image '\(image.name)': \(note.message)",
                        at: InputLocation(file: dockerfile.path, line: note.line, column: note.column), severity: .note))
                }
            } catch {
                diagnostics.error(error.message, at: InputLocation(file: dockerfile.path, line: error.line, column: error.column))
                return nil
            }
        } else {
            references = []
        }
        entry.expectedBaseImages = references
        var bases = UniqueElements<BaseDependency>()
        for reference in references {
            // `loaded.config.images[base]`, not a local `config`: binding the config copied all of it per image.
            if let base = byRepository[Repository(reference.registry, reference.repository)] {
                if loaded.config.images[base].isManaged {
                    bases.insert(BaseDependency(reference: reference, origin: .managed(image: loaded.config.images[base].name)))
                    continue
                }
                if externalWatches(loaded.config.images[base], tag: reference.tag) {
                    bases.insert(BaseDependency(reference: reference, origin: .external(image: loaded.config.images[base].name)))
                    continue
                }
            }
            guard reference.tag != nil else {
                entry.pinnedBaseImages.append(reference)
                continue
            }
            let watched = watchReference(reference)
            state.upstreamDependents[watched, default: []].insert(image.name)
            state.pendingUpstream.append((state.resolved.count, reference, watched))
        }
        entry.bases = bases.elements
        return entry
    }

    /// An upstream base is watched per repository and tag; its digest, if pinned, does not matter. The key as
    /// text, for the hash suffix of a colliding Warehouse name.
    static func watchKey(_ reference: ImageReference) -> String {
        "\(reference.repositoryURL):\(reference.tag ?? "")"
    }

    /// What is watched of `reference`: its repository and tag (the key of an upstream base).
    static func watchReference(_ reference: ImageReference) -> ImageReference {
        ImageReference(registry: reference.registry, repository: reference.repository, tag: reference.tag, digest: nil)
    }

    /// Whether an external image's entry covers this tag: the same `tag:`, or a tag its `allowTags` admit (and
    /// its `ignoreTags` do not). An entry that selects versions only by `constraint` or strategy is not used:
    /// synth cannot tell which tags it admits, so such a base gets its own Warehouse.
    static func externalWatches(_ image: ImageSpec, tag: String?) -> Bool {
        guard let tag else { return false }
        if let watched = image.tag { return watched == tag }
        guard !image.allowTags.isEmpty, image.allowTags.contains(where: { matches($0, tag) }) else { return false }
        return !image.ignoreTags.contains { matches($0, tag) }
    }

    /// Several references to one Warehouse (`node:22` and `node:22@sha256:…`, or two versions of another
    /// image) need one trigger, not one each: every Freight would dispatch the workflow once per reference.
    static func oneTriggerPerWarehouse(_ bases: [BaseDependency]) -> [BaseDependency] {
        guard bases.count > 1 else { return bases }
        // Sorted as `BaseDependency` sorts, the references written out only to order bases of one Warehouse; the
        // first of each Warehouse is kept: the one whose reference reads first.
        let sorted = bases.sorted { lhs, rhs in
            let (left, right) = (lhs.warehouse, rhs.warehouse)
            return left != right ? left < right : lhs.reference.description < rhs.reference.description
        }
        var kept: [BaseDependency] = []
        for (index, base) in sorted.enumerated() where index == 0 || sorted[index - 1].warehouse != base.warehouse {
            kept.append(base)
        }
        return kept
    }

    private static func matches(_ pattern: String, _ text: String) -> Bool {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return false }
        return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// `base-<repository>-<tag>`, or the declared name; colliding names get a hash suffix.
    static func allocateWarehouseNames(
        _ watched: [ImageReference], declared: [ImageReference: BaseImageSpec], reserved: Set<String>, diagnostics: inout DiagnosticCollector
    ) -> [ImageReference: String] {
        var proposals: [String: [ImageReference]] = [:]
        for reference in watched {
            let name = declared[reference]?.name ?? KubernetesName.make("base", reference.familiarRepository, reference.tag ?? "")
            proposals[name, default: []].append(reference)
        }
        var names: [ImageReference: String] = [:]
        for (name, group) in proposals {
            let collides = group.count > 1 || reserved.contains(name)
            for reference in group {
                if collides, let explicit = declared[reference]?.name, explicit == name {
                    diagnostics.error("base image name '\(name)' is already used by an image or another base", at: declared[reference]?.location)
                    continue
                }
                names[reference] = collides ? KubernetesName.withSuffix(name, hashOf: watchKey(reference)) : name
            }
        }
        return names
    }

    /// Managed images that are built on each other in a loop cannot be rebuilt; each loop is reported once.
    static func reportCycles(_ images: [ResolvedImage], diagnostics: inout DiagnosticCollector) {
        var index: [String: Int] = Dictionary(minimumCapacity: images.count)
        for position in images.indices { index[images[position].name] = position }
        let edges: [[Int]] = images.indices.map { position in
            images[position].bases.compactMap { base in
                if case .managed(let name) = base.origin { return index[name] }
                return nil
            }
        }
        enum Mark { case unvisited, active, done }
        var marks = [Mark](repeating: .unvisited, count: images.count)
        var reported: Set<Set<Int>> = []
        for start in images.indices where marks[start] == .unvisited {
            var stack: [(node: Int, next: Int)] = [(start, 0)]
            marks[start] = .active
            while let top = stack.last {
                if top.next < edges[top.node].count {
                    stack[stack.count - 1].next += 1
                    let target = edges[top.node][top.next]
                    switch marks[target] {
                    case .unvisited:
                        marks[target] = .active
                        stack.append((target, 0))
                    case .active:
                        guard let from = stack.firstIndex(where: { $0.node == target }) else { continue }
                        let cycle = stack[from...].map(\.node)
                        guard reported.insert(Set(cycle)).inserted else { continue }
                        let rotated = rotateToSmallest(cycle.map { images[$0].name })
                        let path = (rotated + [rotated[0]]).joined(separator: " → ")
                        let first = images[cycle.min { images[$0].name < images[$1].name } ?? target]
                        diagnostics.error("images are built on each other in a cycle: \(path) (→ reads 'is built on')", at: first.spec.location)
                    case .done:
                        break
                    }
                } else {
                    marks[top.node] = .done
                    stack.removeLast()
                }
            }
        }
    }

    private static func rotateToSmallest(_ names: [String]) -> [String] {
        guard let smallest = names.indices.min(by: { names[$0] < names[$1] }) else { return names }
        return Array(names[smallest...] + names[..<smallest])
    }
}
