#!/usr/bin/env bash
# Warm-REPL timings (this worktree's own classes first: ~/.m2 is shared) (median load time of a runbook, median completion time), in one JVM: see ReplTimings.groovy.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
mvn -q -B install -DskipTests -pl repl -am >/dev/null && mvn -q -B test-compile -pl repl -am >/dev/null
mvn -q -B org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath -pl repl -Dmdep.outputFile=target/cp.txt >/dev/null
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "repl/target/test-classes:repl/target/classes:dsl/target/classes:stdlib-runbooks/target/classes:$(cat repl/target/cp.txt)" \
  dev.runbook.repl.ReplTimings "${1:-bench/runbooks/three-steps.groovy}" 2>/dev/null | grep -E '^(load|completion)'
