#!/usr/bin/env bash
# The quickstart's deploy tool: starts and stops releases of the demo service as local processes on 127.0.0.1.
#   demo.sh start VERSION [PORT]    start a release (fails if one already runs on PORT)
#   demo.sh stop [PORT]             stop what runs on PORT
#   demo.sh ensure VERSION [PORT]   make VERSION the running release (stop another one first)
#   demo.sh status [PORT]           which release runs, and what /health answers
#   demo.sh log [PORT]              the output of the release on PORT (the last one that ran there)
# State (pid, version, log) lives in $RUNBOOK_DEMO_STATE or examples/quickstart/.demo/PORT.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
releases="v1.2.2 v1.2.3 v1.2.4"
cmd="${1:-}"

port_arg() { echo "${1:-4000}"; }
java_bin() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then echo "$JAVA_HOME/bin/java"; else command -v java; fi
}
state_dir() { echo "${RUNBOOK_DEMO_STATE:-$here/.demo}/$1"; }
running_pid() { # prints the pid of the release running on port $1, if any
  local f; f="$(state_dir "$1")/pid"
  [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null && cat "$f"
}
health() { curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$1/health" || true; }

start() {
  local version="$1" port; port="$(port_arg "${2:-}")"
  case " $releases " in *" $version "*) ;; *) echo "demo: there is no release $version (releases: $releases)" >&2; exit 3 ;; esac
  if pid="$(running_pid "$port")"; then
    echo "demo: $(cat "$(state_dir "$port")/version") already runs on port $port (pid $pid); stop it first" >&2; exit 1
  fi
  local dir; dir="$(state_dir "$port")"; mkdir -p "$dir"
  nohup "$(java_bin)" "$here/service/DemoService.java" "$version" "$port" >"$dir/service.log" 2>&1 </dev/null &
  echo $! >"$dir/pid"; echo "$version" >"$dir/version"
  for _ in $(seq 1 200); do
    [ "$(health "$port")" != "000" ] && { echo "started demo $version on 127.0.0.1:$port (pid $(cat "$dir/pid"))"; return 0; }
    kill -0 "$(cat "$dir/pid")" 2>/dev/null || { echo "demo: $version exited at start:" >&2; tail -5 "$dir/service.log" >&2; rm -f "$dir/pid"; exit 1; }
    sleep 0.1
  done
  echo "demo: $version did not start listening on port $port within 20s" >&2; exit 1
}

stop() {
  local port; port="$(port_arg "${1:-}")"
  if pid="$(running_pid "$port")"; then
    kill "$pid"
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$(state_dir "$port")/pid"
    echo "stopped demo $(cat "$(state_dir "$port")/version") on port $port (pid $pid)"
  else
    echo "demo: nothing runs on port $port"
  fi
}

status() {
  local port; port="$(port_arg "${1:-}")"
  if pid="$(running_pid "$port")"; then
    echo "demo $(cat "$(state_dir "$port")/version") runs on 127.0.0.1:$port (pid $pid); GET /health -> $(health "$port")"
  else
    echo "demo: nothing runs on port $port"
  fi
}

case "$cmd" in
  start) start "${2:?usage: demo.sh start VERSION [PORT]}" "${3:-}" ;;
  stop) stop "${2:-}" ;;
  status) status "${2:-}" ;;
  ensure)
    version="${2:?usage: demo.sh ensure VERSION [PORT]}"; port="$(port_arg "${3:-}")"
    if running_pid "$port" >/dev/null && [ "$(cat "$(state_dir "$port")/version")" = "$version" ]; then
      status "$port"
    else
      stop "$port" >/dev/null; start "$version" "$port"
    fi ;;
  log) # never fails: capturing evidence must not stop a rollback
    f="$(state_dir "$(port_arg "${2:-}")")/service.log"
    if [ -f "$f" ]; then cat "$f"; else echo "demo: no log for port $(port_arg "${2:-}")" >&2; fi ;;
  *) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
