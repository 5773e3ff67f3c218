/// The commented starter images.yaml that `image-factory init` writes: `Explain/starter.images.yaml`, compiled into
/// the binary. It synthesizes as it is: its image lists its base explicitly, so no Dockerfile is needed until you
/// point it at yours.
package enum StarterConfig {
    package static var text: String { String(decoding: PackageResources.starter_images_yaml, as: UTF8.self) }
}
