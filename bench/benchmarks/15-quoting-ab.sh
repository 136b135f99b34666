#!/usr/bin/env bash
# The quoting A/B (issue 18: quoting costs ≤ 1 % of a cached 3-step exec), end to end: a cached `runbook exec` of
# three sh steps with interpolated params, quoted (A), against the same runbook with every value in raw() (B: the
# same renderer, nothing quoted). Rows are measured A, B, A, B (BENCH_QUOTING_ROUNDS rounds, default 2) so that a
# change in the machine's load falls on both; the ratio row is A over B. Process-to-process spread (several ms) is
# larger than 1 % of a run (about 3 ms): read the ratio together with the rows' spread, and raise BENCH_RUNS.
set -euo pipefail
. "$BENCH_DIR/lib/common.sh"

journal="$BENCH_TMP/quoting-journal"
mkdir -p "$journal"
quoted="$BENCH_DIR/runbooks/three-steps-params-quoted.groovy"
raw="$BENCH_DIR/runbooks/three-steps-params-raw.groovy"
prime_compile_cache "$quoted"
prime_compile_cache "$raw"
rounds="${BENCH_QUOTING_ROUNDS:-2}"
for round in $(seq 1 "$rounds"); do
  measure "runbook exec 3 steps, params quoted, cached ($round)" -- "${CACHED[@]}" exec "$quoted" --journal "$journal"
  measure "runbook exec 3 steps, params raw, cached ($round)" -- "${CACHED[@]}" exec "$raw" --journal "$journal"
  ratio "  ratio quoted / raw ($round)" "runbook exec 3 steps, params quoted, cached ($round)" "runbook exec 3 steps, params raw, cached ($round)"
done
expect_succeeded_runs "$journal" $(( 2 * rounds * (BENCH_RUNS + BENCH_WARMUP) ))
