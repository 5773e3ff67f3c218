import ImageFactoryYAML
import ImageFactoryManifests

/// The keys of the delivery mappings, made once rather than for every entry.
extension ConfigDecoder.Keys {
    static let gitops = ConfigSchema.gitops.fieldNames
    static let environment = ConfigSchema.environment.fieldNames
    static let downstream = ConfigSchema.downstream.fieldNames
    static let webhookReceiver = ConfigSchema.webhookReceiver.fieldNames
}

/// Decodes what happens after an image is built: its `environments`, `gitops` settings, `downstream` dispatches
/// and the project's `webhookReceivers`.
extension ConfigDecoder {
    static func decodeGitOps(_ node: YAMLNode, what: @autoclosure () -> String, reader: inout YAMLNodeReader) -> GitOpsSettings? {
        guard let fields = reader.mapping(node, what: what(), allowed: Keys.gitops) else { return nil }
        var settings = GitOpsSettings()
        if let value = fields["mode"] { settings.mode = reader.choice(value, what: "\(what()).mode", as: GitOpsSettings.Mode.self) }
        if let value = fields["repo"] { settings.repo = checkedString(value, what: "\(what()).repo", FieldRule.gitopsRepository.check, reader: &reader) }
        if let value = fields["branch"] { settings.branch = checkedString(value, what: "\(what()).branch", FieldRule.branch.check, reader: &reader) }
        if let value = fields["tokenSecret"] {
            settings.tokenSecret = checkedString(value, what: "\(what()).tokenSecret", FieldRule.secretVariable.check, reader: &reader)
        }
        if let value = fields["eventType"] { settings.eventType = checkedString(value, what: "\(what()).eventType", FieldRule.dispatchEvent.check, reader: &reader) }
        return settings
    }

    /// An image's environments, checked against its GitOps settings and its source: GitHub mode needs the build
    /// workflow synth writes, and only Kargo can order environments or refresh Argo CD.
    // swiftlint:disable:next function_body_length cyclomatic_complexity
    static func decodeEnvironments(_ node: YAMLNode, image: ImageSpec, label: @autoclosure () -> String, reader: inout YAMLNodeReader) -> [EnvironmentSpec] {
        guard case .sequence(let sequence) = node else {
            reader.error("environments must be a list, found \(YAMLNodeReader.describe(node))", at: node)
            return []
        }
        let settings = image.gitops
        let mode = settings.effectiveMode
        if mode == .github {
            if image.source?.provider != .github || !image.build.generate {
                let why = image.source == nil ? "has no source"
                    : image.source?.provider == .gitlab ? "is built by GitLab" : "is built by its own `source.workflow`"
                reader.error(
                    "gitops.mode github adds a dispatch job to the build workflow synth writes, but \(label()) \(why); use mode kargo", at: node)
                return []
            }
        }
        var result: [EnvironmentSpec] = []
        var listed: [String] = []
        for item in sequence {
            guard let fields = reader.mapping(item, what: "an environments entry", allowed: Keys.environment) else { continue }
            let before = reader.diagnostics.diagnostics.count
            guard let nameNode = fields["name"] else {
                reader.error("an environments entry needs `name` (such as dev or prod)", at: item)
                continue
            }
            guard let name = checkedString(nameNode, what: "environment name", FieldRule.name.check, reader: &reader) else { continue }
            func what() -> String { "environment '\(name)' of \(label())" }
            if listed.contains(name) {
                reader.error("\(label()) lists environment '\(name)' twice", at: nameNode)
                continue
            }
            defer { listed.append(name) }
            var tags: String?
            if let value = fields["tags"], let pattern = reader.string(value, what: "\(what()): tags") {
                if let reason = mode == .github ? FieldRule.portableRegex(pattern) : FieldRule.goRegex(pattern) { reader.error("\(what()): tags '\(pattern)' \(reason)", at: value) } else { tags = pattern }
            }
            var after: String?
            if let value = fields["after"], let upstream = reader.string(value, what: "\(what()): after") {
                if mode == .github {
                    reader.error("\(what()): `after` orders promotions in Kargo; in gitops.mode github every environment takes the tags that match its `tags`", at: value)
                } else if upstream == name {
                    reader.error("\(what()) cannot come after itself", at: value)
                } else if !listed.contains(upstream) {
                    var message = "\(what()) comes after '\(upstream)', which is not an environment listed before it"
                    if !listed.isEmpty { message += " (\(listed.joined(separator: ", ")))" }
                    reader.error(message, at: value)
                } else {
                    after = upstream
                }
            }
            if fields["tags"] == nil, fields["after"] == nil {
                reader.error("\(what()) needs `tags`: a regular expression its tags match (such as -dev$)", at: item)
            }
            if let value = fields["tags"], fields["after"] != nil {
                reader.error("\(what()) takes what passed its `after` environment, so it has no `tags` of its own", at: value)
            }
            if mode == .github {
                for key in ["argocdApp", "autoPromote", "strategy"] {
                    if let value = fields[key] {
                        reader.error("\(what()): `\(key)` is for gitops.mode kargo; in mode github the GitOps repository's workflow commits every matching tag", at: value)
                    }
                }
            }
            let repoText = fields["repo"].flatMap { checkedString($0, what: "\(what()): repo", FieldRule.gitopsRepository.check, reader: &reader) }
            let branch = fields["branch"].flatMap { checkedString($0, what: "\(what()): branch", FieldRule.branch.check, reader: &reader) }
            let file = fields["file"].flatMap { checkedString($0, what: "\(what()): file", FieldRule.repositoryPath.check, reader: &reader) }
            if fields["file"] == nil { reader.error("\(what()) needs `file`: the values file in the GitOps repository", at: item) }
            let key = fields["key"].flatMap { checkedString($0, what: "\(what()): key", FieldRule.yamlKey.check, reader: &reader) }
            var app: ArgoCDApplication?
            if let value = fields["argocdApp"], let text = checkedString(value, what: "\(what()): argocdApp", FieldRule.argocdApplication.check, reader: &reader) {
                // A valid application name is ASCII, with a non-empty part on each side of its one `/`, if any.
                if let slash = text.utf8.firstIndex(of: UInt8(ascii: "/")) {
                    app = ArgoCDApplication(name: String(text[text.utf8.index(after: slash)...]), namespace: String(text[..<slash]))
                } else {
                    app = ArgoCDApplication(name: text)
                }
            }
            let autoPromote = fields["autoPromote"].flatMap { reader.bool($0, what: "\(what()): autoPromote") }
            var strategy: Kargo.ImageSubscription.SelectionStrategy?
            if let value = fields["strategy"], let choice = reader.choice(value, what: "\(what()): strategy", as: Kargo.ImageSubscription.SelectionStrategy.self) {
                if fields["after"] != nil {
                    reader.error("\(what()) takes the Freight of its `after` environment and has no Warehouse of its own, so no `strategy`", at: value)
                } else if choice == .digest {
                    reader.error("\(what()): strategy Digest watches one tag; an environment takes the newest of the tags that match `tags`", at: value)
                } else {
                    strategy = choice
                }
            }
            let repoFieldMissing = fields["repo"] == nil && settings.repo == nil
            if repoFieldMissing { reader.error("\(what()) needs a GitOps repository: `repo` here, or `gitops.repo` on the image or in defaults", at: item) }
            let repository = GitOpsRepository(repoText ?? settings.repo ?? "")
            if mode == .github, !repoFieldMissing, repository.github == nil {
                reader.error("\(what()): gitops.mode github dispatches to a GitHub repository (owner/name), not \(repository.url)", at: fields["repo"] ?? item)
            }
            guard reader.diagnostics.diagnostics.count == before, let file else { continue }
            result.append(EnvironmentSpec(
                name: name, tags: tags, after: after, repository: repository, branch: branch ?? settings.branch ?? GitOpsSettings.defaultBranch,
                file: file, key: key ?? EnvironmentSpec.defaultKey, argocdApp: app, autoPromote: autoPromote ?? EnvironmentSpec.promotesAutomatically(name: name, isFirst: result.isEmpty),
                strategy: strategy, location: reader.location(of: item)))
        }
        return result
    }

    static func decodeDownstream(_ node: YAMLNode, label: @autoclosure () -> String, reader: inout YAMLNodeReader) -> [DownstreamDispatch] {
        guard case .sequence(let sequence) = node else {
            reader.error("downstream must be a list, found \(YAMLNodeReader.describe(node))", at: node)
            return []
        }
        var result: [DownstreamDispatch] = []
        var seen: Set<String> = []
        for item in sequence {
            guard let fields = reader.mapping(item, what: "a downstream entry", allowed: Keys.downstream) else { continue }
            let before = reader.diagnostics.diagnostics.count
            let repo = fields["repo"].flatMap { checkedString($0, what: "downstream repo", FieldRule.githubRepo.check, reader: &reader) }
            if fields["repo"] == nil { reader.error("a downstream entry needs `repo` (owner/name)", at: item) }
            let eventType = fields["eventType"].flatMap { checkedString($0, what: "downstream eventType", FieldRule.dispatchEvent.check, reader: &reader) }
            let workflow = fields["workflow"].flatMap { checkedString($0, what: "downstream workflow", FieldRule.workflowFile.check, reader: &reader) }
            let ref = fields["ref"].flatMap { checkedString($0, what: "downstream ref", FieldRule.branch.check, reader: &reader) }
            let token = fields["tokenSecret"].flatMap { decodeSecret($0, what: "downstream tokenSecret", reader: &reader) }
            switch (fields["eventType"], fields["workflow"]) {
            case (nil, nil):
                reader.error("a downstream entry needs `eventType` (repository_dispatch) or `workflow` (workflow_dispatch)", at: item)
            case (.some, .some(let value)):
                reader.error("a downstream entry sends either a repository_dispatch (`eventType`) or a workflow_dispatch (`workflow`), not both", at: value)
            default:
                break
            }
            if let value = fields["ref"], fields["workflow"] == nil {
                reader.error("downstream `ref` is the branch a workflow_dispatch runs on; a repository_dispatch always runs the default branch", at: value)
            }
            guard reader.diagnostics.diagnostics.count == before, let repo else { continue }
            let kind: DownstreamDispatch.Kind
            if let workflow {
                kind = .workflowDispatch(workflow: workflow, ref: ref ?? GitOpsSettings.defaultBranch)
            } else if let eventType {
                kind = .repositoryDispatch(eventType: eventType)
            } else {
                continue
            }
            let identity = "\(repo)|\(kind)"
            if !seen.insert(identity).inserted {
                reader.error("\(label()) lists the downstream dispatch to \(repo) twice", at: item)
                continue
            }
            result.append(DownstreamDispatch(repo: repo, kind: kind, token: token, location: reader.location(of: item)))
        }
        return result
    }

    static func decodeWebhookReceivers(_ node: YAMLNode, reader: inout YAMLNodeReader) -> [WebhookReceiverSpec] {
        guard case .sequence(let sequence) = node else {
            reader.error("project.webhookReceivers must be a list, found \(YAMLNodeReader.describe(node))", at: node)
            return []
        }
        var result: [WebhookReceiverSpec] = []
        var names: [String: InputLocation?] = [:]
        for item in sequence {
            guard let fields = reader.mapping(item, what: "a project.webhookReceivers entry", allowed: Keys.webhookReceiver) else { continue }
            let before = reader.diagnostics.diagnostics.count
            guard let typeNode = fields["type"] else {
                reader.error("a webhook receiver needs `type`: \(WebhookReceiverSpec.Kind.allCases.map(\.rawValue).joined(separator: ", "))", at: item)
                continue
            }
            guard let kind = reader.choice(typeNode, what: "webhook receiver type", as: WebhookReceiverSpec.Kind.self) else { continue }
            let name = fields["name"].flatMap { checkedString($0, what: "webhook receiver name", FieldRule.name.check, reader: &reader) } ?? kind.rawValue
            let secret = fields["secret"].flatMap { checkedString($0, what: "webhook receiver secret", FieldRule.secretName.check, reader: &reader) }
            if fields["secret"] == nil {
                reader.error("webhook receiver '\(name)' needs `secret`: the Secret holding its shared secret (key `\(kind.secretKey)`)", at: item)
            }
            var whenExpression: String?
            if let value = fields["whenExpression"], let text = reader.string(value, what: "webhook receiver whenExpression") {
                if kind != .generic {
                    reader.error("whenExpression is for generic receivers; Kargo checks \(kind.rawValue) calls itself", at: value)
                } else if text.contains("${{") {
                    reader.error("whenExpression is a raw expr condition; write it without ${{ }}", at: value)
                } else {
                    whenExpression = text
                }
            }
            if let earlier = names[name] {
                reader.error("webhook receiver name '\(name)' is used twice (first at \(earlier.map(\.description) ?? "?")); give one a `name`", at: item)
                continue
            }
            names[name] = reader.location(of: item)
            guard reader.diagnostics.diagnostics.count == before, let secret else { continue }
            result.append(WebhookReceiverSpec(name: name, kind: kind, secret: secret, whenExpression: whenExpression, location: reader.location(of: item)))
        }
        return result
    }
}
