FROM ghcr.io/astral-sh/uv:0.5.11 AS uv

FROM python:3.12-slim
COPY --from=uv /uv /uvx /usr/local/bin/
RUN <<EOF2
set -eu
useradd --create-home app
EOF2
USER app
ENTRYPOINT ["uv"]
