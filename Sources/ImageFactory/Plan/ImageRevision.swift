import ImageFactoryManifests

/// The commit an image was built from, as its `org.opencontainers.image.revision` annotation says (docker/metadata-action
/// writes it at the manifest and index level; Kargo v1.11 merges both into the Freight's `Annotations`).
enum ImageRevision {
    static let annotation = "org.opencontainers.image.revision"

    /// `get(annotations, revision) ?? fallback`: the built commit, or `fallback` when the image does not say.
    /// `get` gives nil for a missing key (and for no annotations at all); `annotations[key]` would give `""`, the
    /// zero value of expr's map lookup, and never reach the fallback. `mayLackImage`: the Freight may not hold the
    /// image at all (a Stage that takes Freight from several Warehouses).
    static func of(_ imageRepo: Kargo.Expression, fallback: String = "", mayLackImage: Bool = false) -> Kargo.Expression {
        let annotations = Kargo.Expression(raw: "\(Kargo.Freight.image(imageRepo).source)\(mayLackImage ? "?" : "").Annotations")
        return Kargo.Expression(raw: "(get(\(annotations.source), \(Kargo.Expression.string(annotation).source)) ?? \(Kargo.Expression.string(fallback).source))")
    }
}
