# Sourced by ./runbook and ./run-tests: finds JDKs without starting a JVM (reads each home's release file).
# Sets RUN_JDK (the first JDK >= 21: JAVA_HOME, then java on PATH, then the system's JVM folders) and
# BUILD_JDK (the newest JDK with javac, >= 21), or leaves them empty.

java_major() { # $1 = a JDK/JRE home; prints its feature version
  local v
  java_major_into v "$1" && echo "$v"
}

# release_value VAR HOME KEY: KEY's value in HOME/release (JAVA_VERSION="25.0.3" gives 25.0.3) into VAR, with bash
# builtins only (no subshell, no sed): the launcher reads every JDK on the machine on each start. Fails when absent.
release_value() {
  local _release_key _release_value   # names no caller's VAR uses: printf -v would set these instead
  [ -r "$2/release" ] || return 1
  while IFS='=' read -r _release_key _release_value; do
    if [ "$_release_key" = "$3" ]; then
      printf -v "$1" '%s' "${_release_value//\"/}"; return 0
    fi
  done < "$2/release"
  return 1
}

# java_major_into VAR HOME: HOME's feature version (25) into VAR
java_major_into() {
  local value
  release_value value "$2" JAVA_VERSION || return 1
  value="${value%%[!0-9]*}"
  [ -n "$value" ] || return 1
  printf -v "$1" '%s' "$value"
}

find_jdks() {
  local candidates=() c v best=0
  RUN_JDK=""; BUILD_JDK=""
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    c="$(readlink -f "$(command -v java)")"; c="${c%/*}"; candidates+=("${c%/*}")   # <home>/bin/java -> <home>
  fi
  for c in /usr/lib/jvm/* /usr/local/lib/jvm/* /opt/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$c" ] && candidates+=("$c")
  done
  for c in "${candidates[@]}"; do
    v=""; java_major_into v "$c" || continue
    [ -x "$c/bin/java" ] || continue
    [ "$v" -ge 21 ] || continue
    [ -z "$RUN_JDK" ] && RUN_JDK="$c"
    if [ "$v" -gt "$best" ] && [ -x "$c/bin/javac" ]; then best="$v"; BUILD_JDK="$c"; fi
  done
}

no_jdk_message() {
  echo "runbook: no Java 21 or newer found (looked at JAVA_HOME, java on PATH and /usr/lib/jvm)." >&2
  echo "         Install one (for example: apt-get install openjdk-21-jdk-headless) or set JAVA_HOME." >&2
}
