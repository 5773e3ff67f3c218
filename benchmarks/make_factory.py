#!/usr/bin/env python3
"""Writes a synthetic image factory: images.yaml plus one Dockerfile per managed image.

usage: make_factory.py N OUT_DIR

N managed images spread over eight source repositories, each built on one or two of N/5 upstream base images
(every tenth also on another managed image, forming chains), with a Dockerfile each; the layout matches what
`image-factory synth` reads. As in today's factories, most images name no `source.workflow`, so synth writes
their GitHub workflows (`dist/workflows/<owner>/<repo>/`: one reusable builder per repository and one caller
per image); a third of those add `build.tags`. One image in six keeps its own workflow and lists the inputs
the dispatch sends (`source.inputs`). A third have `autoRebuild: false`. Another third are deployed: a dev
environment by tag pattern and a prod environment after it, through Kargo Stages (with an Argo CD application)
or, for every other one built by a generated workflow, through GitHub (a dispatch job in the build workflow and
one receiving workflow for the GitOps repository).
Deterministic: the same N gives the same files.
"""
import os
import random
import sys

REPOSITORIES = 8

TAG_SETS = [
    "[latest]",
    '[latest, "stable=v{{ .Date }}"]',
    '["v{{ .ShortSHA }}-{{ .Date }}"]',
    '[edge, "nightly=n{{ .Date }}-{{ .Time }}"]',
]


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    count, out = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(count)
    bases = [f"docker.io/library/base{b}:{b % 7}.{b % 11}-slim" for b in range(max(1, count // 5))]
    os.makedirs(out, exist_ok=True)
    lines = [
        "project:",
        "  name: bench-factory",
        "  sourceRoot: src",
        "defaults:",
        "  interval: 10m",
        "  baseImageInterval: 1h",
        "  build:",
        "    platforms: linux/amd64",
        "    devRepositoryPrefix: ghcr.io/bench/dev",
        "  gitops: {repo: bench/gitops}",
        "images:",
    ]
    for i in range(count):
        name = f"app-{i:05d}"
        froms = rng.sample(bases, k=1 if i % 2 else min(2, len(bases)))
        if i % 10 == 9:
            froms.append(f"ghcr.io/bench/app-{i - 1:05d}:1.0.0")
        folder = os.path.join(out, "src", "apps", name)
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "Dockerfile"), "w") as f:
            # Each stage copies from the one before, as multi-stage Dockerfiles do: every stage is needed for
            # the last one, so every base is one BuildKit pulls.
            for n, ref in enumerate(froms):
                f.write(f"FROM {ref} AS stage{n}\n")
                if n > 0:
                    f.write(f"COPY --from=stage{n - 1} /out /out\n")
                f.write(f"RUN echo build {name}\n")
            f.write("COPY . /app\nCMD [\"/app/run\"]\n")
        repo = f"bench/repo-{i % REPOSITORIES}"
        tagged = i % 3 == 1
        own_workflow = not tagged and i % 4 == 3
        lines += [
            f"  - name: {name}",
            "    registry: ghcr.io",
            f"    repository: bench/{name}",
        ]
        if own_workflow:
            lines.append(f"    source: {{repo: {repo}, dockerfile: apps/{name}/Dockerfile, workflow: {name}.yml,")
            lines.append("             inputs: [version_bump, triggered_by, base_image]}")
        else:
            lines.append(f"    source: {{repo: {repo}, dockerfile: apps/{name}/Dockerfile}}")
        if i % 3 == 0:
            lines.append("    autoRebuild: false")
        if tagged:
            lines.append("    build:")
            lines.append(f"      tags: {TAG_SETS[(i // 3) % len(TAG_SETS)]}")
        if i % 3 == 2:
            github = not own_workflow and i % 2 == 0
            if github:
                lines.append("    gitops: {mode: github}")
            lines += [
                "    environments:",
                f"      - {{name: dev, tags: '^v[0-9]{{8}}-[0-9a-f]{{8}}$', file: apps/{name}/dev/values.yaml}}",
            ]
            if github:
                lines.append(f"      - {{name: prod, tags: '^[0-9]+\\.[0-9]+\\.[0-9]+$', file: apps/{name}/prod/values.yaml}}")
            else:
                lines[-1] = lines[-1][:-1] + f", argocdApp: {name}-dev}}"
                lines.append(f"      - {{name: prod, after: dev, file: apps/{name}/prod/values.yaml, argocdApp: {name}-prod}}")
    with open(os.path.join(out, "images.yaml"), "w") as f:
        f.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
