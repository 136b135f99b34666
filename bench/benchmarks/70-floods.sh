#!/usr/bin/env bash
# Floods (issue 20): a step printing 200 MB, then reading that run back, and listing 1,000 runs. Goals: exec of the
# flood ≤ 200 MB RSS; show of its run ≤ 2 s and ≤ 200 MB RSS; runs over 1,000 runs ≤ 1 s. The journal keeps a
# head and a tail of a command's output (docs/dsl.md, "The journal"), so what show and runs read stays small.
set -euo pipefail
. "$BENCH_DIR/lib/common.sh"

journal="$BENCH_TMP/floods"
mkdir -p "$journal"
runbook="$BENCH_DIR/runbooks/flood-200mb.groovy"
prime_compile_cache "$runbook"
measure "runbook exec of a step printing 200 MB, cached" -- "${CACHED[@]}" exec "$runbook" --journal "$journal"
expect_succeeded_runs "$journal" $(( BENCH_RUNS + BENCH_WARMUP ))
run=$(ls "$journal" | grep -v '^locks$' | head -1)
measure "runbook show of a run with 200 MB of output" -- "${CACHED[@]}" show "$run" --journal "$journal"

# 1,000 finished runs: copies of one small run's folder under new ids
many="$BENCH_TMP/thousand-runs"
mkdir -p "$many"
"$RUNBOOK" exec "$BENCH_DIR/runbooks/three-steps.groovy" --journal "$many" >/dev/null
one=$(ls "$many" | head -1)
for i in $(seq -w 1 999); do cp -r "$many/$one" "$many/${one%-*}-$i"; done
measure "runbook runs over 1,000 runs" -- "${CACHED[@]}" runs --journal "$many"
