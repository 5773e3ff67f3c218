/// Names of objects that more than one phase derives from an image's name: Resolve reserves them so no image
/// takes one, Plan gives them to the objects.
enum ObjectNames {
    /// The Warehouse that follows a managed image's sources (see ``SourceWarehouse``).
    static func sourceWarehouse(of image: String) -> String { KubernetesName.make(image, "source") }
}
