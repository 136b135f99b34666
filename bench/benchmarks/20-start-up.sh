#!/usr/bin/env bash
# Where the start-up time goes, without running anything: the bare JVM, the CLI (launcher + JVM + picocli +
# Groovy on the class path), and `check`, which also compiles the same 3-step runbook that 10-three-steps runs.
set -euo pipefail
. "$BENCH_DIR/lib/common.sh"

measure "runbook check three-steps.groovy" -- "$RUNBOOK" check "$BENCH_DIR/runbooks/three-steps.groovy"
measure "runbook --version" -- "$RUNBOOK" --version
# The launcher's JVM flags, copied from ./runbook: the floor no Java CLI started the same way can go under.
measure "java -version (the JVM floor)" -- \
  "$RUN_JDK/bin/java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -version
