/// BuildKit's dispatch states once `buildStageDependencyGraph` has linked them (`convert.go`, v0.32.2): the stages,
/// then one state for every link that names no stage (an image, or `scratch`), in the order they were met, and each
/// stage's links. Links do not depend on the platform or on build args (BuildKit refuses variables in them), so the
/// graph is built once per Dockerfile; only `FROM` lines are evaluated per platform.
struct StageGraph: Sendable {
    /// A dispatch state: a stage, or a state made for a link that names no stage.
    enum Node: Hashable, Sendable {
        case stage(Int)
        case implicit(Int)
    }

    struct Dependency: Sendable {
        var node: Node
        var link: StageLink
    }

    /// A link to an image (or `scratch`), which BuildKit turns into a state of its own.
    struct ImplicitSource: Sendable {
        var link: StageLink
        var resolution: ImageResolution
    }

    private(set) var implicit: [ImplicitSource] = []
    /// Per stage, its links in instruction order; empty when no stage has any.
    private var dependencies: [[Dependency]] = []
    /// The first error BuildKit raises while linking (a variable in `COPY --from`, a stage index that does not
    /// exist, a stage that needs itself); it fails the whole build, but only after every `FROM` was expanded.
    private(set) var error: DockerfileError?

    private let stageCount: Int
    private let stageNames: StageNames

    /// Links every stage's links (`toCommand` and `detectRunMount`), then looks for a cycle
    /// (`validateCircularDependency`).
    init<C>(stages: [ParsedDockerfile<C>.Stage], stageNames: StageNames) {
        stageCount = stages.count
        self.stageNames = stageNames
        guard stages.contains(where: { !$0.links.isEmpty }) else { return }
        dependencies = Array(repeating: [], count: stages.count)
        do throws(DockerfileError) {
            for stage in stages.indices {
                for link in stages[stage].links {
                    dependencies[stage].append(Dependency(node: try resolve(link), link: link))
                }
            }
            try checkCycles(names: stages.map(\.name))
        } catch {
            self.error = error
        }
    }

    /// A stage's links in instruction order.
    func dependencies(of stage: Int) -> [Dependency] {
        dependencies.isEmpty ? [] : dependencies[stage]
    }

    /// The name BuildKit gives a stage in messages: its `AS` name, or `stage-<index>`.
    static func stageName(_ index: Int, names: [String?]) -> String {
        names[index] ?? "stage-\(index)"
    }

    /// The state `link` names: for `COPY --from`, a number is a stage index (counting the states made for
    /// earlier links too, as BuildKit does); then a stage name, case-insensitively; anything else becomes a new
    /// state of its own, an image or `scratch`.
    mutating func resolve(_ link: StageLink) throws(DockerfileError) -> Node {
        if let problem = link.problem { throw link.position.error("\(link.written): \(problem)") }
        if link.kind == .copy, let first = link.name.utf8.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first),
           let index = Self.goInteger(link.name) {
            guard index >= 0, index < stageCount + implicit.count else {
                throw link.position.error("\(link.written): invalid stage index \(index) (the Dockerfile has \(stageCount) stage\(stageCount == 1 ? "" : "s"), counted from 0)")
            }
            return index < stageCount ? .stage(index) : .implicit(index - stageCount)
        }
        // Stage names are lowercase: a name without capitals needs no lowercasing.
        let name = link.name.utf8.contains(where: { $0 >= 0x80 || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }) ? link.name.lowercased() : link.name
        if let stage = stageNames.last(named: name) { return .stage(stage) }
        implicit.append(ImplicitSource(link: link, resolution: ImageResolution(link.name)))
        return .implicit(implicit.count - 1)
    }

    /// Go's `strconv.Atoi`: an optional sign and decimal digits that fit in 64 bits (what `Int.init` reads); nil
    /// otherwise.
    static func goInteger(_ text: String) -> Int? { Int(text) }

    /// `validateCircularDependency`: from each stage in order, follows links (not `FROM`s, which only reach earlier
    /// stages); a link back to a stage on the path is an error naming the stage the walk started from.
    private func checkCycles(names: [String?]) throws(DockerfileError) {
        enum Mark { case new, onPath, done }
        var marks = [Mark](repeating: .new, count: stageCount)
        for root in 0..<stageCount where marks[root] == .new {
            var stack: [(stage: Int, next: Int)] = [(root, 0)]
            marks[root] = .onPath
            while let top = stack.last {
                let links = dependencies(of: top.stage)
                guard top.next < links.count else {
                    marks[top.stage] = .done
                    stack.removeLast()
                    continue
                }
                stack[stack.count - 1].next += 1
                guard case .stage(let target) = links[top.next].node else { continue }
                switch marks[target] {
                case .onPath:
                    let link = links[top.next].link
                    throw link.position.error(
                        "\(link.written): circular dependency detected on stage: \(Self.stageName(root, names: names))")
                case .new:
                    marks[target] = .onPath
                    stack.append((target, 0))
                case .done:
                    break
                }
            }
        }
    }
}

/// What a name BuildKit treats as an image comes to (`resolveBaseImage`): nothing for `scratch`, else the
/// reference `reference.ParseNormalizedNamed` reads, or why it refuses it.
enum ImageResolution: Sendable, Equatable {
    case scratch
    case image(ImageReference)
    /// BuildKit refuses the name: the whole build fails, whether or not the stage is needed.
    case invalid(ImageReferenceError)
    /// BuildKit pulls it, but Kargo cannot watch its repository: an error only when the build needs it.
    case unwatchable(ImageReference, ImageReferenceError)

    init(_ name: String) {
        // Exactly `scratch`: BuildKit does not lowercase it, and `FROM SCRATCH` is an invalid reference.
        if name == "scratch" {
            self = .scratch
            return
        }
        do throws(ImageReferenceError) {
            self = .image(try ImageReference.parse(name))
        } catch {
            if let reference = try? ImageReference.parse(name, checkingKargo: false) {
                self = .unwatchable(reference, error)
            } else {
                self = .invalid(error)
            }
        }
    }
}

/// The stages' `AS` names (lowercased), for the stage a name means: the last one so named. A Dockerfile has a few:
/// they are looked for in the list, and only past a few in a table (thousands of stages in hostile input stay
/// linear).
struct StageNames: Sendable {
    private static var linearLimit: Int { 16 }

    let names: [String?]
    private let table: [String: Int]

    init(_ names: [String?]) {
        self.names = names
        var table: [String: Int] = [:]
        if names.count > Self.linearLimit {
            for (index, name) in names.enumerated() {
                if let name { table[name] = index }
            }
        }
        self.table = table
    }

    /// The last stage named `name` (lowercase).
    func last(named name: String) -> Int? {
        names.count > Self.linearLimit ? table[name] : names.lastIndex { $0 == name }
    }
}
