// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "image-factory",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "ImageFactory", targets: ["ImageFactory", "ImageFactoryManifests", "ImageFactoryYAML"]),
        // The DSL alone, for building and printing Kubernetes, Kargo and GitHub Actions objects without the factory.
        .library(name: "ImageFactoryManifests", targets: ["ImageFactoryManifests", "ImageFactoryYAML"]),
        .executable(name: "image-factory", targets: ["ImageFactoryCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.0.0"),
        .package(url: "https://github.com/pointfreeco/swift-snapshot-testing", from: "1.17.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
    ],
    targets: [
        // UTF-8 byte access and searches every target uses; `package` only, so no product shows it.
        .target(name: "ImageFactorySupport"),
        // YAML in and out: images.yaml composed from libyaml's events (Yams' libyaml), and the streaming writer that
        // writes what libyaml's emitter writes.
        .target(name: "ImageFactoryYAML", dependencies: ["ImageFactorySupport", .product(name: "Yams", package: "Yams")]),
        // Dockerfiles as BuildKit reads them (parser, word expansion, per-platform evaluation) and image references:
        // all `image-factory analyze` needs.
        .target(name: "ImageFactoryDockerfile", dependencies: ["ImageFactorySupport"]),
        // The DSL: Kubernetes, Kargo, Argo Rollouts and GitHub Actions types that write themselves as YAML.
        .target(name: "ImageFactoryManifests", dependencies: ["ImageFactoryYAML"]),
        .target(
            name: "ImageFactory",
            dependencies: [
                "ImageFactorySupport",
                "ImageFactoryYAML",
                "ImageFactoryDockerfile",
                "ImageFactoryManifests",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            // The built-in templates (the workflows' scripts, the notification messages) and the starter images.yaml,
            // compiled into the binary as bytes: it needs no resource bundle beside it.
            resources: [.embedInCode("Templates/BuiltIn"), .embedInCode("Explain/starter.images.yaml")]
        ),
        .executableTarget(
            name: "ImageFactoryCLI",
            dependencies: [
                "ImageFactory",
                "ImageFactoryDockerfile",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Test support: a plain target under Tests/, in no product.
        .target(
            name: "TextGenerators", dependencies: [.product(name: "PropertyBased", package: "swift-property-based")],
            path: "Tests/TextGenerators"),
        .target(
            name: "YAMLTestSupport", dependencies: ["ImageFactoryYAML", .product(name: "Yams", package: "Yams")],
            path: "Tests/YAMLTestSupport"),
        .testTarget(
            name: "ImageFactorySupportTests",
            dependencies: ["ImageFactorySupport", "TextGenerators", .product(name: "PropertyBased", package: "swift-property-based")]),
        .testTarget(
            name: "ImageFactoryYAMLTests",
            dependencies: [
                "ImageFactoryYAML", "YAMLTestSupport", "TextGenerators", .product(name: "Yams", package: "Yams"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]),
        .testTarget(
            name: "ImageFactoryDockerfileTests",
            dependencies: ["ImageFactoryDockerfile", "TextGenerators", .product(name: "PropertyBased", package: "swift-property-based")],
            exclude: ["DockerfileCorpus", "FuzzCorpus"]),
        .testTarget(
            name: "ImageFactoryManifestsTests",
            dependencies: [
                "ImageFactoryManifests", "ImageFactoryYAML", "YAMLTestSupport", "TextGenerators",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]),
        .target(
            name: "ImageFactoryTestSupport", dependencies: ["ImageFactory", "ImageFactoryManifests", "ImageFactoryYAML", "ImageFactoryDockerfile"],
            path: "Tests/ImageFactoryTestSupport"),
        // The core's unit tests.
        .testTarget(
            name: "ImageFactoryTests",
            dependencies: [
                "ImageFactory", "ImageFactorySupport", "ImageFactoryYAML", "ImageFactoryManifests", "ImageFactoryDockerfile",
                "ImageFactoryTestSupport", "TextGenerators", "YAMLTestSupport",
                .product(name: "Yams", package: "Yams"),
                .product(name: "InlineSnapshotTesting", package: "swift-snapshot-testing"),
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            exclude: ["FuzzCorpus"]
        ),
        // What synth writes, pinned: the whole example against Examples/factory/dist, snippets of resources and
        // workflows, and the library's use from Swift.
        .testTarget(
            name: "ImageFactoryReferenceTests",
            dependencies: [
                "ImageFactory", "ImageFactoryManifests", "ImageFactoryYAML", "ImageFactoryDockerfile", "ImageFactoryTestSupport",
                .product(name: "Yams", package: "Yams"),
                .product(name: "InlineSnapshotTesting", package: "swift-snapshot-testing"),
            ]
        ),
        // The workflows' scripts, run with bash, Python, shellcheck and stubs.
        .testTarget(
            name: "ImageFactoryScriptTests",
            dependencies: [
                "ImageFactory", "ImageFactoryManifests", "ImageFactoryYAML", "ImageFactoryTestSupport",
                .product(name: "Yams", package: "Yams"), .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "InlineSnapshotTesting", package: "swift-snapshot-testing"),
            ]
        ),
        // The command line: commands, exit codes, output, hostile input.
        .testTarget(
            name: "ImageFactoryCLITests",
            dependencies: [
                "ImageFactoryCLI", "ImageFactory", "ImageFactoryManifests", "ImageFactoryDockerfile", "ImageFactoryTestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
    ]
)
