#!/usr/bin/env bash
# JMH (bench/jmh, outside the default reactor, built against the installed runbook-dsl jar): the engine's cost per
# no-op step with the journal fsynced on this disk and on tmpfs (fsync free), and one journal append alone.
# BENCH_MVN_ARGS: extra Maven arguments (e.g. -Dmaven.repo.local=...); BENCH_JMH_ARGS replaces the JMH settings.
set -euo pipefail
. "$BENCH_DIR/lib/common.sh"

jmh="$BENCH_DIR/jmh"
if ! have mvn; then
  skip "JMH engine benchmarks" "Maven missing: apt-get install maven"
  exit 0
fi
[ -d /dev/shm ] || { skip "JMH engine benchmarks" "no /dev/shm (tmpfs) here"; exit 0; }
echo "  building bench/jmh" >&2
log="$BENCH_TMP/jmh-build.log"
# shellcheck disable=SC2086 # BENCH_MVN_ARGS is a list of arguments
if ! JAVA_HOME="$BUILD_JDK" mvn -q -B ${BENCH_MVN_ARGS:-} -f "$jmh/pom.xml" package >"$log" 2>&1; then
  cat "$log" >&2
  echo "bench: bench/jmh did not build (is runbook-dsl installed? mvn -DskipTests install at the root)" >&2
  exit 1
fi
echo "  running JMH (about a minute and a half)" >&2
# 1 fork, 3 warm-up and 5 measured iterations of 1 s: enough for these microsecond-to-millisecond figures
# shellcheck disable=SC2086
"$RUN_JDK/bin/java" -Drunbook.bench.dir="$BENCH_TMP" -jar "$jmh/target/benchmarks.jar" \
  ${BENCH_JMH_ARGS:--f 1 -wi 3 -w 1s -i 5 -r 1s} -rf json -rff "$BENCH_TMP/jmh.json" >"$BENCH_TMP/jmh.log" 2>&1 \
  || { cat "$BENCH_TMP/jmh.log" >&2; exit 1; }
python3 "$BENCH_DIR/lib/measure.py" jmh --results "$BENCH_RESULTS" "$BENCH_TMP/jmh.json"
