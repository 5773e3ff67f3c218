import ImageFactorySupport
import ImageFactoryManifests
import ImageFactoryDockerfile

/// A picture of the factory: the upstream bases it watches, the images of images.yaml, and which change
/// rebuilds which image. Rendered as Mermaid (`factory.md`, which GitHub draws) or Graphviz DOT
/// (`image-factory graph --format dot`, for factories too large to read in a browser).
///
/// It is read from a ``FactoryPlan``, the objects synth writes, so every name in it is the name Kargo shows
/// (including the hash suffix a clashing Stage name gets). Objects are recognised by their
/// ``FactoryLabels/role`` label; objects without one (a library user's own additions) are not drawn.
///
/// Helper objects are folded away so that a factory of 50 images stays readable: an image's source
/// Warehouse and analysis Stage belong to its image box, and each rebuild-trigger Stage is the arrow from
/// the base to the image it rebuilds (its name is kept on the edge). Nodes and edges are sorted and node ids
/// are derived from names, so the same factory always gives the same text and a new image changes only its
/// own lines.
package struct FactoryDiagram: Sendable, Hashable {
    /// A box in the picture.
    package struct Node: Sendable, Hashable {
        /// Unique within the diagram and safe as a Mermaid or DOT identifier (`[A-Za-z0-9_]`).
        package var id: String
        /// The text shown in the box, unescaped.
        package var label: String
        /// The cluster the box is drawn in.
        package var group: Group
        /// What the box stands for, which decides its shape and style.
        package var kind: Kind

        /// A node; `id` must be unique and safe as an identifier (see ``FactoryDiagram/id(_:_:)``).
        package init(id: String, label: String, group: Group, kind: Kind) {
            self.id = id
            self.label = label
            self.group = group
            self.kind = kind
        }
    }

    /// What a node stands for; renderers give each kind its own shape or style.
    package enum Kind: String, Sendable, Hashable {
        /// An upstream image tag (not in images.yaml) watched for new digests.
        case upstreamBase
        /// An image of images.yaml that the factory builds.
        case managedImage
        /// An image of images.yaml that is only watched, never built here.
        case externalImage
        /// An environment an image is deployed to by a Kargo Stage.
        case environment
    }

    /// A titled cluster of nodes (a Mermaid `subgraph`, a DOT `cluster`). Groups are drawn by `order`;
    /// new kinds of nodes (environments, workflows, dispatch targets) get groups of their own.
    package struct Group: Sendable, Hashable {
        /// Unique among groups and safe as an identifier.
        package var id: String
        /// The caption drawn on the cluster, unescaped.
        package var title: String
        /// Groups with lower values are drawn first (further left in a left-to-right picture).
        package var order: Int

        /// A group; `id` must be unique and safe as an identifier.
        package init(id: String, title: String, order: Int) {
            self.id = id
            self.title = title
            self.order = order
        }

        /// Upstream base image tags.
        package static let upstreamBases = Group(id: "upstream", title: "Upstream bases", order: 0)
        /// Managed and external images of images.yaml.
        package static let images = Group(id: "images", title: "Images", order: 1)
        /// Environments Kargo deploys images to.
        package static let environments = Group(id: "environments", title: "Environments", order: 2)
    }

    /// An arrow from `from` to `to`.
    package struct Edge: Sendable, Hashable {
        /// What an arrow means.
        package enum Kind: String, Sendable, Hashable {
            /// A new version of the base rebuilds the image; Kargo promotes into the trigger Stage by itself.
            case rebuild
            /// As ``rebuild``, but the trigger Stage waits for a manual promotion (`autoRebuild: false`).
            case manualRebuild
            /// A new version of the image (or what passed the environment before) is deployed automatically.
            case deploy
            /// As ``deploy``, but the environment Stage waits for a manual promotion.
            case manualDeploy
        }

        /// The id of the node the arrow starts at (the base).
        package var from: String
        /// The id of the node the arrow points to (the image rebuilt).
        package var to: String
        /// What the arrow means, which decides its style.
        package var kind: Kind
        /// The Kargo Stage this arrow stands for, when it stands for one.
        package var stage: String?

        /// An arrow between two node ids.
        package init(from: String, to: String, kind: Kind, stage: String? = nil) {
            self.from = from
            self.to = to
            self.kind = kind
            self.stage = stage
        }
    }

    /// Sorted by group order, then id.
    package private(set) var nodes: [Node]
    /// Sorted by target, source, then Stage name: what rebuilds one image stays together.
    package private(set) var edges: [Edge]

    /// Sorts `nodes` and `edges` into their canonical order.
    package init(nodes: [Node], edges: [Edge]) {
        // Field by field rather than through tuples, which copy every string of both elements for each comparison.
        self.nodes = nodes.sorted { first, second in
            if first.group.order != second.group.order { return first.group.order < second.group.order }
            if first.group.id != second.group.id { return first.group.id < second.group.id }
            return first.id < second.id
        }
        self.edges = edges.sorted { first, second in
            if first.to != second.to { return first.to < second.to }
            if first.from != second.from { return first.from < second.from }
            let firstStage = first.stage ?? "", secondStage = second.stage ?? ""
            if firstStage != secondStage { return firstStage < secondStage }
            return first.kind.rawValue < second.kind.rawValue
        }
    }

    /// The picture of the objects in `plan`. Pure: the same plan gives the same diagram, whatever order its
    /// objects were added in. A plan straight from ``FactoryPlanner`` carries what the picture needs, collected
    /// as its objects were made; any other plan's objects are read for it.
    package init(plan: FactoryPlan) {
        if let planned = plan.plannedDiagram {
            self = planned.diagram()
        } else {
            self.init(reading: plan)
        }
    }

    /// The picture of `plan`, read from its objects by their role labels.
    init(reading plan: FactoryPlan) {
        var builder = Builder()
        for group in plan.groups {
            for object in group.objects { builder.add(object) }
        }
        self = builder.diagram()
    }

    /// The groups that hold at least one node, in drawing order.
    package var groups: [Group] {
        // A handful of groups: a short list, not a set.
        var groups: [Group] = []
        for node in nodes where !groups.contains(where: { $0.id == node.group.id }) { groups.append(node.group) }
        return groups
    }

    // MARK: Names

    /// `prefix_` followed by `name` in `[A-Za-z0-9_]`: lowercase letters and digits stay, `-` becomes `_`, and
    /// any other character becomes `U<hex>_`. Kubernetes names (`[a-z0-9-]`) read almost as they are, and two
    /// different names never share an id.
    package static func id(_ prefix: String, _ name: String) -> String {
        // Kubernetes names, from the bytes of both strings straight into the new one.
        let simple = name.withUTF8Bytes { name in
            name.allSatisfy { ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: "-") }
        }
        if simple {
            return String(unsafeUninitializedCapacity: prefix.utf8.count + 1 + name.utf8.count) { buffer in
                prefix.withUTF8Bytes { prefix in
                    name.withUTF8Bytes { name in
                        var count = 0
                        for byte in prefix {
                            buffer[count] = byte
                            count += 1
                        }
                        buffer[count] = UInt8(ascii: "_")
                        count += 1
                        for byte in name {
                            buffer[count] = byte == UInt8(ascii: "-") ? UInt8(ascii: "_") : byte
                            count += 1
                        }
                        return count
                    }
                }
            }
        }
        var result = prefix + "_"
        for scalar in name.unicodeScalars {
            switch scalar {
            case "a"..."z", "0"..."9": result.unicodeScalars.append(scalar)
            case "-": result += "_"
            default: result += "U" + String(scalar.value, radix: 16, uppercase: true) + "_"
            }
        }
        return result
    }

    /// The image a Warehouse watches, as Docker prints it (`node`, `ghcr.io/acme/app`), with the watched tag
    /// when `tagged` and the subscription follows one tag's digest.
    static func watchedImage(_ warehouse: Kargo.Warehouse, tagged: Bool) -> String? {
        for subscription in warehouse.subscriptions {
            guard case .image(let image) = subscription else { continue }
            var text = familiarRepository(image.repoURL)
            if tagged, image.imageSelectionStrategy == .digest, let tag = image.constraint { text += ":" + tag }
            return text
        }
        return nil
    }

    /// `repoURL` as Docker prints it: split at its first `/` (as `split(separator: "/", maxSplits: 1)` splits it)
    /// into an ``ImageReference``'s registry and repository, whose ``ImageReference/familiarRepository`` it is.
    private static func familiarRepository(_ repoURL: String) -> String {
        let utf8 = repoURL.utf8
        if let slash = utf8.firstIndex(of: UInt8(ascii: "/")), slash != utf8.startIndex, utf8.index(after: slash) != utf8.endIndex {
            // Outside Docker Hub the familiar form is registry/repository: the URL itself.
            guard repoURL[..<slash] == ImageReference.defaultRegistry else { return repoURL }
            return ImageReference(registry: String(repoURL[..<slash]), repository: String(repoURL[utf8.index(after: slash)...]), tag: nil, digest: nil)
                .familiarRepository
        }
        let parts = repoURL.split(separator: "/", maxSplits: 1)
        guard parts.count == 2 else { return repoURL }
        return ImageReference(registry: String(parts[0]), repository: String(parts[1]), tag: nil, digest: nil).familiarRepository
    }
}
