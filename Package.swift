// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "image-factory",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "ImageFactory", targets: ["ImageFactory"]),
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
        .target(
            name: "ImageFactory",
            dependencies: [
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        .executableTarget(
            name: "ImageFactoryCLI",
            dependencies: [
                "ImageFactory",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "ImageFactoryTests",
            dependencies: [
                "ImageFactory",
                "ImageFactoryCLI",
                .product(name: "Yams", package: "Yams"),
                .product(name: "InlineSnapshotTesting", package: "swift-snapshot-testing"),
                .product(name: "SnapshotTesting", package: "swift-snapshot-testing"),
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            exclude: ["FuzzCorpus", "DockerfileCorpus"]
        ),
    ]
)
