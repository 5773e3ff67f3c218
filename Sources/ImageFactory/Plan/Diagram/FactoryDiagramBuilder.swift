import ImageFactoryManifests

extension FactoryDiagram {
    /// Collects what the picture shows, object by object, then draws it (``diagram()``): from a plan's objects,
    /// recognised by their ``FactoryLabels/role`` label (``add(_:)``), or from ``FactoryPlanner`` as it makes
    /// them, which knows what each is and calls the `add…` method for it directly.
    ///
    /// Helper objects are folded away: an image's source Warehouse and analysis Stage belong to its image box, and
    /// each rebuild-trigger Stage is the arrow from the base to the image it rebuilds. What is drawn does not
    /// depend on the order objects are added in.
    struct Builder: Sendable {
        private var nodes: [Node] = []
        private var nodeForWarehouse: [String: String] = [:]
        private var imageWarehouses: [(image: String, warehouse: String, label: String?)] = []
        private var managed: Set<String> = []
        private var triggers: [Arrival] = []
        private var gates: [(gate: String, gated: String, label: String?)] = []
        private var environments: [(arrival: Arrival, environment: String)] = []
        /// The role labels of thousands of objects hold a handful of strings: each is parsed once.
        private var roles: [(label: String, role: FactoryLabels.Role?)] = []

        /// A Stage drawn as arrows into a box: the image it belongs to, its name, whether it waits for a manual
        /// promotion, and the Freight it requests (where the arrows start).
        private struct Arrival: Sendable {
            var image: String
            var stage: String
            var manual: Bool
            var requestedFreight: [Kargo.FreightRequest]
        }

        /// An object of a plan, by its role label; objects without one are not drawn.
        mutating func add(_ object: any KubernetesObject) {
            let labels = object.metadata.labels
            guard let role = labels[FactoryLabels.role].flatMap({ role($0) }) else { return }
            let image = labels[FactoryLabels.image]
            switch role {
            case .baseImage:
                guard let warehouse = object as? Kargo.Warehouse else { return }
                addBaseImage(warehouse)
            case .image:
                guard let warehouse = object as? Kargo.Warehouse, let image else { return }
                addImage(warehouse, image: image)
            case .source, .analysis:
                if let image { addSource(image: image) }
            case .rebuildTrigger:
                guard let stage = object as? Kargo.Stage, let image else { return }
                addTrigger(stage, image: image)
            case .rebuildGate:
                guard let warehouse = object as? Kargo.Warehouse else { return }
                addGate(warehouse)
            case .environment:
                guard let stage = object as? Kargo.Stage, let image else { return }
                addEnvironment(stage, image: image)
            case .project, .downstreamDispatch:
                return
            }
        }

        private mutating func role(_ label: String) -> FactoryLabels.Role? {
            if let known = roles.first(where: { $0.label == label }) { return known.role }
            let role = FactoryLabels.Role(rawValue: label)
            roles.append((label, role))
            return role
        }

        /// An upstream base's Warehouse (role `base-image`).
        mutating func addBaseImage(_ warehouse: Kargo.Warehouse) {
            let id = FactoryDiagram.id("up", warehouse.metadata.name)
            nodeForWarehouse[warehouse.metadata.name] = id
            let label = FactoryDiagram.watchedImage(warehouse, tagged: true) ?? warehouse.metadata.name
            nodes.append(Node(id: id, label: label, group: .upstreamBases, kind: .upstreamBase))
        }

        /// The Warehouse of `image`'s versions (role `image`).
        mutating func addImage(_ warehouse: Kargo.Warehouse, image: String) {
            imageWarehouses.append((image, warehouse.metadata.name, FactoryDiagram.watchedImage(warehouse, tagged: false)))
        }

        /// `image` is built here: it has an analysis Stage (role `analysis`), and may have a source Warehouse (role `source`).
        mutating func addSource(image: String) {
            managed.insert(image)
        }

        /// A rebuild-trigger Stage of `image` (role `rebuild-trigger`).
        mutating func addTrigger(_ stage: Kargo.Stage, image: String) {
            let manual = stage.metadata.labels[FactoryLabels.autoPromote] == "false"
            triggers.append(Arrival(image: image, stage: stage.metadata.name, manual: manual, requestedFreight: stage.requestedFreight))
        }

        /// A rebuild gate (role `rebuild-gate`), drawn as the Warehouse it copies; one without its
        /// ``FactoryLabels/gatedWarehouse`` label is not drawn.
        mutating func addGate(_ warehouse: Kargo.Warehouse) {
            guard let gated = warehouse.metadata.labels[FactoryLabels.gatedWarehouse] else { return }
            gates.append((warehouse.metadata.name, gated, FactoryDiagram.watchedImage(warehouse, tagged: true)))
            // An external image watched only through gates has no Warehouse of its own: its gate stands for it.
            if let image = warehouse.metadata.labels[FactoryLabels.image] {
                imageWarehouses.append((image, gated, FactoryDiagram.watchedImage(warehouse, tagged: false)))
            }
        }

        /// A Stage deploying `image` to an environment (role `environment`).
        mutating func addEnvironment(_ stage: Kargo.Stage, image: String) {
            let labels = stage.metadata.labels
            let manual = labels[FactoryLabels.autoPromote] != "true"
            let environment = labels[EnvironmentStage.environmentLabel] ?? stage.metadata.name
            environments.append((Arrival(image: image, stage: stage.metadata.name, manual: manual, requestedFreight: stage.requestedFreight), environment))
        }

        /// The picture of what was added.
        func diagram() -> FactoryDiagram {
            var nodes = nodes
            var nodeForWarehouse = nodeForWarehouse
            nodeForWarehouse.reserveCapacity(nodeForWarehouse.count + imageWarehouses.count + gates.count)
            var imageNodes: [String: String] = Dictionary(minimumCapacity: imageWarehouses.count)
            nodes.reserveCapacity(nodes.count + imageWarehouses.count + gates.count + environments.count)
            for (image, warehouse, label) in imageWarehouses where imageNodes[image] == nil {
                let id = FactoryDiagram.id("img", image)
                imageNodes[image] = id
                nodeForWarehouse[warehouse] = id
                nodes.append(Node(id: id, label: label ?? image, group: .images, kind: managed.contains(image) ? .managedImage : .externalImage))
            }
            // A gate stands for the Warehouse it copies; an upstream base watched only through gates gets its node here.
            for (gate, gated, label) in gates.sorted(by: { $0.gate < $1.gate }) {
                if nodeForWarehouse[gated] == nil {
                    let id = FactoryDiagram.id("up", gated)
                    nodeForWarehouse[gated] = id
                    nodes.append(Node(id: id, label: label ?? gated, group: .upstreamBases, kind: .upstreamBase))
                }
                nodeForWarehouse[gate] = nodeForWarehouse[gated]
            }
            var edges: [Edge] = []
            edges.reserveCapacity(triggers.count + environments.count)
            for trigger in triggers {
                guard let target = imageNodes[trigger.image] else { continue }
                for request in trigger.requestedFreight {
                    guard let source = nodeForWarehouse[request.warehouse] else { continue }
                    edges.append(Edge(from: source, to: target, kind: trigger.manual ? .manualRebuild : .rebuild, stage: trigger.stage))
                }
            }
            // An environment is a box; the arrow into it comes from its image, or from the environment before it.
            var environmentNodes: [String: String] = Dictionary(minimumCapacity: environments.count)
            for (arrival, environment) in environments {
                let id = FactoryDiagram.id("env", arrival.stage)
                environmentNodes[arrival.stage] = id
                nodes.append(Node(id: id, label: "\(arrival.image) \(environment)", group: .environments, kind: .environment))
            }
            for (arrival, _) in environments {
                guard let target = environmentNodes[arrival.stage] else { continue }
                for request in arrival.requestedFreight {
                    let source = request.sources.stages.isEmpty ? imageNodes[arrival.image] : request.sources.stages.compactMap { environmentNodes[$0] }.first
                    guard let source else { continue }
                    edges.append(Edge(from: source, to: target, kind: arrival.manual ? .manualDeploy : .deploy, stage: arrival.stage))
                }
            }
            return FactoryDiagram(nodes: nodes, edges: edges)
        }
    }
}
