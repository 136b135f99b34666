#!/usr/bin/env bash
# train-aot.sh: builds the launcher's start-up cache (a JDK AOT cache on JDK 24+, an AppCDS archive on 21-23) for
# the CLI's jar and the JDK the launcher runs it with. See scripts/start-up-cache.sh for what it is and where it goes.
#
#   train-aot.sh [--force] [JAR]
#                        now, in the foreground (a distribution's install step, a container image, bench/run);
#                        JAR defaults to the launcher's (lib/runbook.jar or repl/target/lib/runbook.jar). Prints the
#                        cache's path; does nothing when it is fresh unless --force; exits 1 when training failed
#                        (the output is in CACHE.failed).
#   train-aot.sh --after PID --lock DIR JDK JAR CACHE
#                        the launcher's background form: waits (up to a minute) for the run PID to end, so that run
#                        is never slowed, then trains at the lowest CPU and I/O priority and removes DIR.
#
# The training run is dev.runbook.app.AotTraining: check, plan, exec (compiled, then from the compile cache), runs,
# --help and the REPL on a small bundled runbook, everything in a temp folder. The new cache is checked (a JVM must
# accept it: -XX:AOTMode=on / -Xshare:on) and only then moved into place; caches of older builds of the jar are
# deleted.
set -euo pipefail

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
. "$here/find-jdk.sh"
. "$here/start-up-cache.sh"

after=""; lock=""; force=""
while [ $# -gt 0 ]; do
  case "$1" in
    --force) force=1; shift ;;
    --after) after="$2"; shift 2 ;;
    --lock) lock="$2"; shift 2 ;;
    -h|--help) sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) break ;;
  esac
done
[ -n "$lock" ] && trap 'rmdir "$lock" 2>/dev/null || true' EXIT

if [ $# -ge 3 ]; then
  jdk="$1"; jar="$2"; cache="$3"
  startup_cache_locate "$jdk" "$jar"
  STARTUP_CACHE="$cache"
else
  find_jdks
  [ -n "$RUN_JDK" ] || { no_jdk_message; exit 4; }
  jdk="$RUN_JDK"
  if [ $# -ge 1 ]; then jar="$(readlink -f "$1")"
  elif [ -f "$here/../lib/runbook.jar" ]; then jar="$(readlink -f "$here/../lib/runbook.jar")"
  else jar="$(readlink -f "$here/../repl/target/lib/runbook.jar")"
  fi
  [ -f "$jar" ] || { echo "train-aot: no jar at $jar (build first: mvn -DskipTests install, or run ./runbook once)" >&2; exit 4; }
  startup_cache_locate "$jdk" "$jar"
  if [ -z "$force" ] && startup_cache_fresh "$jar"; then echo "$STARTUP_CACHE"; exit 0; fi
fi
if [ -z "$STARTUP_CACHE" ]; then
  echo "train-aot: $jdk has no start-up cache (JDK 21 or newer needed); nothing to do" >&2
  exit 0
fi
cache="$STARTUP_CACHE"
mkdir -p "${cache%/*}"

# --- the launcher's background form: out of the way of the run that started it ------------------------------------
if [ -n "$after" ]; then
  for _ in $(seq 600); do
    kill -0 "$after" 2>/dev/null || break
    sleep 0.1
  done
fi
low=()
command -v nice >/dev/null 2>&1 && low+=(nice -n 19)
command -v ionice >/dev/null 2>&1 && ionice -c 3 true 2>/dev/null && low+=(ionice -c 3)

java="$jdk/bin/java"
native_library_flags "$jar"   # the training loads JLine's native library as the REPL does
tmp="$cache.tmp.$$"
log="$cache.log.$$"
trap 'rm -rf "$tmp" "$tmp.conf" "$log"; [ -z "$lock" ] || rmdir "$lock" 2>/dev/null || true' EXIT
major="$(java_major "$jdk")"
startup_cache_training_flags "$java" "$major"   # start-up-cache.sh: no method profiles (JDK 25+)

train() {
  case "$STARTUP_CACHE_KIND" in
    aot)
      if [ "$major" -ge 25 ]; then # JEP 514: record and create in one command (the JVM runs a second JVM to create)
        ${low[@]+"${low[@]}"} "$java" "${RUNBOOK_JVM_FLAGS[@]}" ${NATIVE_LIBRARY_FLAGS[@]+"${NATIVE_LIBRARY_FLAGS[@]}"} \
          ${STARTUP_CACHE_TRAINING_FLAGS[@]+"${STARTUP_CACHE_TRAINING_FLAGS[@]}"} -XX:AOTCacheOutput="$tmp" -cp "$jar" dev.runbook.app.AotTraining
      else # JDK 24 (JEP 483): record a configuration, then create the cache from it
        ${low[@]+"${low[@]}"} "$java" "${RUNBOOK_JVM_FLAGS[@]}" ${NATIVE_LIBRARY_FLAGS[@]+"${NATIVE_LIBRARY_FLAGS[@]}"} -XX:AOTMode=record -XX:AOTConfiguration="$tmp.conf" \
          -cp "$jar" dev.runbook.app.AotTraining \
        && ${low[@]+"${low[@]}"} "$java" "${RUNBOOK_JVM_FLAGS[@]}" -XX:AOTMode=create -XX:AOTConfiguration="$tmp.conf" \
          -XX:AOTCache="$tmp" -cp "$jar"
      fi ;;
    cds) # JDK 21-23: a dynamic AppCDS archive on top of the JDK's own, written when the training JVM exits
      ${low[@]+"${low[@]}"} "$java" "${RUNBOOK_JVM_FLAGS[@]}" ${NATIVE_LIBRARY_FLAGS[@]+"${NATIVE_LIBRARY_FLAGS[@]}"} -XX:ArchiveClassesAtExit="$tmp" -cp "$jar" dev.runbook.app.AotTraining ;;
  esac
}

# A cache the JVM would not use (wrong flags, a JDK that cannot) is not kept: AOTMode=on / Xshare:on make a JVM fail
# instead of running without it.
check() {
  case "$STARTUP_CACHE_KIND" in
    aot) "$java" "${RUNBOOK_JVM_FLAGS[@]}" -XX:AOTCache="$tmp" -XX:AOTMode=on -jar "$jar" --version ;;
    cds) "$java" "${RUNBOOK_JVM_FLAGS[@]}" -XX:SharedArchiveFile="$tmp" -Xshare:on -jar "$jar" --version ;;
  esac
}

# the training's own commands run in a temp folder; JAVA_TOOL_OPTIONS of the caller would end up in the cache's flags
if (cd "${TMPDIR:-/tmp}" && unset JAVA_TOOL_OPTIONS && train && check) >"$log" 2>&1 && [ -s "$tmp" ]; then
  mv -f "$tmp" "$cache"
  rm -f "$cache.failed"
  # caches of this jar's earlier builds (older than the jar) are of no use any more, nor are this JDK's caches of an
  # earlier format (STARTUP_CACHE_FORMAT: no launcher of this build asks for them)
  for old in "${cache%%.jar.*}.jar."*".$STARTUP_CACHE_KIND"; do
    [ -f "$old" ] && [ "$old" != "$cache" ] && ! [ "$old" -nt "$jar" ] && rm -f "$old" "$old.failed"
  done
  for old in "${cache%-f*}-f"*".$STARTUP_CACHE_KIND"; do
    [ -f "$old" ] && [ "$old" != "$cache" ] && rm -f "$old" "$old.failed"
  done
  [ -n "$after" ] || echo "$cache"
else
  mv -f "$log" "$cache.failed"
  [ -n "$after" ] || { cat "$cache.failed" >&2; echo "train-aot: training failed; its output is in $cache.failed" >&2; }
  exit 1
fi
