#!/usr/bin/env bash
# The REPL's start-up: launcher, JVM, JLine and picocli, up to the first prompt, with commands piped in
# (`exit` at once), and the same with the 3-step runbook loaded (compile + opening its run's journal). The runbook
# compiles behind the prompt and `exit` does not wait for it, so that row types `status` first, which does.
# (bench/repl-first-prompt.py times the first prompt itself, in a pseudo-terminal.)
set -euo pipefail
. "$BENCH_DIR/lib/common.sh"
. scripts/start-up-cache.sh   # RUNBOOK_JVM_FLAGS: the launcher's JVM flags

measure "runbook repl (to the first prompt)" -- \
  bash -c 'echo exit | "$1" repl --history "$2/history" --journal "$2"' _ "$RUNBOOK" "$BENCH_TMP"
measure "runbook repl three-steps.groovy (load, prompt)" -- \
  bash -c 'printf "status\nexit\n" | "$1" repl "$3" --history "$2/history" --journal "$2"' _ "$RUNBOOK" "$BENCH_TMP" \
  "$BENCH_DIR/runbooks/three-steps.groovy"

# Issue 21's start-up goals, as ratios measured in the same run: the first usable prompt (fork to the prompt on the
# screen of a pseudo-terminal, bench/repl-first-prompt.py) against a JVM hello-world started with the launcher's JVM
# flags (goal: at most 4x), and Tab in `steps['Do` (the key written to the completed name read back, in a warm REPL:
# what the operator waits for, terminal round trip included; goal: at most 20 ms).
measure_hello_world
echo "  measuring: runbook repl first prompt and Tab (pseudo-terminal)" >&2
given_rows="$(BENCH_RUNS="$BENCH_RUNS" BENCH_WARMUP="$BENCH_WARMUP" RUNBOOK="$RUNBOOK" python3 "$BENCH_DIR/repl-first-prompt.py" --given)"
read -r _ prompt_runs prompt_ms <<<"$(grep '^first-prompt ' <<<"$given_rows")"
read -r _ tab_runs tab_ms <<<"$(grep '^completion ' <<<"$given_rows")"
given "runbook repl: first prompt on a terminal" "$prompt_runs" "$prompt_ms"
ratio "  ratio first prompt / java hello-world (goal <= 4)" "runbook repl: first prompt on a terminal" "java hello-world (the launcher's JVM flags)"
given "runbook repl: Tab in steps['Do (goal <= 20 ms)" "$tab_runs" "$tab_ms"
