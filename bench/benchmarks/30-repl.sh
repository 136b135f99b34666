#!/usr/bin/env bash
# The REPL's start-up: launcher, JVM, JLine and picocli, up to the first prompt, with commands piped in
# (`exit` at once), and the same with the 3-step runbook loaded (compile + opening its run's journal). The runbook
# compiles behind the prompt and `exit` does not wait for it, so that row types `status` first, which does.
# (bench/repl-first-prompt.py times the first prompt itself, in a pseudo-terminal.)
set -euo pipefail
. "$BENCH_DIR/lib/common.sh"

measure "runbook repl (to the first prompt)" -- \
  bash -c 'echo exit | "$1" repl --history "$2/history" --journal "$2"' _ "$RUNBOOK" "$BENCH_TMP"
measure "runbook repl three-steps.groovy (load, prompt)" -- \
  bash -c 'printf "status\nexit\n" | "$1" repl "$3" --history "$2/history" --journal "$2"' _ "$RUNBOOK" "$BENCH_TMP" \
  "$BENCH_DIR/runbooks/three-steps.groovy"
