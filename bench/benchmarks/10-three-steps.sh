#!/usr/bin/env bash
# A 3-step runbook run by `runbook exec`, against the same three commands in a bash script: what running a
# runbook costs over plain shell, end to end (launcher, JVM, compile, engine, journal with fsync, console).
set -euo pipefail
. "$BENCH_DIR/lib/common.sh"

journal="$BENCH_TMP/journal"   # every exec writes its run folder here; bench/run deletes BENCH_TMP
mkdir -p "$journal"

measure "bash three-steps.sh" -- bash "$BENCH_DIR/runbooks/three-steps.sh"
measure "runbook exec three-steps.groovy" -- \
  "$RUNBOOK" exec "$BENCH_DIR/runbooks/three-steps.groovy" --journal "$journal"
ratio "  ratio exec / bash" "runbook exec three-steps.groovy" "bash three-steps.sh"

# A timing is only worth something if the runs did the work: every exec (timed or warm-up) must have
# journaled a succeeded run.
expected=$((BENCH_RUNS + BENCH_WARMUP))
succeeded=$(grep -l '"outcome":"succeeded"' "$journal"/*/journal.jsonl 2>/dev/null | wc -l)
if [ "$succeeded" -ne "$expected" ]; then
  echo "bench: expected $expected succeeded runs in the journal, found $succeeded" >&2
  exit 1
fi
