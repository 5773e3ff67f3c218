#!/usr/bin/env bash
# Assembles the container image's root file system around a release build of image-factory:
#   runtime-rootfs.sh BINARY ROOTFS
# ROOTFS gets the binary at /usr/local/bin/image-factory, exactly the shared libraries it loads (its ldd closure and
# the dynamic loader), the CA certificates, a non-root user 65532 (`nonroot`) and a writable /tmp. Nothing else:
# no shell, no package manager. The Dockerfile copies this folder into an empty image, and CI runs the binary in
# a chroot of the same folder, so what CI proves runs is what the image holds.
set -euo pipefail

binary="${1:?usage: runtime-rootfs.sh BINARY ROOTFS}"
rootfs="${2:?usage: runtime-rootfs.sh BINARY ROOTFS}"
certificates="${CA_CERTIFICATES:-/etc/ssl/certs/ca-certificates.crt}"

[[ -x "${binary}" ]] || { echo "runtime-rootfs: ${binary} is not an executable file" >&2; exit 1; }
[[ -s "${certificates}" ]] || { echo "runtime-rootfs: no CA certificates at ${certificates} (install ca-certificates)" >&2; exit 1; }
[[ ! -e "${rootfs}" || -z "$(ls -A "${rootfs}")" ]] || { echo "runtime-rootfs: ${rootfs} is not empty" >&2; exit 1; }

mkdir -p "${rootfs}/usr/local/bin" "${rootfs}/etc/ssl/certs" "${rootfs}/tmp"
chmod 1777 "${rootfs}/tmp"
# Debug sections are a third of a release build; the image does without them.
if command -v strip > /dev/null; then
  strip -o "${rootfs}/usr/local/bin/image-factory" "${binary}"
  chmod 0755 "${rootfs}/usr/local/bin/image-factory"
else
  install -m 0755 "${binary}" "${rootfs}/usr/local/bin/image-factory"
fi
install -m 0644 "${certificates}" "${rootfs}/etc/ssl/certs/ca-certificates.crt"

# Every library the dynamic loader resolves for the binary, at the path it resolves it from, plus the loader.
# Symbolic links are copied as the files they point to, so the closure holds no dangling link.
while read -r library; do
  [[ -n "${library}" ]] || continue
  mkdir -p "${rootfs}$(dirname "${library}")"
  cp -L "${library}" "${rootfs}${library}"
done < <(ldd "${binary}" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' | sort -u)

# The user the image runs as; glibc reads these for getpwuid (git, home directory lookups).
printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' > "${rootfs}/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' > "${rootfs}/etc/group"
mkdir -p "${rootfs}/home/nonroot"
chown 65532:65532 "${rootfs}/home/nonroot" 2> /dev/null || true
