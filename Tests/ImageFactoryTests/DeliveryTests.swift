import PropertyBased
import InlineSnapshotTesting
import Testing
@testable import ImageFactory
import ImageFactoryManifests
import ImageFactoryTestSupport

/// Environments (Kargo mode), downstream dispatches and webhook receivers: images.yaml in, exact YAML out, and
/// every refusal with its location. Re-record with `SNAPSHOT_TESTING_RECORD=failed swift test`.
@Suite
struct DeliveryTests {
    /// An external image keeps the files small; environments work the same for images built here.
    static let app = """
        defaults:
          gitops: {repo: acme/gitops}
        images:
          - name: app
            registry: ghcr.io
            repository: acme/app
            allowTags: ^v[0-9]+$
        """

    static func with(_ lines: String) -> String { app + "\n" + lines.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n") }

    @Test func devThenProdInKargoMode() throws {
        let yaml = Self.with("""
            environments:
              - name: dev
                tags: -dev$
                file: apps/app/dev/values.yaml
                argocdApp: app-dev
              - name: prod
                after: dev
                file: apps/app/prod/values.yaml
                key: spec.image.tag
                argocdApp: argocd/app-prod
            """)
        let file = try Fixture.file("images/app.yaml", yaml)
        let environmentPart = String(file[file.range(of: "---\n")!.upperBound...])
        assertInlineSnapshot(of: environmentPart, as: .lines) {
            """
            apiVersion: kargo.akuity.io/v1alpha1
            kind: Stage
            metadata:
              name: app-dev
              namespace: image-factory
              labels:
                app.kubernetes.io/managed-by: image-factory
                image-factory.io/auto-promote: "true"
                image-factory.io/environment: dev
                image-factory.io/image: app
                image-factory.io/role: environment
            spec:
              requestedFreight:
              - origin:
                  kind: Warehouse
                  name: app-dev
                sources:
                  direct: true
              promotionTemplate:
                spec:
                  steps:
                  - task:
                      name: gitops-update
                    as: gitops
                    vars:
                    - name: gitopsRepo
                      value: https://github.com/acme/gitops.git
                    - name: branch
                      value: main
                    - name: file
                      value: apps/app/dev/values.yaml
                    - name: key
                      value: image.tag
                    - name: imageRepo
                      value: ghcr.io/acme/app
                    - name: image
                      value: app
                    - name: environment
                      value: dev
                    - name: source
                      value: external image ghcr.io/acme/app
                  - uses: argocd-update
                    config:
                      apps:
                      - name: app-dev
                        sources:
                        - repoURL: https://github.com/acme/gitops.git
                          desiredRevision: ${{ quote(outputs.gitops.commit) }}
            ---
            apiVersion: kargo.akuity.io/v1alpha1
            kind: Stage
            metadata:
              name: app-prod
              namespace: image-factory
              labels:
                app.kubernetes.io/managed-by: image-factory
                image-factory.io/auto-promote: "false"
                image-factory.io/environment: prod
                image-factory.io/image: app
                image-factory.io/role: environment
            spec:
              requestedFreight:
              - origin:
                  kind: Warehouse
                  name: app-dev
                sources:
                  stages:
                  - app-dev
              promotionTemplate:
                spec:
                  steps:
                  - task:
                      name: gitops-update
                    as: gitops
                    vars:
                    - name: gitopsRepo
                      value: https://github.com/acme/gitops.git
                    - name: branch
                      value: main
                    - name: file
                      value: apps/app/prod/values.yaml
                    - name: key
                      value: spec.image.tag
                    - name: imageRepo
                      value: ghcr.io/acme/app
                    - name: image
                      value: app
                    - name: environment
                      value: prod
                    - name: source
                      value: external image ghcr.io/acme/app
                  - uses: argocd-update
                    config:
                      apps:
                      - name: app-prod
                        namespace: argocd
                        sources:
                        - repoURL: https://github.com/acme/gitops.git
                          desiredRevision: ${{ quote(outputs.gitops.commit) }}

            """
        }
    }

    @Test func environmentsAreDrawnAfterTheirImage() throws {
        let yaml = Self.with("""
            environments:
              - {name: dev, tags: -dev$, file: dev.yaml}
              - {name: prod, after: dev, file: prod.yaml}
            """)
        let diagram = FactoryDiagram(plan: try Fixture.plan(yaml))
        assertInlineSnapshot(of: diagram.mermaid(), as: .lines) {
            """
            flowchart LR
                subgraph images["Images"]
                    img_app["ghcr.io/acme/app"]:::external
                end
                subgraph environments["Environments"]
                    env_app_dev[["app dev"]]
                    env_app_prod[["app prod"]]
                end
                img_app ==> env_app_dev
                env_app_dev -. manual .-> env_app_prod
                classDef external stroke-dasharray: 4 4

            """
        }
        #expect(diagram.dot().contains("\"img_app\" -> \"env_app_dev\" [style=bold, tooltip=\"app-dev\"];"))
        #expect(diagram.dot().contains("\"env_app_dev\" -> \"env_app_prod\" [style=dashed, label=\"manual\", tooltip=\"app-prod\"];"))
    }

    @Test func independentEnvironmentsEachWatchTheirTags() throws {
        let yaml = Self.with("""
            environments:
              - name: dev
                tags: -dev$
                file: dev.yaml
              - name: prod
                tags: -stable$
                strategy: SemVer
                autoPromote: true
                repo: https://git.example.com/ops/deploy.git
                branch: release
                file: prod.yaml
            """)
        let plan = try Fixture.plan(yaml)
        let warehouses = plan.objects.compactMap { $0 as? Kargo.Warehouse }.filter { $0.metadata.labels[FactoryLabels.role] == "environment" }
        #expect(warehouses.map(\.metadata.name) == ["app-dev", "app-prod"])
        let stages = plan.objects.compactMap { $0 as? Kargo.Stage }
        #expect(stages.map(\.metadata.name) == ["app-dev", "app-prod"])
        #expect(stages.map { $0.metadata.labels[FactoryLabels.autoPromote] } == ["true", "true"])
        #expect(stages.map { $0.requestedFreight.map(\.warehouse) } == [["app-dev"], ["app-prod"]])
        let prod = yamlDocuments([try #require(warehouses.last), try #require(stages.last)])
        #expect(prod.contains("imageSelectionStrategy: SemVer\n      strictSemvers: false\n      allowTagsRegexes:\n      - -stable$"))
        #expect(prod.contains("value: https://git.example.com/ops/deploy.git"))
        #expect(prod.contains("- name: branch\n          value: release"))
        #expect(!prod.contains("argocd-update"))
    }

    /// In Kargo mode a tag reaches an environment only through that environment's Warehouse, whose
    /// `allowTagsRegexes` are the environment's `tags`: a tag matching none makes no Freight anywhere.
    @Test(arguments: [
        ("v1.2.3-dev", ["app-dev"]),
        ("v1.2.3-stable", ["app-prod"]),
        ("v1.2.3", [String]()),
        ("pr-12", []),
    ])
    func aTagReachesOnlyTheEnvironmentsItMatches(tag: String, expected: [String]) throws {
        let yaml = Self.with("""
            environments:
              - {name: dev, tags: -dev$, file: dev.yaml}
              - {name: prod, tags: -stable$, file: prod.yaml}
            """)
        let warehouses = try Fixture.plan(yaml).objects.compactMap { $0 as? Kargo.Warehouse }.filter { $0.metadata.labels[FactoryLabels.role] == "environment" }
        let admitting = try warehouses.filter { warehouse in
            guard case .image(let subscription) = warehouse.subscriptions.first else { return false }
            return try subscription.allowTagsRegexes.allSatisfy { try Regex($0).firstMatch(in: tag) != nil }
        }
        #expect(admitting.map(\.metadata.name) == expected)
    }

    @Test func laterEnvironmentsWaitForAPersonByDefault() throws {
        let yaml = Self.with("""
            environments:
              - {name: dev, tags: -dev$, file: dev.yaml}
              - {name: staging, tags: -rc$, file: staging.yaml}
              - {name: prod, after: staging, file: prod.yaml}
            """)
        let stages = try Fixture.plan(yaml).objects.compactMap { $0 as? Kargo.Stage }
        #expect(stages.map { "\($0.metadata.name)=\($0.metadata.labels[FactoryLabels.autoPromote] ?? "")" } == [
            "app-dev=true", "app-staging=false", "app-prod=false",
        ])
        #expect(stages.last?.requestedFreight == [Kargo.FreightRequest(warehouse: "app-staging", sources: .upstream("app-staging"))])
    }

    /// Production deploys only when images.yaml says so, even as an image's first or only environment.
    @Test(arguments: [
        ("- {name: prod, tags: -stable$, file: prod.yaml}", ["app-prod=false"]),
        ("- {name: production, tags: -stable$, file: prod.yaml}\n- {name: dev, tags: -dev$, file: dev.yaml}", ["app-production=false", "app-dev=false"]),
        ("- {name: live, tags: -stable$, file: prod.yaml, autoPromote: true}", ["app-live=true"]),
        ("- {name: staging, tags: -rc$, file: staging.yaml}", ["app-staging=true"]),
    ])
    func productionWaitsForAPersonByDefault(environments: String, expected: [String]) throws {
        let stages = try Fixture.plan(Self.with("environments:\n" + environments)).objects.compactMap { $0 as? Kargo.Stage }
        #expect(stages.map { "\($0.metadata.name)=\($0.metadata.labels[FactoryLabels.autoPromote] ?? "")" } == expected)
    }

    /// A GitOps repository that is also the image's source: the deploy commit must not count as a change to the
    /// image, or each deploy would start a build whose tag is deployed again. Files outside what the source
    /// watches, on another branch or in another repository are left alone.
    @Test func deployFilesInTheSourceRepositoryStartNoBuild() throws {
        let yaml = """
            defaults:
              gitops: {repo: acme/platform}
            images:
              - name: web
                registry: ghcr.io
                repository: acme/web
                source: {repo: acme/platform, dockerfile: apps/web/Dockerfile}
                environments:
                  - {name: dev, tags: -dev$, file: apps/web/deploy/dev.yaml}
                  - {name: prod, tags: -stable$, file: apps/web/deploy/prod.yaml, repo: https://github.com/Acme/Platform}
                  - {name: qa, tags: -qa$, file: apps/web/deploy/qa.yaml, branch: deploy}
                  - {name: ops, tags: -ops$, file: ops/web.yaml}
              - name: api
                registry: ghcr.io
                repository: acme/api
                source: {repo: acme/platform, dockerfile: Dockerfile}
                environments:
                  - {name: dev, tags: -dev$, file: apps/api/dev.yaml, repo: acme/gitops}
            """
        let dockerfiles = ["apps/web/Dockerfile": "FROM alpine:3.20\n", "Dockerfile": "FROM alpine:3.20\n"]
        let files = try Fixture.files(yaml, dockerfiles: dockerfiles)
        // A generated build records its commit in the image, so the analysis needs no source Warehouse; an image
        // built by its own workflow gets one, which must leave the deploy files out too.
        #expect(files["images/web.yaml"]?.contains("-source") == false)
        let ownWorkflows = yaml
            .replacingOccurrences(of: "dockerfile: apps/web/Dockerfile}", with: "dockerfile: apps/web/Dockerfile, workflow: web.yml}")
            .replacingOccurrences(of: "dockerfile: Dockerfile}", with: "dockerfile: Dockerfile, workflow: api.yml}")
        let ownFiles = try Fixture.files(ownWorkflows, dockerfiles: dockerfiles)
        let web = try #require(ownFiles["images/web.yaml"])
        #expect(web.contains("""
                  includePaths:
                  - apps/web
                  excludePaths:
                  - apps/web/deploy/dev.yaml
                  - apps/web/deploy/prod.yaml
                  blobless: true
            """))
        let webBuild = try #require(files["workflows/acme/platform/build-web.yml"])
        #expect(webBuild.contains("""
                paths:
                - apps/web/**
                - .github/workflows/build-web.yml
                - .github/workflows/image-builder.yml
                - '!apps/web/deploy/dev.yaml'
                - '!apps/web/deploy/prod.yaml'
            """))
        // The repository root is the context: every deploy file on its branch is inside it.
        let api = try #require(ownFiles["images/api.yaml"])
        #expect(api.contains("""
                  excludePaths:
                  - apps/web/deploy/dev.yaml
                  - apps/web/deploy/prod.yaml
                  - ops/web.yaml
                  blobless: true
            """))
        let apiBuild = try #require(files["workflows/acme/platform/build-api.yml"])
        #expect(apiBuild.contains("""
                paths:
                - '**'
                - '!apps/web/deploy/dev.yaml'
                - '!apps/web/deploy/prod.yaml'
                - '!ops/web.yaml'
            """))
    }

    /// Values Kargo would read as numbers (a branch `2026`, a key `0`, a numeric commit) reach the steps as strings.
    @Test func everyWholeExpressionInTheGitOpsStepsIsQuoted() throws {
        let yaml = Self.with("""
            environments:
              - {name: dev, tags: -dev$, file: dev.yaml, branch: "2026", argocdApp: app-dev}
            """)
        let files = try Fixture.files(yaml)
        let tasks = try #require(files["promotion-tasks.yaml"])
        #expect(tasks.contains("- branch: ${{ quote(vars.branch) }}"))
        #expect(tasks.contains(#"- key: '${{ (vars.key contains "\\" ? vars.key : quote(vars.key)) }}'"#))
        #expect(tasks.contains("targetBranch: ${{ quote(vars.branch) }}"))
        #expect(tasks.contains("commit: ${{ quote(task.outputs.push.commit) }}"))
        #expect(try #require(files["images/app.yaml"]).contains("desiredRevision: ${{ quote(outputs.gitops.commit) }}"))
        #expect(!tasks.contains("${{ vars.branch }}") && !tasks.contains("${{ vars.key }}"))
    }

    /// Every key images.yaml accepts reaches `yaml-update` as exactly that string. Kargo's `quote()` formats a string
    /// as Go's `%q` (a `\` doubled, a `"` escaped) and only strips the outer quotes, and a whole-expression result
    /// without them becomes a number, boolean or JSON when it parses as one: the task quotes a key only when `%q`
    /// leaves it alone, and passes a key with a `\` (which parses as none of those) as it is.
    @Test func everyAcceptedKeyReachesTheStepUnchanged() async throws {
        let tasks = try #require(try Fixture.files(Self.with("""
            environments:
              - {name: dev, tags: -dev$, file: dev.yaml, key: 'image\\.tag'}
            """))["promotion-tasks.yaml"])
        #expect(GitOpsUpdateTask.key.source == #"(vars.key contains "\\" ? vars.key : quote(vars.key))"#)
        #expect(tasks.contains("key: '\(GitOpsUpdateTask.key.templated)'"))

        /// What Kargo makes of the key expression's result for `key`.
        func evaluated(_ key: String) -> String? {
            if key.contains("\\") { return Self.kargoWholeResult(key) }
            return Self.kargoWholeResult(Self.goQuoted(key))
        }
        let pieces = ["0", "1", "20", "image", "tag", "a-b", "x_y", "example\\.com/tag", "1e5", "inf", "NaN", "true", "t", "null", "0x1p3", "-1", "e"]
        await propertyCheck(count: 500, input: Gen.int(in: 0...(pieces.count - 1)).array(of: 1...3)) { indices in
            let key = indices.map { pieces[$0] }.joined(separator: ".")
            guard FieldRule.yamlKey.check(key) == nil else { return }
            #expect(evaluated(key) == key, "key \(key)")
        }
        for key in ["0", "1.20", "true", "null", "image\\.tag", "annotations.example\\.com/tag", "spec.containers.0.image"] {
            #expect(FieldRule.yamlKey.check(key) == nil)
            #expect(evaluated(key) == key, "key \(key)")
        }
    }

    /// Go's `fmt.Sprintf("%q", text)` for text of printable ASCII (all a key may hold).
    static func goQuoted(_ text: String) -> String {
        var quoted = "\""
        for character in text {
            if character == "\"" || character == "\\" { quoted.append("\\") }
            quoted.append(character)
        }
        return quoted + "\""
    }

    /// Kargo v1.11's `EvaluateTemplate` after a whole expression returned `result`: quotes stripped and the rest
    /// kept; otherwise nil when it parses as a number (Go's `ParseFloat`, approximated by its grammar), a boolean or
    /// JSON, since the step would then get no string.
    static func kargoWholeResult(_ result: String) -> String? {
        if result.count > 1, result.hasPrefix("\""), result.hasSuffix("\"") { return String(result.dropFirst().dropLast()) }
        let lower = result.lowercased()
        let unsigned = lower.hasPrefix("-") || lower.hasPrefix("+") ? String(lower.dropFirst()) : lower
        if ["inf", "infinity", "nan"].contains(unsigned) { return nil }
        if unsigned.wholeMatch(of: /0x[0-9a-f_]*\.?[0-9a-f_]*(p[+-]?[0-9_]+)?/) != nil { return nil }
        if unsigned.wholeMatch(of: /([0-9]+\.?[0-9]*|\.[0-9]+)(e[+-]?[0-9]+)?/) != nil { return nil }
        if ["1", "t", "true", "0", "f", "false"].contains(lower) { return nil }
        if lower == "null" || result.hasPrefix("{") || result.hasPrefix("[") { return nil }
        return result
    }

    @Test func theGitOpsTaskClonesUpdatesCommitsAndPushes() throws {
        let yaml = Self.with("""
            environments:
              - {name: dev, tags: -dev$, file: dev.yaml}
            """)
        assertInlineSnapshot(of: try Fixture.file("promotion-tasks.yaml", yaml), as: .lines) {
            #"""
            # Generated by image-factory synth from images.yaml. Do not edit: change images.yaml and run `image-factory synth`.
            apiVersion: kargo.akuity.io/v1alpha1
            kind: PromotionTask
            metadata:
              name: gitops-update
              namespace: image-factory
              labels:
                app.kubernetes.io/managed-by: image-factory
                image-factory.io/role: environment
            spec:
              vars:
              - name: gitopsRepo
              - name: branch
              - name: file
              - name: key
              - name: imageRepo
              - name: image
              - name: environment
              - name: source
              steps:
              - uses: git-clone
                config:
                  repoURL: ${{ vars.gitopsRepo }}
                  checkout:
                  - branch: ${{ quote(vars.branch) }}
                    path: ./gitops
              - uses: yaml-update
                as: update
                config:
                  path: ./gitops/${{ vars.file }}
                  updates:
                  - key: '${{ (vars.key contains "\\" ? vars.key : quote(vars.key)) }}'
                    value: ${{ quote(imageFrom(vars.imageRepo).Tag) }}
              - uses: git-commit
                as: commit
                config:
                  path: ./gitops
                  message: |-
                    Deploy ${{ vars.image }} ${{ imageFrom(vars.imageRepo).Tag }} to ${{ vars.environment }}

                    Image: ${{ vars.imageRepo }}:${{ imageFrom(vars.imageRepo).Tag }}@${{ imageFrom(vars.imageRepo).Digest }}
                    Source: ${{ vars.source }}
                    Revision: ${{ (get(imageFrom(vars.imageRepo).Annotations, "org.opencontainers.image.revision") ?? "unknown") }}
                    Promotion: ${{ ctx.project }}/${{ ctx.stage }}/${{ ctx.promotion }}
              - uses: git-push
                as: push
                config:
                  path: ./gitops
                  targetBranch: ${{ quote(vars.branch) }}
              - uses: compose-output
                as: result
                config:
                  commit: ${{ quote(task.outputs.push.commit) }}

            """#
        }
    }

    @Test func downstreamDispatches() throws {
        let yaml = Self.with("""
            downstream:
              - {repo: acme/deploy, eventType: QUAY_BUILD_SUCCESS}
              - {repo: acme/e2e, workflow: e2e.yml, ref: release, tokenSecret: {name: e2e-token, key: pat}}
            """)
        let files = try Fixture.files(yaml)
        let image = try #require(files["images/app.yaml"])
        assertInlineSnapshot(of: String(image[image.range(of: "---\n")!.upperBound...]), as: .lines) {
            """
            apiVersion: kargo.akuity.io/v1alpha1
            kind: Stage
            metadata:
              name: dispatch-app-to-deploy
              namespace: image-factory
              labels:
                app.kubernetes.io/managed-by: image-factory
                image-factory.io/auto-promote: "true"
                image-factory.io/image: app
                image-factory.io/role: downstream-dispatch
            spec:
              requestedFreight:
              - origin:
                  kind: Warehouse
                  name: app
                sources:
                  direct: true
              promotionTemplate:
                spec:
                  steps:
                  - task:
                      name: github-repository-dispatch
                    as: dispatch
                    vars:
                    - name: repo
                      value: acme/deploy
                    - name: imageRepo
                      value: ghcr.io/acme/app
                    - name: image
                      value: app
                    - name: tokenSecret
                      value: github-token
                    - name: tokenKey
                      value: token
                    - name: eventType
                      value: QUAY_BUILD_SUCCESS
            ---
            apiVersion: kargo.akuity.io/v1alpha1
            kind: Stage
            metadata:
              name: dispatch-app-to-e2e
              namespace: image-factory
              labels:
                app.kubernetes.io/managed-by: image-factory
                image-factory.io/auto-promote: "true"
                image-factory.io/image: app
                image-factory.io/role: downstream-dispatch
            spec:
              requestedFreight:
              - origin:
                  kind: Warehouse
                  name: app
                sources:
                  direct: true
              promotionTemplate:
                spec:
                  steps:
                  - task:
                      name: github-workflow-dispatch-new-version
                    as: dispatch
                    vars:
                    - name: repo
                      value: acme/e2e
                    - name: imageRepo
                      value: ghcr.io/acme/app
                    - name: image
                      value: app
                    - name: tokenSecret
                      value: e2e-token
                    - name: tokenKey
                      value: pat
                    - name: workflow
                      value: e2e.yml
                    - name: ref
                      value: release

            """
        }
        let tasks = try #require(files["promotion-tasks.yaml"])
        assertInlineSnapshot(of: String(tasks[tasks.range(of: "---\n")!.upperBound...]), as: .lines) {
            """
            apiVersion: kargo.akuity.io/v1alpha1
            kind: PromotionTask
            metadata:
              name: github-workflow-dispatch-new-version
              namespace: image-factory
              labels:
                app.kubernetes.io/managed-by: image-factory
                image-factory.io/role: downstream-dispatch
            spec:
              vars:
              - name: repo
              - name: imageRepo
              - name: image
              - name: tokenSecret
              - name: tokenKey
              - name: workflow
              - name: ref
              steps:
              - uses: http
                as: dispatch
                retry:
                  errorThreshold: 19
                  timeout: 15m
                config:
                  method: POST
                  url: https://api.github.com/repos/${{ vars.repo }}/actions/workflows/${{ vars.workflow }}/dispatches
                  headers:
                  - name: Accept
                    value: application/vnd.github+json
                  - name: Authorization
                    value: Bearer ${{ secret(vars.tokenSecret)[vars.tokenKey] }}
                  - name: X-GitHub-Api-Version
                    value: "2022-11-28"
                  - name: Content-Type
                    value: application/json
                  body: '${% quote({"ref": vars.ref, "inputs": {"image": vars.imageRepo, "tag": imageFrom(vars.imageRepo).Tag, "digest": imageFrom(vars.imageRepo).Digest, "short_sha": (len((get(imageFrom(vars.imageRepo).Annotations, "org.opencontainers.image.revision") ?? "")) > 8 ? (get(imageFrom(vars.imageRepo).Annotations, "org.opencontainers.image.revision") ?? "")[:8] : (get(imageFrom(vars.imageRepo).Annotations, "org.opencontainers.image.revision") ?? ""))}}) %}'
                  timeout: 30s
                  pollInterval: 1m
                  successExpression: response.status == 204 || response.status == 200
                  failureExpression: response.status in [400, 401, 404, 422] || (response.status == 403 && response.header("X-RateLimit-Remaining") != "0" && response.header("Retry-After") == "")
                  errorExpression: |-
                    (response.status == 400 ? "GitHub could not parse the workflow_dispatch request (400 Bad Request)" :
                    response.status == 401 ? "GitHub rejected the token (401 Unauthorized): check key '${{ vars.tokenKey }}' of Secret '${{ vars.tokenSecret }}'" :
                    response.status == 403 ? "the token may not dispatch workflows in ${{ vars.repo }} (403 Forbidden): it needs Actions: write on that repository" :
                    response.status == 404 ? "workflow '${{ vars.workflow }}' was not found in ${{ vars.repo }}, or the token cannot see that repository (404 Not Found)" :
                    response.status == 422 ? "GitHub refused the inputs (422 Unprocessable Entity): '${{ vars.workflow }}' must declare the workflow_dispatch inputs image, tag, digest and short_sha, and ref '${{ vars.ref }}' must exist" :
                    "GitHub answered HTTP " + string(response.status))
                    + " (GitHub says: " + string(response.body?.message ?? "nothing") + ")"

            """
        }
    }

    /// With `notify` on failures, a dispatch that failed for good is posted to the webhook, as a rebuild trigger's
    /// failure is; an image that is told only of triggered rebuilds, or says `notify: false`, keeps the plain task.
    @Test(arguments: [
        ("", ["github-repository-dispatch-notify-chat"]),
        ("notify: false", ["github-repository-dispatch"]),
        ("notify: {webhookSecret: {name: chat}, on: triggered}", ["github-repository-dispatch"]),
        ("notify: {webhookSecret: {name: ops, key: hook}, on: failed}", ["github-repository-dispatch-notify-ops-hook"]),
    ])
    func aFailedDispatchIsPostedWhenNotifySaysSo(setting: String, tasks: [String]) throws {
        let yaml = """
            defaults:
              gitops: {repo: acme/gitops}
              notify: {webhookSecret: {name: chat}}
            images:
              - name: app
                registry: ghcr.io
                repository: acme/app
                allowTags: ^v[0-9]+$
                downstream: [{repo: acme/deploy, eventType: QUAY_BUILD_SUCCESS}]
                \(setting)
            """
        let plan = try Fixture.plan(yaml)
        let task = try #require(plan.objects.compactMap { $0 as? Kargo.PromotionTask }.first)
        #expect([task.metadata.name] == tasks)
        let rendered = yamlDocuments([task])
        #expect(rendered.contains("as: notify-failed\n    if: ${{ failure() }}\n    continueOnError: true") == (tasks[0] != "github-repository-dispatch"))
        #expect(!rendered.contains("notify-triggered"))
        if tasks[0].hasSuffix("ops-hook") {
            #expect(rendered.contains(#"url: ${{ secret("ops")["hook"] }}"#))
            #expect(rendered.contains(#":x: Could not tell " + vars.repo + " about the new version `" + (imageFrom(vars.imageRepo)?.Tag ?? "unknown") + "` of *" + vars.image"#))
        }
    }

    @Test func aRetryPolicyNamesItsOwnDispatchTask() throws {
        let yaml = """
            defaults:
              rebuildRetry: {attempts: 5}
            images:
              - {name: app, registry: ghcr.io, repository: acme/app, allowTags: ^v, downstream: [{repo: acme/deploy, eventType: go}]}
            """
        let tasks = try Fixture.plan(yaml).objects.compactMap { $0 as? Kargo.PromotionTask }
        #expect(tasks.map(\.metadata.name) == ["github-repository-dispatch-retry-5x-15m-every-1m"])
    }

    @Test func webhookReceivers() throws {
        let yaml = """
            project:
              webhookReceivers:
                - {type: quay, secret: webhook-quay}
                - {type: github, secret: webhook-github}
                - {type: gitlab, name: gitlab-ci, secret: webhook-gitlab}
                - {type: dockerhub, secret: webhook-dockerhub}
                - {type: generic, secret: webhook-generic, whenExpression: "request.header('X-Event') == 'push'"}
            images:
              - {name: app, registry: ghcr.io, repository: acme/app, allowTags: ^v}
            """
        let project = try Fixture.file("project.yaml", yaml)
        assertInlineSnapshot(of: String(project[project.range(of: "  webhookReceivers:")!.lowerBound...]), as: .lines) {
            """
              webhookReceivers:
              - name: quay
                quay:
                  secretRef:
                    name: webhook-quay
              - name: github
                github:
                  secretRef:
                    name: webhook-github
              - name: gitlab-ci
                gitlab:
                  secretRef:
                    name: webhook-gitlab
              - name: dockerhub
                dockerhub:
                  secretRef:
                    name: webhook-dockerhub
              - name: generic
                generic:
                  secretRef:
                    name: webhook-generic
                  actions:
                  - action: Refresh
                    whenExpression: request.header('X-Event') == 'push'
                    targetSelectionCriteria:
                    - kind: Warehouse
                      labelSelector:
                        matchLabels:
                          app.kubernetes.io/managed-by: image-factory
                        matchExpressions:
                        - key: image-factory.io/role
                          operator: In
                          values:
                          - image
                          - environment

            """
        }
    }

    @Test func refusals() {
        let yaml = """
            project:
              webhookReceivers:
                - {type: quay}
                - {type: quay, secret: a}
                - {type: github, secret: b, whenExpression: "true"}
                - {type: ftp, secret: c}
            images:
              - name: app
                registry: ghcr.io
                repository: acme/app
                allowTags: ^v
                gitops: {repo: acme/gitops}
                environments:
                  - {name: dev, file: dev.yaml}
                  - {name: qa, tags: x, after: dev, file: qa.yaml}
                  - {name: prod, after: stage, file: prod.yaml}
                  - {name: dev, tags: x, file: dev.yaml}
                  - {name: sandbox, tags: "(?!x)", file: ../x.yaml, key: "a b"}
                downstream:
                  - {repo: acme/x}
                  - {repo: acme/y, eventType: go, workflow: y.yml}
                  - {repo: acme/z, eventType: go, ref: main}
              - name: svc
                registry: ghcr.io
                repository: acme/svc
                source: {repo: acme/platform, dockerfile: Dockerfile, workflow: own.yml}
                gitops: {mode: github, repo: acme/gitops}
                environments:
                  - {name: dev, tags: x, file: dev.yaml}
            """
        #expect(Fixture.problems(yaml) == [
            "3:7: webhook receiver 'quay' needs `secret`: the Secret holding its shared secret (key `secret`)",
            "4:7: webhook receiver name 'quay' is used twice (first at images.yaml:3:7); give one a `name`",
            "5:49: whenExpression is for generic receivers; Kargo checks github calls itself",
            "6:14: webhook receiver type must be one of github, gitlab, quay, dockerhub, generic, found 'ftp'",
            "14:9: environment 'dev' of image 'app' needs `tags`: a regular expression its tags match (such as -dev$)",
            "15:26: environment 'qa' of image 'app' takes what passed its `after` environment, so it has no `tags` of its own",
            "16:29: environment 'prod' of image 'app' comes after 'stage', which is not an environment listed before it (dev, qa)",
            "17:16: image 'app' lists environment 'dev' twice",
            "18:31: environment 'sandbox' of image 'app': tags '(?!x)' uses (?!…): Kargo evaluates Go (RE2) regular expressions, which have no lookaround",
            "18:46: environment 'sandbox' of image 'app': file '../x.yaml' must be a path inside the repository (no '..' or empty segments)",
            "18:62: environment 'sandbox' of image 'app': key 'a b' must be a key path such as image.tag or containers.0.image (letters, digits, '_', '-', '/', '\\.' for a literal dot)",
            "20:9: a downstream entry needs `eventType` (repository_dispatch) or `workflow` (workflow_dispatch)",
            "21:49: a downstream entry sends either a repository_dispatch (`eventType`) or a workflow_dispatch (`workflow`), not both",
            "22:44: downstream `ref` is the branch a workflow_dispatch runs on; a repository_dispatch always runs the default branch",
            "29:7: gitops.mode github adds a dispatch job to the build workflow synth writes, but image 'svc' is built by its own `source.workflow`; use mode kargo",
        ])
    }

    @Test func githubModeRefusesKargoOnlySettings() {
        let yaml = """
            defaults:
              gitops: {mode: github, repo: https://git.example.com/gitops.git}
            images:
              - name: svc
                registry: ghcr.io
                repository: acme/svc
                source: {repo: acme/platform, dockerfile: Dockerfile}
                environments:
                  - {name: dev, tags: x, file: dev.yaml, argocdApp: svc-dev}
                  - {name: prod, after: dev, file: prod.yaml}
            """
        #expect(Fixture.problems(yaml, dockerfiles: ["Dockerfile": "FROM alpine:3.20\n"]) == [
            "9:9: environment 'dev' of image 'svc': gitops.mode github dispatches to a GitHub repository (owner/name), not https://git.example.com/gitops.git",
            "9:57: environment 'dev' of image 'svc': `argocdApp` is for gitops.mode kargo; in mode github the GitOps repository's workflow commits every matching tag",
            "10:9: environment 'prod' of image 'svc': gitops.mode github dispatches to a GitHub repository (owner/name), not https://git.example.com/gitops.git",
            "10:29: environment 'prod' of image 'svc': `after` orders promotions in Kargo; in gitops.mode github every environment takes the tags that match its `tags`",
        ])
    }

    @Test func anEnvironmentNeedsARepository() {
        let yaml = """
            - name: app
              registry: ghcr.io
              repository: acme/app
              allowTags: ^v
              environments: [{name: dev, tags: x, file: dev.yaml}]
            """
        #expect(Fixture.problems(yaml) == [
            "5:18: environment 'dev' of image 'app' needs a GitOps repository: `repo` here, or `gitops.repo` on the image or in defaults",
        ])
    }

    static let githubMode = """
        defaults:
          gitops: {mode: github, repo: acme/gitops}
        images:
          - name: api
            registry: ghcr.io
            repository: acme/api
            source: {repo: acme/platform, dockerfile: api/Dockerfile}
            baseImages: [python:3.12-slim]
            environments:
              - {name: dev, tags: -dev$, file: api/dev.yaml}
              - {name: prod, tags: '^[0-9.]+$', branch: release, file: api/prod.yaml}
          - name: web
            registry: ghcr.io
            repository: acme/web
            source: {repo: acme/platform, dockerfile: web/Dockerfile}
            baseImages: [python:3.12-slim]
            gitops: {eventType: web-built, tokenSecret: WEB_GITOPS}
            environments:
              - {name: dev, tags: -dev$, repo: acme/web-deploy, file: dev.yaml}
        """

    @Test func githubModeAddsADispatchJobAndTheReceivingWorkflows() throws {
        let plan = try Fixture.plan(Self.githubMode)
        #expect(plan.objects.compactMap { $0 as? Kargo.Stage }.allSatisfy { $0.metadata.labels[FactoryLabels.role] != "environment" })
        #expect(plan.outputWorkflows.map(\.path) == ["workflows/acme/gitops/image-factory-gitops.yml", "workflows/acme/web-deploy/image-factory-gitops.yml"])
        let gitops = try #require(plan.outputWorkflows.first?.workflow)
        #expect(gitops.jobs.map(\.id) == ["update-main", "update-release"])
        let api = try #require(plan.workflows.first { $0.path.hasSuffix("build-api.yml") }?.workflow)
        let dispatch = try #require(api.job(GitOpsDispatchJob.id))
        #expect(dispatch.needs == ["build"])
        let web = try #require(plan.workflows.first { $0.path.hasSuffix("build-web.yml") }?.workflow.job(GitOpsDispatchJob.id))
        let env = Dictionary(uniqueKeysWithValues: web.steps.flatMap(\.env))
        #expect(env["GITOPS_REPOSITORIES"] == "acme/web-deploy\n")
        #expect(env["EVENT_TYPE"] == "web-built")
        #expect(env["GH_TOKEN"] == "${{ secrets.WEB_GITOPS }}")
        let files = try FileRenderer.render(plan).map(\.path)
        #expect(files.contains("workflows/acme/gitops/image-factory-gitops.yml"))
    }

    @Test func aGitOpsRepositoryThatIsTheWorkflowsRepositoryGetsItsWorkflowThere() throws {
        let yaml = Self.githubMode
            .replacingOccurrences(of: "defaults:\n", with: "project: {workflowsDirectory: .github/workflows}\ndefaults:\n")
            .replacingOccurrences(of: "repo: acme/gitops", with: "repo: acme/platform")
        let plan = try Fixture.plan(yaml)
        #expect(plan.workflows.map(\.path).contains("image-factory-gitops.yml"))
        #expect(plan.outputWorkflows.map(\.path) == ["workflows/acme/web-deploy/image-factory-gitops.yml"])
    }

    @Test func patternsThatPythonReadsDifferentlyAreRefusedInGitHubModeAndAStrategyNeedsAWarehouse() {
        let yaml = """
            defaults:
              gitops: {repo: acme/gitops}
            images:
              - name: svc
                registry: ghcr.io
                repository: acme/svc
                source: {repo: acme/platform, dockerfile: Dockerfile}
                baseImages: [alpine:3.20]
                gitops: {mode: github}
                environments:
                  - {name: dev, tags: '^v[[:digit:]]+\\z', file: dev.yaml}
              - name: app
                registry: ghcr.io
                repository: acme/app
                allowTags: ^v
                environments:
                  - {name: dev, tags: '^v[[:digit:]]+$', file: dev.yaml}
                  - {name: prod, after: dev, strategy: SemVer, file: prod.yaml}
            """
        #expect(Fixture.problems(yaml) == [
            "11:27: environment 'dev' of image 'svc': tags '^v[[:digit:]]+\\z' uses [[:, which the GitOps repository's workflow (Python's re) does not read as Kargo (Go RE2) does; write it with plain classes such as [0-9] and anchors ^ $",
            "18:44: environment 'prod' of image 'app' takes the Freight of its `after` environment and has no Warehouse of its own, so no `strategy`",
        ])
    }
}
