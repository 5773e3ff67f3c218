/// The values files that environments commit new tags to, by repository and branch.
///
/// When the GitOps repository is also an image's source repository, a deploy commit could look like a change to the
/// image: Kargo's source Warehouse would make new Freight and the build workflow's `paths` would start a build,
/// whose new tag is deployed again, without end. Each source therefore leaves out the deploy files inside what it
/// watches (``SourceWarehouse/watchedPaths(_:)``): the Warehouse as `excludePaths`, the workflow as `!` paths.
struct DeploymentFiles {
    private var files: [String: [String]] = [:]

    init(_ images: [ResolvedImage]) {
        // By index: binding an element would copy the whole image.
        for index in images.indices {
            for environment in images[index].spec.environments {
                files[Self.key(url: environment.repository.url, branch: environment.branch), default: []].append(environment.file)
            }
        }
    }

    /// The deploy files in `source`'s repository and branch that lie in what it watches, sorted, each once.
    func watched(by source: SourceSpec) -> [String] {
        guard !files.isEmpty, let candidates = files[Self.key(url: source.gitURL, branch: source.branch)] else { return [] }
        let watched = SourceWarehouse.watchedPaths(source)
        let inside = candidates.filter { file in watched.isEmpty || watched.contains { file == $0 || file.hasPrefix($0 + "/") } }
        return Array(Set(inside)).sorted()
    }

    /// One repository however its URL is written: `https://github.com/Acme/GitOps` and `…/acme/gitops.git` are the same.
    private static func key(url: String, branch: String) -> String {
        // Most URLs are lowercase already: they are not lowercased again.
        var url = url.utf8.contains { ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z")) || $0 >= 0x80 } ? url.lowercased() : url
        while url.hasSuffix("/") { url.removeLast() }
        if url.hasSuffix(".git") { url.removeLast(4) }
        return String(concatenating: url, "\n", branch)
    }
}
