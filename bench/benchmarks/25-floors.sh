#!/usr/bin/env bash
# The floors of the chosen stack, beside the hello-world issues 21 and 23 measure their goals against: what a JVM that
# runs Groovy 5 (or shows a JLine 3 prompt) pays before Runbook does anything, each with a start-up cache of its own
# as the launcher has one. A goal below a floor cannot be met by changing Runbook's code (bench/README.md, "The floors").
#   groovy: a compiled script that prints a line          (bench/floors/GroovyFloor.groovy)
#   groovy: three bash processes and a GString             (bench/floors/GroovyFloorSteps.groovy: three-steps-gstring's work)
#   java: the same three bash processes, no Groovy         (bench/floors/JavaFloorSteps.java: the cost of forking here)
#   groovy, cold: the same script compiled and run by groovy, no start-up cache (a cold exec's floor)
#   jline: a terminal and a prompt                         (bench/floors/JlineFloor.java, timed in a pseudo-terminal)
set -euo pipefail
. "$BENCH_DIR/lib/common.sh"
. scripts/find-jdk.sh          # release_value
. scripts/start-up-cache.sh   # RUNBOOK_JVM_FLAGS: the launcher's JVM flags

lib="repl/target/lib"; [ -f "$lib/runbook.jar" ] || lib="$(dirname "$RUNBOOK")/../lib"
groovy="$(ls "$lib"/org.apache.groovy.groovy-[0-9]*.jar | head -1)"
jline="$(ls "$lib"/org.jline.jline-{terminal,reader,native,terminal-jni}-[0-9]*.jar | tr '\n' ':')"
out="$BENCH_TMP/floors"; mkdir -p "$out/classes"
java="$RUN_JDK/bin/java"

# compiled once, into one jar (an AOT cache needs jars on the class path, not folders)
"$java" -cp "$groovy" org.codehaus.groovy.tools.FileSystemCompiler -d "$out/classes" \
  "$BENCH_DIR/floors/GroovyFloor.groovy" "$BENCH_DIR/floors/GroovyFloorSteps.groovy" >/dev/null
"$RUN_JDK/bin/javac" -d "$out/classes" -cp "$jline" "$BENCH_DIR/floors/JavaFloorSteps.java" "$BENCH_DIR/floors/JlineFloor.java"
# the file that names JLine's JNI provider (the REPL's jar carries it: see repl/src/main/resources/META-INF/jline)
runbook_jar="$(readlink -f "$lib/runbook.jar")"
(cd "$out/classes" && "$RUN_JDK/bin/jar" xf "$runbook_jar" META-INF/jline/providers/jni)
"$RUN_JDK/bin/jar" cf "$out/floors.jar" -C "$out/classes" .

# each floor's start-up cache, trained by one run of it (JDK 25: -XX:AOTCacheOutput; JDK 21-24: a dynamic AppCDS
# archive), as the launcher trains its own
release_value major "$RUN_JDK" JAVA_VERSION; major="${major%%.*}"
startup_cache_training_flags "$java" "$major"   # as the launcher's training: no method profiles on JDK 25+
cache_flags() {   # cache_flags NAME: the flags that use NAME's cache
  if [ "$major" -ge 25 ]; then echo "-XX:AOTCache=$out/$1.aot -Xlog:aot*=off -Xlog:cds*=off"
  else echo "-XX:SharedArchiveFile=$out/$1.jsa -Xshare:auto -Xlog:cds*=off"; fi
}
train_flags() {   # train_flags NAME: the flags that write NAME's cache
  if [ "$major" -ge 25 ]; then
    echo "${STARTUP_CACHE_TRAINING_FLAGS[*]:-} -XX:AOTCacheOutput=$out/$1.aot -Xlog:aot*=off -Xlog:cds*=off"
  else echo "-XX:ArchiveClassesAtExit=$out/$1.jsa -Xlog:cds*=off"; fi
}
cp_groovy="$out/floors.jar:$groovy"
cp_jline="$out/floors.jar:$jline"
native_library_flags "$lib/runbook.jar"   # JLine's native library from lib/native, as the launcher gives the REPL
# (the JDK says on stderr that it writes the cache; a cache that was not written would make a floor look higher
# than it is, so each must exist)
"$java" "${RUNBOOK_JVM_FLAGS[@]}" $(train_flags groovy) -cp "$cp_groovy" GroovyFloor >/dev/null 2>&1
"$java" "${RUNBOOK_JVM_FLAGS[@]}" $(train_flags steps) -cp "$cp_groovy" GroovyFloorSteps >/dev/null 2>&1
"$java" "${RUNBOOK_JVM_FLAGS[@]}" $(train_flags java-steps) -cp "$out/floors.jar" JavaFloorSteps >/dev/null 2>&1
python3 "$BENCH_DIR/repl-first-prompt.py" --once "$java" "${RUNBOOK_JVM_FLAGS[@]}" $(train_flags jline) \
  ${NATIVE_LIBRARY_FLAGS[@]+"${NATIVE_LIBRARY_FLAGS[@]}"} -cp "$cp_jline" JlineFloor >/dev/null
for name in groovy steps java-steps jline; do
  [ -f "$out/$name.aot" ] || [ -f "$out/$name.jsa" ] || { echo "bench: the start-up cache of the $name floor was not written" >&2; exit 1; }
done

measure_hello_world
measure "floor: java, three bash processes" -- "$java" "${RUNBOOK_JVM_FLAGS[@]}" $(cache_flags java-steps) -cp "$out/floors.jar" JavaFloorSteps
measure "floor: groovy, a compiled script" -- "$java" "${RUNBOOK_JVM_FLAGS[@]}" $(cache_flags groovy) -cp "$cp_groovy" GroovyFloor
measure "floor: groovy, three bash processes and a GString" -- "$java" "${RUNBOOK_JVM_FLAGS[@]}" $(cache_flags steps) -cp "$cp_groovy" GroovyFloorSteps
# cold: what `runbook exec` does with neither cache, on the same floor: groovy compiles the script, then runs it
measure "floor: groovy, compile and run three bash processes and a GString, no caches" -- \
  "$java" "${RUNBOOK_JVM_FLAGS[@]}" -cp "$groovy" groovy.ui.GroovyMain "$BENCH_DIR/floors/GroovyFloorSteps.groovy"
echo "  measuring: floor: jline, first prompt on a terminal (pseudo-terminal)" >&2
read -r _ prompt_runs prompt_ms <<<"$(BENCH_RUNS="$BENCH_RUNS" BENCH_WARMUP="$BENCH_WARMUP" python3 "$BENCH_DIR/repl-first-prompt.py" \
  --prompt-of "$java" "${RUNBOOK_JVM_FLAGS[@]}" $(cache_flags jline) ${NATIVE_LIBRARY_FLAGS[@]+"${NATIVE_LIBRARY_FLAGS[@]}"} \
  -cp "$cp_jline" JlineFloor)"
given "floor: jline, first prompt on a terminal" "$prompt_runs" "$prompt_ms"

hello="java hello-world (the launcher's JVM flags)"
ratio "  ratio floor java + 3 bash / hello-world" "floor: java, three bash processes" "$hello"
ratio "  ratio floor groovy script / hello-world" "floor: groovy, a compiled script" "$hello"
ratio "  ratio floor groovy + 3 bash + GString / hello-world (issue 23's goal for exec: <= 4)" \
  "floor: groovy, three bash processes and a GString" "$hello"
ratio "  ratio floor groovy compile + run, no caches / hello-world (issue 23's goal for a cold exec: <= 10)" \
  "floor: groovy, compile and run three bash processes and a GString, no caches" "$hello"
ratio "  ratio floor jline prompt / hello-world (issue 21's goal for the REPL: <= 4)" "floor: jline, first prompt on a terminal" "$hello"
