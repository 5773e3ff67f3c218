#!/usr/bin/env python3
"""Writes a synthetic image factory: images.yaml plus one Dockerfile per managed image.

usage: make_factory.py N OUT_DIR

N managed images, each built on one or two of N/5 upstream base images (a few also on another managed
image, forming chains), with a Dockerfile each; the layout matches what `image-factory synth` reads.
Deterministic: the same N gives the same files.
"""
import os
import random
import sys


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
            for n, ref in enumerate(froms):
                f.write(f"FROM {ref} AS stage{n}\nRUN echo build {name}\n")
            f.write("COPY . /app\nCMD [\"/app/run\"]\n")
        lines += [
            f"  - name: {name}",
            "    registry: ghcr.io",
            f"    repository: bench/{name}",
            f"    source: {{repo: bench/mono, dockerfile: apps/{name}/Dockerfile, workflow: {name}.yml}}",
        ]
        if i % 3 == 0:
            lines.append("    autoRebuild: false")
    with open(os.path.join(out, "images.yaml"), "w") as f:
        f.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
