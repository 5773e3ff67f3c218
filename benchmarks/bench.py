#!/usr/bin/env python3
"""Benchmarks `image-factory synth` on synthetic factories of N images.

usage: benchmarks/bench.py [--runs 5] [--sizes 100,1000,10000] [--binary PATH | --scratch-path DIR]

For each N: generates a factory (benchmarks/make_factory.py) in a temporary folder, then times, with the
release build, a first synth into an empty folder, synth on up-to-date output, synth --check on up-to-date
output, and synth after one image changed. Each is run --runs times; the table shows CPU (user+sys) and
wall time as median and min, peak RSS (max), and objects, files and bytes written. CPU time is the number to
compare: these disks are shared, and file creation costs 10 µs on a quiet moment and 300 µs on a busy one.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def run(binary, args, cwd):
    # The previous run's files are flushed first, so its writeback does not compete with the run being timed.
    os.sync()
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        proc = subprocess.Popen([binary, *args], cwd=cwd, stdout=stdout, stderr=stderr)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        stdout.seek(0)
        stderr.seek(0)
        out = stdout.read().decode()
        err = stderr.read().decode()
    code = os.waitstatus_to_exitcode(status)
    return code, out, err, usage.ru_utime, usage.ru_stime, wall, usage.ru_maxrss


def measure(binary, args, cwd, runs, prepare=None, expect=0):
    """(median CPU, min CPU, median wall, min wall, max RSS, last output, median user, median sys)"""
    cpu, user, system, wall, rss, out = [], [], [], [], [], ""
    for _ in range(runs):
        if prepare:
            prepare()
        code, out, err, u, s, w, r = run(binary, args, cwd)
        if code != expect:
            sys.exit(f"{' '.join(args)} exited {code}, expected {expect}:\n{err or out}")
        cpu.append(u + s)
        user.append(u)
        system.append(s)
        wall.append(w)
        rss.append(r)
    return (statistics.median(cpu), min(cpu), statistics.median(wall), min(wall), max(rss), out,
            statistics.median(user), statistics.median(system))


def folder_size(path):
    files = total = 0
    for base, _, names in os.walk(path):
        for name in names:
            files += 1
            total += os.path.getsize(os.path.join(base, name))
    return files, total


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--binary", default=None, help="an image-factory binary to time instead of building one")
    parser.add_argument("--scratch-path", default=None, help="the build folder to build the release binary in")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary) if args.binary else None
    if binary is None:
        scratch = ["--scratch-path", args.scratch_path] if args.scratch_path else []
        subprocess.run(["swift", "build", "-c", "release", *scratch, "--product", "image-factory"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        binary = subprocess.run(["swift", "build", "-c", "release", *scratch, "--show-bin-path"], cwd=ROOT, check=True,
                                capture_output=True, text=True).stdout.strip() + "/image-factory"

    rows = []
    for n in [int(x) for x in args.sizes.split(",")]:
        work = tempfile.mkdtemp(prefix=f"image-factory-bench-{n}-")
        try:
            subprocess.run([sys.executable, os.path.join(HERE, "make_factory.py"), str(n), work], check=True)
            dist = os.path.join(work, "dist")
            first = measure(binary, ["synth"], work, args.runs, prepare=lambda: shutil.rmtree(dist, ignore_errors=True))
            objects = re.match(r"(\d+) objects", first[5]).group(1)
            files, size = folder_size(dist)
            again = measure(binary, ["synth"], work, args.runs)
            check = measure(binary, ["synth", "--check"], work, args.runs)
            kept = ["kustomization.yaml", "project.yaml", "images/app-00001.yaml",
                    "workflows/bench/repo-1/image-builder.yml", "workflows/bench/repo-1/build-app-00001.yml"]
            mtimes = {p: os.stat(os.path.join(dist, p)).st_mtime_ns for p in kept if os.path.exists(os.path.join(dist, p))}
            config = os.path.join(work, "images.yaml")
            with open(config) as f:
                original = f.read()

            changed_config = original.replace("repository: bench/app-00000\n", "repository: bench/app-00000-v2\n", 1)
            if changed_config == original:
                sys.exit("make_factory.py no longer writes app-00000 as bench.py expects")

            def change_one():
                with open(config, "w") as f:
                    f.write(changed_config)
                subprocess.run([binary, "synth"], cwd=work, check=True, stdout=subprocess.DEVNULL)
                with open(config, "w") as f:
                    f.write(original)

            changed = measure(binary, ["synth"], work, args.runs, prepare=change_one)
            untouched = all(os.stat(os.path.join(dist, p)).st_mtime_ns == t for p, t in mtimes.items())
            rows.append((n, objects, files, size, first, again, check, changed, untouched))
        finally:
            shutil.rmtree(work, ignore_errors=True)

    print(f"image-factory synth, release build, {args.runs} runs each; CPU = user+sys; times in seconds, median / min "
          f"(user and sys: median)\n")
    print("| images | objects | files | bytes | run | CPU | user | sys | wall | peak RSS |")
    print("|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|")
    for n, objects, files, size, first, again, check, changed, untouched in rows:
        for label, m in [("first synth", first), ("synth, up to date", again), ("synth --check, up to date", check),
                         ("synth, one image changed", changed)]:
            print(f"| {n:,} | {int(objects):,} | {files:,} | {size:,} | {label} | {m[0]:.3f} / {m[1]:.3f} | "
                  f"{m[6]:.3f} | {m[7]:.3f} | {m[2]:.3f} / {m[3]:.3f} | {m[4] / 1024:.0f} MB |")
    print()
    for n, *_, untouched in rows:
        print(f"{n:,} images: unchanged files kept their modification times: {'yes' if untouched else 'NO'}")
    if len(rows) >= 2:
        small = next((r for r in rows if r[0] == 1000), None)
        large = next((r for r in rows if r[0] == 10000), None)
        if small and large:
            print(f"CPU time(10,000) / CPU time(1,000), first synth: {large[4][0] / small[4][0]:.1f}; "
                  f"up to date: {large[5][0] / small[5][0]:.1f}; --check: {large[6][0] / small[6][0]:.1f}")


if __name__ == "__main__":
    main()
