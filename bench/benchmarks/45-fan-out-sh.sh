#!/usr/bin/env bash
# A forEach of 1,000 `sh` commands, a hundred at a time, against the same 1,000 `bash -c` under `xargs -P 100`: what
# a command costs when a fan-out starts many at once (a process each, its output read, three journal events with
# fsyncs shared between targets). The commands do nothing, so the row is all overhead; a real target (ssh, kubectl)
# takes long enough that its own time dominates.
set -euo pipefail
. "$BENCH_DIR/lib/common.sh"

journal="$BENCH_TMP/journal-fan-out-sh"
mkdir -p "$journal"
runbook="$BENCH_TMP/fan-out-sh.groovy"
cat > "$runbook" <<'GROOVY'
runbook('bench-fan-out-sh') {
    forEach({ (1..1000).collect { "target-$it".toString() } }, name: 'sh on 1,000 targets', concurrency: 100) { t ->
        sh "true $t"
    }
}
GROOVY

measure "bash: xargs -P 100 bash -c true, 1000 commands" -- bash -c "seq 1 1000 | xargs -P 100 -n 1 bash -c 'true \$0'"
prime_compile_cache "$runbook"
measure "runbook forEach 1000 sh, concurrency 100, cached" -- "${CACHED[@]}" exec "$runbook" --journal "$journal"
ratio "  ratio runbook / xargs" "runbook forEach 1000 sh, concurrency 100, cached" "bash: xargs -P 100 bash -c true, 1000 commands"

expect_succeeded_runs "$journal" $(( BENCH_RUNS + BENCH_WARMUP ))
