#!/usr/bin/env bash
# Installs tmux, the pseudo-terminal the REPL's end-to-end spec (examples: ReplEndToEndSpec) types into and reads
# the screen of. Idempotent: does nothing when tmux is already there. Needs root.
set -euo pipefail

if ! command -v tmux >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends tmux
fi
echo "tmux: $(tmux -V)"
