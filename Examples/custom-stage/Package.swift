// swift-tools-version: 6.1
// An example of using image-factory as a library: synthesize images.yaml, add a Stage of your own with the
// DSL, and write the result. Build it with `swift build --package-path Examples/custom-stage`.
import PackageDescription

let package = Package(
    name: "custom-stage",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "image-factory", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "CustomStage",
            dependencies: [
                .product(name: "ImageFactory", package: "image-factory"),
                .product(name: "ImageFactoryManifests", package: "image-factory"),
            ]
        ),
    ]
)
