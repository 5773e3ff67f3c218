import ImageFactorySupport
import ImageFactoryYAML
import ImageFactoryManifests
import ImageFactoryDockerfile

/// Decodes images.yaml text into a validated ``FactoryConfig``, reporting every problem with its location.
///
/// Two shapes are accepted: a top-level list of images (the format of the Python image factory), or a mapping
/// with `project`, `defaults`, `baseImages` and `images`.
package enum ConfigDecoder {
    /// The keys each mapping may have; anything else is an error (with a suggestion for likely typos). They come
    /// from ``ConfigSchema``, so the decoder refuses exactly the keys the JSON Schema does not declare.
    package enum Keys {
        package static let top = ConfigSchema.top.fieldNames
        package static let project = ConfigSchema.project.fieldNames
        package static let analysis = ConfigSchema.analysis.fieldNames
        package static let secret = ConfigSchema.secret.fieldNames
        package static let defaults = ConfigSchema.defaults.fieldNames
        package static let baseImage = ConfigSchema.baseImage.fieldNames
        package static let image = ConfigSchema.image.fieldNames
        package static let source = ConfigSchema.source.fieldNames
        package static let registry = ConfigSchema.registry.fieldNames
        package static let buildDefaults = ConfigSchema.buildDefaults.fieldNames
        package static let build = ConfigSchema.build.fieldNames
        package static let declaredInput = ConfigSchema.declaredInput.fieldNames
        package static let rebuildWindow = ConfigSchema.rebuildWindow.fieldNames
        package static let rebuildRetry = ConfigSchema.rebuildRetry.fieldNames
        package static let notify = ConfigSchema.notify.fieldNames
        /// Keys that only make sense for an image built from a source.
        package static let managedOnly = ["rebuildDelay", "rebuildWindow", "rebuildRetry", "notify", "autoRebuild", "rebuildExisting", "versionBump", "baseImages", "build"]
        /// Keys of ``managedOnly`` that also shape an image's `downstream` dispatches, so an external image with
        /// dispatches may set them.
        package static let downstreamToo: Set<String> = ["rebuildRetry", "notify"]
    }

    /// Decodes `text`, read from the file shown as `file` in messages.
    package static func decode(_ text: String, file: String) throws(InvalidInput) -> FactoryConfig {
        let (config, problems) = try decodeCollecting(text, file: file)
        if !problems.isEmpty { throw InvalidInput(problems) }
        return config
    }

    /// What Yams refuses, worded for images.yaml.
    static func diagnostic(_ refusal: YAMLRefusal, file: String) -> Diagnostic {
        let location = refusal.mark.map { InputLocation(file: file, line: $0.line, column: $0.column) }
        switch refusal.reason {
        case .invalid(let message): return Diagnostic(message, at: location)
        case .empty: return Diagnostic("the file is empty: list at least one image", at: location)
        case .secondDocument: return Diagnostic("images.yaml must hold one YAML document; found another one here", at: location)
        }
    }

    /// Decodes what can be decoded: the config holds every image without problems, and the problems come
    /// beside it, so later checks (Dockerfiles) can still run and every problem is reported at once. Throws
    /// only when nothing is usable (YAML syntax, the wrong top-level shape).
    static func decodeCollecting(_ text: String, file: String) throws(InvalidInput) -> (FactoryConfig, [Diagnostic]) {
        var reader = YAMLNodeReader(file: file)
        if let position = AliasKeyGuard.firstAliasKey(in: text) {
            throw InvalidInput([Diagnostic(
                "an alias (*name) is used as a mapping key; images.yaml keys must be plain strings",
                at: InputLocation(file: file, line: position.line, column: position.column))])
        }
        let root: YAMLNode
        switch YAMLDocumentReader.compose(text) {
        case .document(let node, let keysNeedYamsCheck):
            // Yams compares keys with their tags, and refuses only some of the mappings flagged here.
            if keysNeedYamsCheck, let refusal = YAMLRefusal.check(text) { throw InvalidInput([diagnostic(refusal, file: file)]) }
            root = node
        case .unreadable:
            // Yams refuses the text too, and says why.
            if let refusal = YAMLRefusal.check(text) { throw InvalidInput([diagnostic(refusal, file: file)]) }
            throw InvalidInput([Diagnostic("cannot read YAML", at: InputLocation(file: file, line: 1, column: 1))])
        }

        var project = ProjectSettings()
        var defaults = ImageDefaults()
        var baseImages: [BaseImageSpec] = []
        var imagesNode: YAMLNode?
        switch root {
        case .sequence:
            imagesNode = root
        case .mapping:
            guard let fields = reader.mapping(root, what: "images.yaml", allowed: Keys.top) else { break }
            if let node = fields["project"] { project = decodeProject(node, reader: &reader) }
            if let node = fields["defaults"] { defaults = decodeDefaults(node, reader: &reader) }
            if let node = fields["baseImages"] { baseImages = decodeBaseImages(node, reader: &reader) }
            imagesNode = fields["images"]
            if imagesNode == nil { reader.error("images.yaml has no `images:` list", at: root) }
        default:
            reader.error("images.yaml must be a list of images, or a mapping with an `images:` list; found \(YAMLNodeReader.describe(root))", at: root)
        }

        var images: [ImageSpec] = []
        if let imagesNode {
            if case .sequence(let sequence) = imagesNode {
                if sequence.isEmpty { reader.error("the image list is empty: list at least one image", at: imagesNode) }
                images.reserveCapacity(sequence.count)
                for node in sequence {
                    if let image = decodeImage(node, defaults: defaults, reader: &reader) { images.append(image) }
                }
            } else {
                reader.error("`images` must be a list, found \(YAMLNodeReader.describe(imagesNode))", at: imagesNode)
            }
        }
        if imagesNode == nil { try reader.diagnostics.throwIfAny() }
        images = unique(images, reader: &reader)
        let config = FactoryConfig(file: file, project: project, defaults: defaults, baseImages: baseImages, images: images)
        return (config, reader.diagnostics.diagnostics + BuildRules.problems(config))
    }

    private static func decodeProject(_ node: YAMLNode, reader: inout YAMLNodeReader) -> ProjectSettings {
        var settings = ProjectSettings()
        guard let fields = reader.mapping(node, what: "project", allowed: Keys.project) else { return settings }
        if let value = fields["name"], let name = reader.string(value, what: "project.name") {
            if let reason = FieldRule.name.check(name) { reader.error("project.name '\(name)' \(reason)", at: value) } else { settings.name = name }
        }
        var analyzerToken: Kubernetes.SecretKeyReference?
        if let value = fields["sourceRoot"], let root = reader.string(value, what: "project.sourceRoot") {
            if root.hasPrefix("/") || root.isEmpty {
                reader.error("project.sourceRoot '\(root)' must be a path relative to the config's folder", at: value)
            } else {
                settings.sourceRoot = root
            }
        }
        if let value = fields["githubTokenSecret"], let secret = decodeSecret(value, what: "project.githubTokenSecret", reader: &reader) {
            settings.githubToken = secret
        }
        if let value = fields["analysis"], let analysis = reader.mapping(value, what: "project.analysis", allowed: Keys.analysis) {
            if let imageNode = analysis["image"], let image = reader.string(imageNode, what: "project.analysis.image") {
                do throws(ImageReferenceError) {
                    _ = try ImageReference.parse(image)
                    settings.analyzerImage = image
                } catch {
                    reader.error("project.analysis.image '\(image)': \(error.reason)", at: imageNode)
                }
            }
            if let tokenNode = analysis["tokenSecret"] {
                analyzerToken = decodeSecret(tokenNode, what: "project.analysis.tokenSecret", reader: &reader)
            }
        }
        settings.analyzerToken = analyzerToken ?? Kubernetes.SecretKeyReference(name: settings.githubToken.name, key: settings.githubToken.key, optional: true)
        for key in ["workflowsDirectory", "templates"] {
            guard let value = fields[key], let path = reader.string(value, what: "project.\(key)") else { continue }
            if let reason = FieldRule.repositoryPath.check(path) {
                reader.error("project.\(key) '\(path)' \(reason.replacingOccurrences(of: "repository root", with: "config's folder"))", at: value)
            } else if key == "templates" {
                settings.templatesDirectory = path
            } else {
                settings.workflowsDirectory = path
                settings.workflowsDirectoryLocation = reader.location(of: value)
            }
        }
        if let value = fields["registries"] { settings.registries = decodeRegistries(value, reader: &reader) }
        if let value = fields["webhookReceivers"] { settings.webhookReceivers = decodeWebhookReceivers(value, reader: &reader) }
        return settings
    }

    private static func decodeRegistries(_ node: YAMLNode, reader: inout YAMLNodeReader) -> [RegistryLogin] {
        guard case .sequence(let sequence) = node else {
            reader.error("project.registries must be a list, found \(YAMLNodeReader.describe(node))", at: node)
            return []
        }
        var result: [RegistryLogin] = []
        var seen: [String: InputLocation?] = [:]
        for item in sequence {
            guard let fields = reader.mapping(item, what: "a project.registries entry", allowed: Keys.registry) else { continue }
            var values: [String: String] = [:]
            for (key, rule) in [("host", FieldRule.registryHost.check), ("username", FieldRule.username.check), ("passwordSecret", FieldRule.secretVariable.check)] {
                guard let value = fields[key] else {
                    reader.error("a project.registries entry needs `\(key)`", at: item)
                    continue
                }
                guard let text = reader.string(value, what: "project.registries \(key)") else { continue }
                if let reason = rule(text) { reader.error("project.registries \(key) '\(text)' \(reason)", at: value) } else { values[key] = text }
            }
            guard let host = values["host"], let username = values["username"], let secret = values["passwordSecret"] else { continue }
            if let earlier = seen[host] {
                reader.error("registry '\(host)' is listed twice (first at \(earlier.map(\.description) ?? "?"))", at: item)
                continue
            }
            seen[host] = reader.location(of: item)
            result.append(RegistryLogin(host: host, username: username, passwordSecret: secret, location: reader.location(of: item)))
        }
        return result
    }

    static func decodeSecret(_ node: YAMLNode, what: @autoclosure () -> String, defaultKey: String = "token", reader: inout YAMLNodeReader) -> Kubernetes.SecretKeyReference? {
        guard let fields = reader.mapping(node, what: what(), allowed: Keys.secret) else { return nil }
        var name: String?
        var key = defaultKey
        if let value = fields["name"], let text = reader.string(value, what: "\(what()).name") {
            if let reason = FieldRule.secretName.check(text) { reader.error("\(what()).name '\(text)' \(reason)", at: value) } else { name = text }
        } else if fields["name"] == nil {
            reader.error("\(what()) needs a `name` (the Secret's name)", at: node)
        }
        if let value = fields["key"], let text = reader.string(value, what: "\(what()).key") {
            if let reason = FieldRule.secretKey.check(text) { reader.error("\(what()).key '\(text)' \(reason)", at: value) } else { key = text }
        }
        return name.map { Kubernetes.SecretKeyReference(name: $0, key: key) }
    }

    private static func decodeDefaults(_ node: YAMLNode, reader: inout YAMLNodeReader) -> ImageDefaults {
        var defaults = ImageDefaults()
        guard let fields = reader.mapping(node, what: "defaults", allowed: Keys.defaults) else { return defaults }
        if let value = fields["interval"] { defaults.interval = reader.duration(value, what: "defaults.interval") }
        if let value = fields["baseImageInterval"] { defaults.baseImageInterval = reader.duration(value, what: "defaults.baseImageInterval") }
        if let value = fields["rebuildDelay"] { defaults.rebuildDelay = reader.duration(value, what: "defaults.rebuildDelay") }
        if let value = fields["rebuildWindow"] { defaults.rebuildWindow = decodeRebuildWindow(value, what: "defaults.rebuildWindow", reader: &reader) }
        if let value = fields["rebuildRetry"], let retry = decodeRebuildRetry(value, what: "defaults.rebuildRetry", base: TriggerRetry(), reader: &reader) {
            defaults.rebuildRetry = retry
        }
        if let value = fields["notify"] { defaults.notify = decodeNotification(value, what: "defaults.notify", reader: &reader) }
        if let value = fields["autoRebuild"], let flag = reader.bool(value, what: "defaults.autoRebuild") { defaults.autoRebuild = flag }
        if let value = fields["rebuildExisting"], let flag = reader.bool(value, what: "defaults.rebuildExisting") { defaults.rebuildExisting = flag }
        if let value = fields["versionBump"], let bump = reader.choice(value, what: "defaults.versionBump", as: VersionBump.self) { defaults.versionBump = bump }
        if let value = fields["discoveryLimit"] { defaults.discoveryLimit = reader.int(value, what: "defaults.discoveryLimit", in: ConfigSchema.discoveryLimits) }
        if let value = fields["build"], let build = reader.mapping(value, what: "defaults.build", allowed: Keys.buildDefaults) {
            if let node = build["platforms"], let platforms = checkedStrings(node, what: "defaults.build.platforms", FieldRule.platform.check, reader: &reader) {
                defaults.build.platforms = platforms
            }
            if let node = build["devRepositoryPrefix"] {
                defaults.build.devRepositoryPrefix = checkedString(node, what: "defaults.build.devRepositoryPrefix", FieldRule.imageRepository.check, reader: &reader)
            }
            if let node = build["schedule"] { defaults.build.schedule = checkedString(node, what: "defaults.build.schedule", FieldRule.cron.check, reader: &reader) }
            if let node = build["dispatchEvents"],
               let events = checkedStrings(node, what: "defaults.build.dispatchEvents", FieldRule.dispatchEvent.check, reader: &reader) {
                defaults.build.dispatchEvents = events
            }
            if let node = build["runner"], let runner = checkedString(node, what: "defaults.build.runner", FieldRule.runner.check, reader: &reader) {
                defaults.build.runner = runner
            }
        }
        if let value = fields["gitops"] { defaults.gitops = decodeGitOps(value, what: "defaults.gitops", reader: &reader) }
        return defaults
    }

    static func checkedString(_ node: YAMLNode, what: @autoclosure () -> String, _ rule: (String) -> String?, reader: inout YAMLNodeReader) -> String? {
        guard let text = reader.string(node, what: what()) else { return nil }
        if let reason = rule(text) {
            reader.error("\(what()) '\(text)' \(reason)", at: node)
            return nil
        }
        return text
    }

    /// A string or list of strings, each checked; nil when any is refused (each refusal is reported).
    static func checkedStrings(_ node: YAMLNode, what: @autoclosure () -> String, _ rule: (String) -> String?, reader: inout YAMLNodeReader) -> [String]? {
        guard let values = reader.strings(node, what: what()) else { return nil }
        var ok = true
        for value in values {
            if let reason = rule(value) {
                reader.error("\(what()) entry '\(value)' \(reason)", at: node)
                ok = false
            }
        }
        var seen: Set<String> = []
        for value in values where !seen.insert(value).inserted {
            reader.error("\(what()) lists '\(value)' twice", at: node)
            ok = false
        }
        return ok ? values : nil
    }

    private static func decodeBaseImages(_ node: YAMLNode, reader: inout YAMLNodeReader) -> [BaseImageSpec] {
        guard case .sequence(let sequence) = node else {
            reader.error("`baseImages` must be a list, found \(YAMLNodeReader.describe(node))", at: node)
            return []
        }
        var result: [BaseImageSpec] = []
        var seen: [String: InputLocation?] = [:]
        for item in sequence {
            var spec: BaseImageSpec?
            if case .scalar = item {
                spec = reference(item, what: "baseImages entry", reader: &reader).map { BaseImageSpec(reference: $0, location: reader.location(of: item)) }
            } else if let fields = reader.mapping(item, what: "baseImages entry", allowed: Keys.baseImage) {
                guard let imageNode = fields["image"] else {
                    reader.error("a baseImages entry needs `image` (e.g. node:22-bookworm-slim)", at: item)
                    continue
                }
                guard let ref = reference(imageNode, what: "baseImages image", reader: &reader) else { continue }
                var base = BaseImageSpec(reference: ref, location: reader.location(of: imageNode))
                if let value = fields["name"], let name = reader.string(value, what: "baseImages name") {
                    if let reason = FieldRule.name.check(name) { reader.error("baseImages name '\(name)' \(reason)", at: value) } else { base.name = name }
                }
                if let value = fields["interval"] { base.interval = reader.duration(value, what: "baseImages interval") }
                if let value = fields["platform"], let platform = reader.string(value, what: "baseImages platform") {
                    if let reason = FieldRule.platform.check(platform) { reader.error("platform '\(platform)' \(reason)", at: value) } else { base.platform = platform }
                }
                spec = base
            }
            guard let spec else { continue }
            if spec.reference.tag == nil {
                reader.error("base image '\(spec.reference)' has no tag to watch; Kargo watches a tag for new digests", at: item)
                continue
            }
            let key = spec.reference.description
            if let earlier = seen[key] {
                reader.error("base image '\(key)' is listed twice (first at \(earlier.map(\.description) ?? "?"))", at: item)
                continue
            }
            seen[key] = spec.location
            result.append(spec)
        }
        return result
    }

    private static func reference(_ node: YAMLNode, what: @autoclosure () -> String, reader: inout YAMLNodeReader) -> ImageReference? {
        guard let text = reader.string(node, what: what()) else { return nil }
        do throws(ImageReferenceError) {
            return try ImageReference.parse(text)
        } catch {
            reader.error("\(what()) '\(text)': \(error.reason)", at: node)
            return nil
        }
    }

    // swiftlint:disable:next function_body_length cyclomatic_complexity
    private static func decodeImage(_ node: YAMLNode, defaults: ImageDefaults, reader: inout YAMLNodeReader) -> ImageSpec? {
        guard let fields = reader.mapping(node, what: "an image entry", allowed: Keys.image) else { return nil }
        var locations = FieldLocations(capacity: fields.entries.count + 1)
        locations.add("", reader.location(of: node))
        for entry in fields.entries { locations.add(entry.key, reader.location(of: entry.value)) }
        let before = reader.diagnostics.diagnostics.count

        func required(_ key: String) -> String? {
            guard let value = fields[key] else {
                reader.error("image entry is missing `\(key)`", at: node)
                return nil
            }
            return reader.string(value, what: key)
        }
        func check(_ key: String, _ value: String?, _ rule: (String) -> String?) -> String? {
            guard let value else { return nil }
            if let reason = rule(value), let node = fields[key] {
                reader.error("\(key) '\(value)' \(reason)", at: node)
                return nil
            }
            return value
        }

        let name = check("name", required("name"), FieldRule.name.check)
        func label() -> String { name.map { "image '\($0)'" } ?? "this image" }
        let registry = required("registry")
        let repository = required("repository")
        var repositoryReference: ImageReference?
        if let registry, let repository {
            do throws(ImageReferenceError) {
                let parsed = try ImageReference.parse(String(concatenating: registry, "/", repository))
                let expectedRegistry = registry == "index.docker.io" ? "docker.io" : registry
                if parsed.registry != expectedRegistry {
                    reader.error("registry '\(registry)' is not a registry host (such as ghcr.io or docker.io)", at: fields["registry"] ?? node)
                } else if parsed.tag != "latest" || parsed.digest != nil
                    || repository.utf8.contains(UInt8(ascii: ":")) || repository.utf8.contains(UInt8(ascii: "@")) {
                    reader.error("repository '\(repository)' must not carry a tag or digest; external images take the tag in `tag:`", at: fields["repository"] ?? node)
                } else {
                    repositoryReference = parsed
                }
            } catch {
                reader.error("\(label()): '\(registry)/\(repository)' is not an image repository: \(error.reason)", at: fields["repository"] ?? node)
            }
        }

        var spec = ImageSpec(
            name: name ?? "", registry: repositoryReference?.registry ?? "", repository: repositoryReference?.repository ?? "", locations: locations)
        if let value = fields["source"] {
            spec.source = decodeSource(value, image: name ?? "image", label: label(), reader: &reader, locations: &spec.locations)
        }
        spec.build.generate = spec.locations["source.workflow"] == nil && spec.source?.provider != .gitlab
        if let value = fields["build"] {
            if spec.source?.provider == .gitlab {
                reader.error("build configures the GitHub workflow synth writes; \(label()) is built by its GitLab project's own pipeline", at: value)
            } else {
                decodeBuild(value, into: &spec.build, label: label(), reader: &reader)
            }
        }
        if let source = spec.source, source.inputs != nil, spec.build.generate, let value = fields["source"] {
            reader.error("source.inputs describes the repository's own workflow; \(label()) has its workflow generated by synth, which declares the inputs itself", at: value)
        }
        if let value = fields["tag"] { spec.tag = check("tag", reader.string(value, what: "tag"), FieldRule.tag.check) }
        if let value = fields["strategy"] { spec.strategy = reader.choice(value, what: "strategy", as: Kargo.ImageSubscription.SelectionStrategy.self) }
        if let value = fields["constraint"] { spec.constraint = check("constraint", reader.string(value, what: "constraint"), FieldRule.semverConstraint.check) }
        if let value = fields["strictSemvers"] { spec.strictSemvers = reader.bool(value, what: "strictSemvers") }
        for key in ["allowTags", "ignoreTags"] {
            guard let value = fields[key], let patterns = reader.strings(value, what: key) else { continue }
            for pattern in patterns {
                if let reason = FieldRule.goRegex(pattern) { reader.error("\(key) pattern '\(pattern)' \(reason)", at: value) }
            }
            if key == "allowTags" { spec.allowTags = patterns } else { spec.ignoreTags = patterns }
        }
        if let value = fields["interval"] { spec.interval = reader.duration(value, what: "interval") }
        if let value = fields["platform"] { spec.platform = check("platform", reader.string(value, what: "platform"), FieldRule.platform.check) }
        if let value = fields["discoveryLimit"] { spec.discoveryLimit = reader.int(value, what: "discoveryLimit", in: ConfigSchema.discoveryLimits) }
        if let value = fields["rebuildDelay"] { spec.rebuildDelay = reader.duration(value, what: "rebuildDelay") }
        if let value = fields["rebuildWindow"] {
            spec.rebuildWindow = switchedOff(value, reader: &reader) ? .off : decodeRebuildWindow(value, what: "rebuildWindow", reader: &reader).map(Setting.on)
        }
        if let value = fields["rebuildRetry"] { spec.rebuildRetry = decodeRebuildRetry(value, what: "rebuildRetry", base: defaults.rebuildRetry, reader: &reader) }
        if let value = fields["notify"] {
            spec.notify = switchedOff(value, reader: &reader) ? .off : decodeNotification(value, what: "notify", reader: &reader).map(Setting.on)
        }
        if let value = fields["autoRebuild"] { spec.autoRebuild = reader.bool(value, what: "autoRebuild") }
        if let value = fields["rebuildExisting"] { spec.rebuildExisting = reader.bool(value, what: "rebuildExisting") }
        if let value = fields["versionBump"] { spec.versionBump = reader.choice(value, what: "versionBump", as: VersionBump.self) }
        if let value = fields["baseImages"] {
            if case .sequence(let sequence) = value {
                spec.baseImages = sequence.compactMap { reference($0, what: "baseImages entry", reader: &reader) }
            } else {
                reader.error("baseImages must be a list of image references, found \(YAMLNodeReader.describe(value))", at: value)
            }
        }
        spec.gitops = (fields["gitops"].flatMap { decodeGitOps($0, what: "gitops", reader: &reader) } ?? GitOpsSettings()).over(defaults.gitops)
        if let value = fields["environments"] { spec.environments = decodeEnvironments(value, image: spec, label: label(), reader: &reader) }
        if let value = fields["downstream"] { spec.downstream = decodeDownstream(value, label: label(), reader: &reader) }

        if spec.source == nil, fields["source"] == nil {
            for key in Keys.managedOnly where fields["downstream"] == nil || !Keys.downstreamToo.contains(key) {
                if let value = fields[key] { reader.error("\(key) applies only to images built from a `source`; \(label()) has none", at: value) }
            }
            if spec.tag == nil, spec.allowTags.isEmpty, spec.constraint == nil, spec.strategy == nil {
                reader.error("\(label()) has no `source`, so it is only watched: say what to watch with `tag:` (new digests of one tag) or `allowTags:`/`constraint:` (new versions)", at: node)
            }
        }
        if spec.tag != nil {
            for key in ["strategy", "constraint", "allowTags", "ignoreTags", "strictSemvers"] {
                if let value = fields[key] { reader.error("\(key) cannot be combined with `tag:` (a tag is watched for new digests)", at: value) }
            }
            if spec.source != nil, let value = fields["tag"] {
                reader.error("`tag:` is for external images; an image with a source is watched for new versions (use allowTags or constraint)", at: value)
            }
        }
        if spec.strategy == .digest, spec.tag == nil, let value = fields["strategy"] {
            reader.error("strategy Digest watches one tag: give it with `tag:` instead", at: value)
        }
        return reader.diagnostics.diagnostics.count == before ? spec : nil
    }

    /// Whether a setting is written as `false` (switching off what `defaults` set); `true` is refused.
    static func switchedOff(_ node: YAMLNode, reader: inout YAMLNodeReader) -> Bool {
        guard case .scalar(let scalar) = node, ["false", "true"].contains(scalar.string),
              scalar.style == .plain || scalar.style == .any else { return false }
        if scalar.string == "true" { reader.error("write the settings here, or `false` to switch off the default", at: node) }
        return true
    }

    private static func decodeRebuildWindow(_ node: YAMLNode, what: @autoclosure () -> String, reader: inout YAMLNodeReader) -> RebuildWindow? {
        guard let fields = reader.mapping(node, what: what(), allowed: Keys.rebuildWindow) else { return nil }
        guard let hoursNode = fields["hours"] else {
            reader.error("\(what()) needs `hours`, such as 01:00-05:00 (UTC)", at: node)
            return nil
        }
        guard let hours = reader.string(hoursNode, what: "\(what()).hours") else { return nil }
        var window: RebuildWindow
        switch RebuildWindow.parseHours(hours) {
        case .success(let span): window = RebuildWindow(start: span.start, end: span.end)
        case .failure(let error):
            reader.error("\(what()).hours '\(hours)' \(error.reason)", at: hoursNode)
            return nil
        }
        if let daysNode = fields["days"], let entries = reader.strings(daysNode, what: "\(what()).days") {
            switch RebuildWindow.parseDays(entries) {
            case .success(let days): window.days = days
            case .failure(let error):
                reader.error("\(what()).days: \(error.reason)", at: daysNode)
                return nil
            }
        }
        if window.length < RebuildWindow.shortest {
            reader.error("\(what()) is open \(window.length) a day; make it at least \(RebuildWindow.shortest), so a Warehouse can look for new digests while it is open", at: hoursNode)
            return nil
        }
        return window
    }

    private static func decodeRebuildRetry(_ node: YAMLNode, what: @autoclosure () -> String, base: TriggerRetry, reader: inout YAMLNodeReader) -> TriggerRetry? {
        guard let fields = reader.mapping(node, what: what(), allowed: Keys.rebuildRetry) else { return nil }
        var retry = base
        if let value = fields["attempts"], let attempts = reader.int(value, what: "\(what()).attempts", in: ConfigSchema.retryAttempts) { retry.attempts = attempts }
        if let value = fields["timeout"], let timeout = reader.duration(value, what: "\(what()).timeout") {
            if timeout.seconds > 0 { retry.timeout = timeout } else { reader.error("\(what()).timeout must be longer than 0s", at: value) }
        }
        if let value = fields["interval"], let interval = reader.duration(value, what: "\(what()).interval") {
            if interval < TriggerRetry.shortestInterval {
                reader.error("\(what()).interval \(interval) is shorter than Kargo's floor of \(TriggerRetry.shortestInterval)", at: value)
            } else {
                retry.interval = interval
            }
        }
        if retry.interval > retry.timeout {
            reader.error("\(what()): interval \(retry.interval) is longer than timeout \(retry.timeout), so a failed request would never be sent again", at: node)
        }
        return retry
    }

    private static func decodeNotification(_ node: YAMLNode, what: @autoclosure () -> String, reader: inout YAMLNodeReader) -> RebuildNotification? {
        guard let fields = reader.mapping(node, what: what(), allowed: Keys.notify) else { return nil }
        guard let secretNode = fields["webhookSecret"] else {
            reader.error("\(what()) needs `webhookSecret`: the Secret whose key holds the incoming-webhook URL", at: node)
            return nil
        }
        guard let webhook = decodeSecret(secretNode, what: "\(what()).webhookSecret", defaultKey: RebuildNotification.defaultKey, reader: &reader) else { return nil }
        var notification = RebuildNotification(webhook: webhook)
        if let value = fields["on"], let events = reader.strings(value, what: "\(what()).on") {
            var chosen: [RebuildNotification.Event] = []
            for event in events {
                guard let known = RebuildNotification.Event(rawValue: event) else {
                    reader.error("\(what()).on '\(event)' is not an event (triggered, failed)", at: value)
                    return nil
                }
                if !chosen.contains(known) { chosen.append(known) }
            }
            if chosen.isEmpty {
                reader.error("\(what()).on is empty; write `notify: false` to post nothing", at: value)
                return nil
            }
            notification.events = RebuildNotification.Event.allCases.filter(chosen.contains)
        }
        return notification
    }

    // swiftlint:disable:next function_body_length
    private static func decodeBuild(_ node: YAMLNode, into build: inout BuildSpec, label: @autoclosure () -> String, reader: inout YAMLNodeReader) {
        guard let fields = reader.mapping(node, what: "build", allowed: Keys.build) else { return }
        if let value = fields["generate"], let flag = reader.bool(value, what: "build.generate") { build.generate = flag }
        if let value = fields["platforms"] { build.platforms = checkedStrings(value, what: "build.platforms", FieldRule.platform.check, reader: &reader) }
        if let value = fields["target"] { build.target = checkedString(value, what: "build.target", FieldRule.stageName.check, reader: &reader) }
        if let value = fields["args"], let lines = reader.strings(value, what: "build.args") {
            var seen: Set<String> = []
            for line in lines {
                switch FieldRule.buildArgument(line) {
                case .success(let argument):
                    if !seen.insert(argument.key).inserted {
                        reader.error("build.args sets '\(argument.key)' twice", at: value)
                    } else {
                        build.args.append(argument)
                    }
                case .failure(let error):
                    reader.error("build.args entry '\(line)' \(error.reason)", at: value)
                }
            }
        }
        if let value = fields["argsFile"] { build.argsFile = checkedString(value, what: "build.argsFile", FieldRule.repositoryPath.check, reader: &reader) }
        if let value = fields["tags"], let texts = reader.strings(value, what: "build.tags") {
            var names: [String: String] = [:]
            for text in texts {
                do throws(ImageTagError) {
                    let tag = try ImageTag.parse(text)
                    if let earlier = names[tag.name] {
                        reader.error("build.tags: '\(text)' and '\(earlier)' are both named '\(tag.name)'; name one of them with name=value", at: value)
                        continue
                    }
                    names[tag.name] = text
                    build.tags.append(tag)
                } catch {
                    reader.error("build.tags: \(error.reason)", at: value)
                }
            }
        }
        if let value = fields["repositories"] {
            build.repositories = checkedStrings(value, what: "build.repositories", FieldRule.imageRepository.check, reader: &reader) ?? []
        }
        if let value = fields["devRepositories"] {
            build.devRepositories = checkedStrings(value, what: "build.devRepositories", FieldRule.imageRepository.check, reader: &reader)
        }
        if let value = fields["schedule"] { build.schedule = checkedString(value, what: "build.schedule", FieldRule.cron.check, reader: &reader) }
        if let value = fields["dispatchEvents"] {
            build.dispatchEvents = checkedStrings(value, what: "build.dispatchEvents", FieldRule.dispatchEvent.check, reader: &reader)
        }
        if let value = fields["versionFile"] { build.versionFile = checkedString(value, what: "build.versionFile", FieldRule.repositoryPath.check, reader: &reader) }
        if let value = fields["releaseTagPrefix"] {
            build.releaseTagPrefix = checkedString(value, what: "build.releaseTagPrefix", FieldRule.releaseTagPrefix.check, reader: &reader)
        }
        if !build.generate {
            let generatedOnly = ["platforms", "target", "args", "argsFile", "tags", "repositories", "devRepositories", "schedule", "dispatchEvents", "versionFile", "releaseTagPrefix"]
            for key in generatedOnly {
                if let value = fields[key] {
                    reader.error("build.\(key) configures the generated workflow, but \(label()) is built by its own `source.workflow` (set build.generate: true to have synth write it)", at: value)
                }
            }
        }
    }

    private static func decodeSource(
        _ node: YAMLNode, image: String, label: @autoclosure () -> String, reader: inout YAMLNodeReader, locations: inout FieldLocations
    ) -> SourceSpec? {
        guard let fields = reader.mapping(node, what: "source", allowed: Keys.source) else { return nil }
        locations.reserveCapacity(locations.count + fields.entries.count)
        for entry in fields.entries { locations.add("source." + entry.key, reader.location(of: entry.value)) }
        var provider = SourceSpec.Provider.github
        if let value = fields["provider"], let choice = reader.choice(value, what: "source.provider", as: SourceSpec.Provider.self) { provider = choice }
        func field(_ key: String, required: Bool, _ rule: (String) -> String?) -> String? {
            guard let value = fields[key] else {
                if required { reader.error("source of \(label()) is missing `\(key)`", at: node) }
                return nil
            }
            guard let text = reader.string(value, what: "source.\(key)") else { return nil }
            if let reason = rule(text) {
                reader.error("source.\(key) '\(text)' \(reason)", at: value)
                return nil
            }
            return text
        }
        let repo = field("repo", required: true, provider == .gitlab ? FieldRule.gitlabProject.check : FieldRule.githubRepo.check)
        let branch = field("branch", required: false, FieldRule.branch.check)
        let dockerfile = field("dockerfile", required: true, FieldRule.repositoryPath.check)
        let context = field("context", required: false, FieldRule.repositoryPath.check)
        let workflow = field("workflow", required: false, FieldRule.workflowFile.check)
        if fields["workflow"] != nil, workflow == nil { return nil }
        var inputs: [DeclaredInput]?
        if let value = fields["inputs"] { inputs = decodeDeclaredInputs(value, reader: &reader) }
        var host = field("host", required: false, FieldRule.registryHost.check)
        var triggerToken = fields["triggerToken"].flatMap { decodeSecret($0, what: "source.triggerToken", reader: &reader) }
        switch provider {
        case .github:
            for key in ["host", "triggerToken"] {
                if let value = fields[key] { reader.error("source.\(key) is for GitLab sources; \(label()) is on GitHub (set provider: gitlab)", at: value) }
            }
            host = nil
            triggerToken = nil
        case .gitlab:
            for key in ["workflow", "inputs"] {
                if let value = fields[key] {
                    reader.error("source.\(key) names a GitHub workflow; \(label()) is on GitLab, whose pipeline is started with a trigger token", at: value)
                }
            }
            host = host ?? SourceSpec.defaultGitLabHost
            if fields["triggerToken"] == nil {
                reader.error("source of \(label()) is on GitLab and needs `triggerToken`: the Secret with the project's pipeline trigger token", at: node)
            }
            if triggerToken == nil { return nil }
        }
        guard let repo, let dockerfile else { return nil }
        return SourceSpec(
            provider: provider, repo: repo, branch: branch ?? "main", dockerfile: dockerfile, context: context,
            workflow: workflow ?? SourceSpec.generatedWorkflowFile(image: image), inputs: inputs, host: host, triggerToken: triggerToken)
    }

    private static func decodeDeclaredInputs(_ node: YAMLNode, reader: inout YAMLNodeReader) -> [DeclaredInput]? {
        guard case .sequence(let sequence) = node else {
            reader.error("source.inputs must be a list of input names, found \(YAMLNodeReader.describe(node))", at: node)
            return nil
        }
        var inputs: [DeclaredInput] = []
        for item in sequence {
            var input: DeclaredInput?
            if case .scalar = item {
                input = checkedString(item, what: "source.inputs entry", FieldRule.inputName.check, reader: &reader).map { DeclaredInput($0) }
            } else if let fields = reader.mapping(item, what: "a source.inputs entry", allowed: Keys.declaredInput) {
                guard let nameNode = fields["name"] else {
                    reader.error("a source.inputs entry needs `name`", at: item)
                    continue
                }
                let required = fields["required"].flatMap { reader.bool($0, what: "source.inputs required") } ?? false
                input = checkedString(nameNode, what: "source.inputs name", FieldRule.inputName.check, reader: &reader).map { DeclaredInput($0, required: required) }
            }
            guard let input else { continue }
            if inputs.contains(where: { $0.name == input.name }) {
                reader.error("source.inputs lists '\(input.name)' twice", at: item)
                continue
            }
            inputs.append(input)
        }
        return inputs
    }

    /// The images whose name and repository are not taken by an earlier entry; the others are reported.
    private static func unique(_ images: [ImageSpec], reader: inout YAMLNodeReader) -> [ImageSpec] {
        var byName: [String: Int] = [:]
        var byRepository: [String: Int] = [:]
        byName.reserveCapacity(images.count)
        byRepository.reserveCapacity(images.count)
        var clashing: [Int] = []
        // Fields are read through the index: copying an ImageSpec is dearer than the checks.
        for index in images.indices {
            var clash = false
            if let earlier = byName[images[index].name] {
                reader.diagnostics.error(
                    "image name '\(images[index].name)' is used twice (first at \(images[earlier].location.map(\.description) ?? "?"))",
                    at: images[index].location)
                clash = true
            } else {
                byName[images[index].name] = index
            }
            let repository = images[index].repositoryURL.lowercased()
            if let earlier = byRepository[repository] {
                reader.diagnostics.error(
                    "images '\(images[earlier].name)' and '\(images[index].name)' are the same repository \(images[index].repositoryURL); list it once",
                    at: images[index].locations["repository"] ?? images[index].location)
                clash = true
            } else {
                byRepository[repository] = index
            }
            if clash { clashing.append(index) }
        }
        guard !clashing.isEmpty else { return images }
        var kept = images
        for index in clashing.reversed() { kept.remove(at: index) }
        return kept
    }
}
