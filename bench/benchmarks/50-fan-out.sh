#!/usr/bin/env bash
# Fan-out to 1,000 local HTTP endpoints (50 ms each, concurrency 100): measured by bench/fanout.sh, which prints
# `fanout-1000  runbook  <ms>` and `fanout-1000  bash-xargs  <ms>` lines (its own medians); its rows join the table.
set -euo pipefail
. "$BENCH_DIR/lib/common.sh"

ansible_reason="not written yet: needs a 1,000-host inventory, the uri module and forks: 100"
if [ ! -x "$BENCH_DIR/fanout.sh" ] && [ ! -f "$BENCH_DIR/fanout.sh" ]; then
  skip "fan-out 1000 endpoints: runbook forEach" "bench/fanout.sh missing"
  skip "fan-out 1000 endpoints: bash curl | xargs -P 100" "bench/fanout.sh missing"
  skip "fan-out 1000 endpoints: ansible forks 100" "$ansible_reason"
  exit 0
fi

out="$BENCH_TMP/fanout.txt"
BENCH_RUNS="$BENCH_RUNS" bash "$BENCH_DIR/fanout.sh" | tee "$out" >&2
row() { awk -v what="$1" '$1 == "fanout-1000" && $2 == what { print $3; exit }' "$out"; }
runbook_ms="$(row runbook)"; xargs_ms="$(row bash-xargs)"
[ -n "$runbook_ms" ] && given "fan-out 1000 endpoints: runbook forEach" "$BENCH_RUNS" "$runbook_ms" \
  || skip "fan-out 1000 endpoints: runbook forEach" "bench/fanout.sh printed no 'fanout-1000 runbook' line"
[ -n "$xargs_ms" ] && given "fan-out 1000 endpoints: bash curl | xargs -P 100" "$BENCH_RUNS" "$xargs_ms" \
  || skip "fan-out 1000 endpoints: bash curl | xargs -P 100" "bench/fanout.sh printed no 'fanout-1000 bash-xargs' line"
skip "fan-out 1000 endpoints: ansible forks 100" "$ansible_reason"
ratio "  ratio runbook / bash xargs" "fan-out 1000 endpoints: runbook forEach" "fan-out 1000 endpoints: bash curl | xargs -P 100"
