#!/usr/bin/env bash
# Installs what the docker and compose specs need on Debian 12: the Docker Engine and CLI (docker.io), a static
# busybox (the specs build their test images from it: nothing comes from the internet), Compose v1
# (docker-compose; Debian has no v2 plugin package) and an image registry (docker-registry: the StateFlow compose
# scenario pushes its release images to one on 127.0.0.1 and the runbook pulls them). The specs start their own
# private dockerd and registry; this script starts nothing (Debian's docker-registry service, where the machine
# starts it, is not used).
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
command -v docker-registry >/dev/null 2>&1 || need+=(docker-registry)
command -v file >/dev/null 2>&1 || need+=(file)

if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(printf '%s\n' "${need[@]}" | sort -u)
fi
