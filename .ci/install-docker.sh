#!/usr/bin/env bash
# Installs what the docker and compose specs need on Debian 12: the Docker Engine and CLI (docker.io), a static
# busybox (the specs build their test images from it, no registry needed) and Compose v1 (docker-compose; Debian
# has no v2 plugin package). The specs start their own private dockerd; this script starts nothing.
# Idempotent: installs only what is missing. About 35-60 s on a fresh machine.
set -euo pipefail

need=()
command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
command -v docker >/dev/null 2>&1 || need+=(docker.io)
# The specs copy busybox into an image, so it must be the static build.
if ! command -v busybox >/dev/null 2>&1 || ! file -L "$(command -v busybox)" 2>/dev/null | grep -q 'statically linked'; then
  need+=(busybox-static)
fi
command -v docker-compose >/dev/null 2>&1 || docker compose version >/dev/null 2>&1 || need+=(docker-compose)
command -v file >/dev/null 2>&1 || need+=(file)

if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(printf '%s\n' "${need[@]}" | sort -u)
fi
