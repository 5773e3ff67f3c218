/// The commented starter images.yaml that `image-factory init` writes. It synthesizes as it is: its image
/// lists its base explicitly, so no Dockerfile is needed until you point it at yours.
package enum StarterConfig {
    package static let text = """
        # images.yaml — the container images you build and the upstream images they are built on.
        # `image-factory synth` turns it into a Kargo rebuild pipeline in dist/. Every key is documented in the
        # README ("images.yaml reference"); unknown keys are errors.
        project:
          name: image-factory                # Kargo Project and Namespace
          githubTokenSecret:                 # Secret with a GitHub token that may dispatch your workflows
            name: github-token
            key: token
          # analysis:
          #   image: ghcr.io/your-org/image-factory:0.1.0   # runs `image-factory analyze` in the analysis Job

        defaults:
          interval: 10m                      # how often Kargo looks for new versions of your images
          baseImageInterval: 1h              # how often it looks for new digests of upstream base images
          autoRebuild: true                  # false: rebuild triggers wait for a manual promotion
          versionBump: patch                 # what a triggered rebuild bumps: patch, minor, major or none (no release)
          build:                             # the GitHub workflows synth writes (dist/workflows/<owner>/<repo>/)
            platforms: linux/amd64
            # devRepositoryPrefix: ghcr.io/your-org/dev   # pull-request and merge-queue builds push here; without it they only build

        images:
          # An image you build. Its base images are read from its Dockerfile (source.dockerfile, under the folder
          # of this file or --source-root); until that is checked out here, `baseImages` says them.
          - name: my-app
            registry: ghcr.io
            repository: your-org/my-app
            source:
              repo: your-org/my-app            # GitHub owner/name
              branch: main
              dockerfile: Dockerfile
              # workflow: build.yml            # your own workflow instead of the generated build-my-app.yml
            baseImages: [node:22-bookworm-slim]  # delete once the Dockerfile is here
            # build:
            #   tags: [latest, "v{{ .ShortSHA }}-{{ .Date }}"]   # on top of pr-<n> and v<date>-<sha>

          # An external image: not built here, only watched (here: new 16.x versions).
          - name: postgres
            registry: docker.io
            repository: library/postgres
            allowTags: ^16\\.\\d+$

        """
}
