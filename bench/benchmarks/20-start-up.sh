#!/usr/bin/env bash
# Where the start-up time goes, without running anything: the bare JVM, the CLI (launcher + JVM + picocli), and
# `check`, which also compiles (cold) or loads from the compile cache (cached) the runbook 10-three-steps runs.
set -euo pipefail
. "$BENCH_DIR/lib/common.sh"
. scripts/start-up-cache.sh   # RUNBOOK_JVM_FLAGS: the launcher's JVM flags

runbook="$BENCH_DIR/runbooks/three-steps.groovy"
measure "runbook check three-steps, cold" -- "${COLD[@]}" check "$runbook"
measure "runbook check three-steps, cached" -- "${CACHED[@]}" check "$runbook"
measure "runbook --version, no start-up cache" -- env RUNBOOK_AOT=off "$RUNBOOK" --version
measure "runbook --version, start-up cache" -- "$RUNBOOK" --version
# The launcher's JVM flags: the floor no Java CLI started the same way can go under.
measure "java -version (the JVM floor)" -- "$RUN_JDK/bin/java" "${RUNBOOK_JVM_FLAGS[@]}" -version
