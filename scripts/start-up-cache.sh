# Sourced by ./runbook, scripts/train-aot.sh and bench/run (after find-jdk.sh): the JVM flags every run of the CLI
# uses, and the launcher's start-up cache — where it lives for a jar and a JDK, and the flags that use it.
#
# The cache is a JDK AOT cache on JDK 24+ (JEP 483; trained in one step on 25+, JEP 514) or a dynamic AppCDS
# archive on JDK 21-23. It holds the CLI's classes loaded and linked (and, on 25, lambdas; not method profiles: see
# startup_cache_training_flags), as recorded by a training run (dev.runbook.app.AotTraining): a cached `runbook exec`
# starts in about half the time.
# A JVM only uses a cache made by the same JDK build, for the same jar (size and time) and compatible flags, and
# otherwise runs without it; the launcher asks the JVM not to log about it (a damaged or foreign cache is silent).

# Every run's flags, the training's too (a cache is only used by a JVM started with the flags it was made with).
# C1 only: runs are short, and C2's compilations would only compete with the run for 2 cores; the serial collector:
# the heap stays small, and it starts fastest. A young generation of 48 MB: the JVM sizes it from the machine's
# memory (126 MB on 24 GB), and a fan-out of 1,000 targets or a compile filled all of it before its first
# collection (peak RSS 210-250 MB; 180 MB with it). A cached run of a few steps allocates less and never collects.
# Where the whole heap is smaller (a container under about 100 MB, or -Xmx in RUNBOOK_JAVA_OPTS) the JVM shrinks
# the young generation itself; its notice about that (on stdout) is turned off. See bench/README.md for the measurements.
# A heap of at most 1 GB: the JVM's own limit is a quarter of the machine (6 GB on 24 GB), and a runbook that keeps
# what it reads without end took that before it failed; with the limit it ends with one line ("the runbook used
# more than 1024 MB of memory ... RUNBOOK_JAVA_OPTS=-Xmx2048m"), exit 4, its run failed in the journal. A fan-out
# of 1,000 targets peaks under 200 MB. RUNBOOK_JAVA_OPTS comes later on the command line, so its -Xmx wins.
RUNBOOK_JVM_FLAGS=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmn48m -Xmx1g -Xlog:gc+ergo=error --enable-native-access=ALL-UNNAMED)
# Part of the cache's file name: bump it when RUNBOOK_JVM_FLAGS or the training change, so older caches are retrained.
STARTUP_CACHE_FORMAT=4

# startup_cache_locate JDK JAR: sets STARTUP_CACHE (the cache file for this jar and JDK; empty when the JDK has
# none: older than 21, or unreadable) and STARTUP_CACHE_KIND (aot or cds). Forks nothing.
#   RUNBOOK_AOT_DIR   where caches go (default: beside the jar when that folder is writable, else
#                     ${XDG_CACHE_HOME:-~/.cache}/runbook/aot)
startup_cache_locate() {
  local jdk="$1" jar="$2" major="" version="" dir name suffix
  STARTUP_CACHE=""; STARTUP_CACHE_KIND=""
  release_value major "$jdk" JAVA_VERSION || return 0   # find-jdk.sh
  major="${major%%.*}"
  release_value version "$jdk" JAVA_RUNTIME_VERSION || true
  [[ "$major" =~ ^[0-9]+$ ]] || return 0
  if [ "$major" -ge 24 ]; then STARTUP_CACHE_KIND=aot
  elif [ "$major" -ge 21 ]; then STARTUP_CACHE_KIND=cds
  else return 0
  fi
  [ -n "$version" ] || version="$major"
  # the JDK's folder and exact version: two JDKs of one version (vendors) or an in-place update get their own cache
  suffix="${jdk##*/}-${version//[^A-Za-z0-9.+_-]/_}-f$STARTUP_CACHE_FORMAT.$STARTUP_CACHE_KIND"
  if [ -n "${RUNBOOK_AOT_DIR:-}" ]; then
    dir="$RUNBOOK_AOT_DIR"; name="${jar//[^A-Za-z0-9._-]/_}.$suffix"   # one folder for many jars: the path names it
  elif [ -w "${jar%/*}" ]; then
    dir="${jar%/*}"; name="${jar##*/}.$suffix"
  else
    dir="${XDG_CACHE_HOME:-$HOME/.cache}/runbook/aot"; name="${jar//[^A-Za-z0-9._-]/_}.$suffix"
  fi
  STARTUP_CACHE="$dir/$name"
}

# startup_cache_flags: the flags that make the JVM use STARTUP_CACHE, into the array STARTUP_CACHE_FLAGS. The JVM
# ignores a cache it cannot use (AOTMode=auto, Xshare:auto) and would say so on stdout: its aot/cds logging is off.
startup_cache_flags() {
  case "$STARTUP_CACHE_KIND" in
    aot) STARTUP_CACHE_FLAGS=(-XX:AOTCache="$STARTUP_CACHE" -Xlog:aot*=off -Xlog:cds*=off) ;;
    cds) STARTUP_CACHE_FLAGS=(-XX:SharedArchiveFile="$STARTUP_CACHE" -Xshare:auto -Xlog:cds*=off) ;;
    *) STARTUP_CACHE_FLAGS=() ;;
  esac
}

# startup_cache_training_flags JAVA MAJOR: into the array STARTUP_CACHE_TRAINING_FLAGS, what the training adds on JDK 25+:
# no method profiles in the cache. JDK 25 (JEP 515) records them and, when a class is initialised, replays them by
# compiling at once every method the training compiled. With C1 only (RUNBOOK_JVM_FLAGS) nothing reads a profile, and
# on 2 cores those compilations only compete with the run: interleaved, 20 runs each (2026-12-07, bench/README.md
# "The REPL inside the CLI's JVM"), a cached exec of three steps used 240 ms less CPU and the REPL's first prompt
# 100 ms less. The flag is a diagnostic one, so it is only given where this JVM accepts it (one
# `java -version` at training time); elsewhere the cache keeps its profiles, as before.
startup_cache_training_flags() {
  STARTUP_CACHE_TRAINING_FLAGS=()
  [ "$2" -ge 25 ] || return 0
  local flags=(-XX:+UnlockDiagnosticVMOptions -XX:-AOTRecordTraining)
  if "$1" "${flags[@]}" -version >/dev/null 2>&1; then STARTUP_CACHE_TRAINING_FLAGS=("${flags[@]}"); fi
}

# native_library_flags JAR: into the array NATIVE_LIBRARY_FLAGS, the flag that points JLine to its native library as a
# file beside the jars (lib/native, unpacked from jline-native by the build), so that JLine neither copies it into the
# temp folder at each start (and leaves the copy there when the JVM halts) nor fails where that folder is mounted
# noexec. Empty when the folder is missing: JLine copies the library as before. Forks nothing.
native_library_flags() {
  NATIVE_LIBRARY_FLAGS=()
  if [ -d "${1%/*}/native/org/jline/nativ" ]; then
    NATIVE_LIBRARY_FLAGS=(-Dlibrary.jline.path="${1%/*}/native/org/jline/nativ")
  fi
}

# startup_cache_fresh JAR: true when STARTUP_CACHE exists and was made after JAR (a rebuilt jar makes it stale).
startup_cache_fresh() {
  [ -n "$STARTUP_CACHE" ] && [ -s "$STARTUP_CACHE" ] && [ "$STARTUP_CACHE" -nt "$1" ]
}

# startup_cache_failed JAR: true when training for this jar already failed (STARTUP_CACHE.failed holds its output):
# the launcher does not try again until the jar changes.
startup_cache_failed() {
  [ -n "$STARTUP_CACHE" ] && [ -f "$STARTUP_CACHE.failed" ] && [ "$STARTUP_CACHE.failed" -nt "$1" ]
}
