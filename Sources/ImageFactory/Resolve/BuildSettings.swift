import ImageFactoryDockerfile

/// What an image's Dockerfile is read for: its target platforms (`build.platforms`, else `defaults.build.platforms`,
/// else `linux/amd64`), each built on `linux/amd64` (the generated workflows' `ubuntu-24.04` runners, with QEMU
/// for other platforms), and its target stage (`build.target`, else the last stage). An image built by its own
/// workflow or by GitLab CI cannot set them; synth reads its Dockerfile with the same defaults.
struct BuildSettings {
    private static let defaultPlatforms = [BuildPlatform.linuxAMD64]

    /// As images.yaml writes them (for the analysis Stage, which passes them on).
    var platformNames: [String]
    var platforms: [BuildPlatform]
    var target: String?

    init(_ image: ImageSpec, defaults: BuildDefaults) {
        let names = image.build.platforms ?? defaults.platforms
        platformNames = names.isEmpty ? BuildDefaults.defaultPlatforms : names
        // images.yaml only admits `os/arch[/variant]`, which always parses; the default needs no parsing (nor a
        // new array).
        platforms = platformNames == BuildDefaults.defaultPlatforms
            ? Self.defaultPlatforms : platformNames.map { BuildPlatform($0) ?? .linuxAMD64 }
        target = image.build.target
    }
}
