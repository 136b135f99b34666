#!/usr/bin/env bash
# Installs headless Chromium (Debian's chromium) for the specs that drive the team page (runbook serve) and render the
# HTML incident report, and take screenshots. Idempotent: does nothing when a chromium binary is already there. Needs root.
set -euo pipefail

for b in /usr/bin/chromium /usr/bin/chromium-browser; do
  if [ -x "$b" ]; then
    echo "install-chromium: $b already installed"
    exit 0
  fi
done

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium >/dev/null
[ -x /usr/bin/chromium ] || { echo "install-chromium: /usr/bin/chromium still missing after apt-get install chromium" >&2; exit 1; }
echo "install-chromium: $(/usr/bin/chromium --version 2>/dev/null || echo chromium) ready"
