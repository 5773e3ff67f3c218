# syntax=docker/dockerfile:1
# image-factory's container image: a release build with the Swift runtime linked statically, on an empty base that
# holds only the libraries it loads, CA certificates and a non-root user (scripts/runtime-rootfs.sh).
# Built on Ubuntu 22.04 (glibc 2.35), so the release binary it exports also runs on older distributions.
# The analysis Jobs run it (`image-factory analyze`); anyone can run `synth` in it with the config mounted at /work.
ARG SWIFT_IMAGE=swift:6.3.1-jammy

FROM ${SWIFT_IMAGE} AS build
# FoundationNetworking links libcurl; `analyze` downloads Dockerfiles with it.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libcurl4-openssl-dev ca-certificates binutils \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
# SwiftPM checks the folder of every target the manifest names, the test targets' and test support's included.
COPY Tests ./Tests
RUN swift build -c release --static-swift-stdlib --product image-factory \
 && install -D -m 0755 "$(swift build -c release --static-swift-stdlib --show-bin-path)/image-factory" /out/image-factory
COPY scripts/runtime-rootfs.sh ./scripts/
RUN scripts/runtime-rootfs.sh /out/image-factory /rootfs

# `docker buildx build --target binary --output type=local,dest=out .` exports the binary alone (the releases').
FROM scratch AS binary
COPY --from=build /rootfs/usr/local/bin/image-factory /image-factory

FROM scratch
COPY --from=build /rootfs /
USER 65532:65532
WORKDIR /work
ENTRYPOINT ["/usr/local/bin/image-factory"]
CMD ["--help"]
