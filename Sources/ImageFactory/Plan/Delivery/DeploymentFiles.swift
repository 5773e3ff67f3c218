import ImageFactorySupport

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
        if let key = asciiKey(url: url, branch: branch) { return key }
        var url = url.lowercased()
        while url.hasSuffix("/") { url.removeLast() }
        if url.hasSuffix(".git") { url.removeLast(4) }
        return url + "\n" + branch
    }

    /// ``key(url:branch:)`` of an ASCII URL (every URL synth makes), from its bytes: lowercased, without trailing
    /// `/` and a final `.git`, as one new string. Nil for any other URL.
    private static func asciiKey(url: String, branch: String) -> String? {
        url.withUTF8Bytes { url -> String? in
            guard !url.contains(where: { $0 >= 0x80 }) else { return nil }
            func lower(_ byte: UInt8) -> UInt8 { byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte }
            var end = url.count
            while end > 0, url[end - 1] == UInt8(ascii: "/") { end -= 1 }
            if end >= 4, url[end - 4] == UInt8(ascii: "."), lower(url[end - 3]) == UInt8(ascii: "g"), lower(url[end - 2]) == UInt8(ascii: "i"),
                lower(url[end - 1]) == UInt8(ascii: "t")
            {
                end -= 4
            }
            return branch.withUTF8Bytes { branch in
                String(unsafeUninitializedCapacity: end + 1 + branch.count) { buffer in
                    for index in 0..<end { buffer[index] = lower(url[index]) }
                    buffer[end] = UInt8(ascii: "\n")
                    for index in 0..<branch.count { buffer[end + 1 + index] = branch[index] }
                    return end + 1 + branch.count
                }
            }
        }
    }
}
