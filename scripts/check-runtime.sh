#!/usr/bin/env bash
# Proves a release build runs with nothing but the container image's contents:
#   check-runtime.sh BINARY EXAMPLE_CONFIG
# builds the image's root file system with runtime-rootfs.sh into a temporary folder and, chrooted into it as the
# image's user 65532, runs `--version`, `analyze` on a Dockerfile of the example, and `synth` on the example.
# A container runtime mounts /proc, and the Swift runtime of a static-stdlib build reads its arguments from
# /proc/self/cmdline, so /proc is mounted here too (in a new mount namespace when not run as root).
set -euo pipefail

binary="${1:?usage: check-runtime.sh BINARY EXAMPLE_CONFIG}"
config="${2:?usage: check-runtime.sh BINARY EXAMPLE_CONFIG}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d)"
rootfs="${work}/rootfs"
cleanup() {
  if mountpoint -q "${rootfs}/proc" 2> /dev/null; then umount "${rootfs}/proc"; fi
  rm -rf "${work}"
}
trap cleanup EXIT

"${here}/runtime-rootfs.sh" "${binary}" "${rootfs}"
echo "runtime: $(find "${rootfs}" -type f | wc -l) files, $(du -sh "${rootfs}" | cut -f1)"

# The example, copied in as the image's user would see a mounted workspace.
example="$(dirname "${config}")"
mkdir -p "${rootfs}/work"
tar -C "${example}" --exclude='.build*' --exclude=.git --exclude='.swiftpm' -cf - . | tar -C "${rootfs}/work" -xf -
chown -R 65532:65532 "${rootfs}/work"
config_name="$(basename "${config}")"

run_in_image() {
  if [[ "$(id -u)" -eq 0 ]]; then
    mkdir -p "${rootfs}/proc"
    mountpoint -q "${rootfs}/proc" || mount -t proc proc "${rootfs}/proc"
    chroot --userspec=65532:65532 "${rootfs}" "$@"
  else
    unshare --user --map-root-user --mount --pid --fork --mount-proc="${rootfs}/proc" chroot "${rootfs}" "$@"
  fi
}

version="$(run_in_image /usr/local/bin/image-factory --version)"
echo "image-factory --version: ${version}"
[[ "${version}" =~ ^[0-9]+\.[0-9]+\.[0-9]+ ]] || { echo "check-runtime: --version printed '${version}'" >&2; exit 1; }

dockerfile="$(find "${rootfs}/work" -name Dockerfile -path '*backstage*' | head -1)"
[[ -n "${dockerfile}" ]] || { echo "check-runtime: the example has no backstage Dockerfile" >&2; exit 1; }
run_in_image /usr/local/bin/image-factory analyze --dockerfile "${dockerfile#"${rootfs}"}" --expect docker.io/library/node:22-bookworm-slim

[[ ! -e "${rootfs}/bin/sh" && ! -e "${rootfs}/usr/bin/env" ]] || { echo "check-runtime: the image holds a shell" >&2; exit 1; }
(cd "${rootfs}/work" && run_in_image /usr/local/bin/image-factory synth --config "/work/${config_name}" --output /tmp/dist --quiet)
echo "check-runtime: --version, analyze and synth ran in the image's contents alone"
