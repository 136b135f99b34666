#!/usr/bin/env bash
# bench/fanout.sh: the fan-out benchmark of issue 8. A local server (bench/lib/SlowServer.java) whose 1,000
# endpoints each answer after 50 ms; then, medians of FANOUT_RUNS (default 5) whole-process runs each of
#   runbook  `runbook exec bench/runbooks/fanout-1000.groovy`: forEach over the 1,000 URLs, concurrency 100,
#            http.get each, journaled (fsync) — launcher, JVM, compile (cached after the first run), engine
#   runbook-pg  (only with FANOUT_PG_JOURNAL=jdbc:postgresql://...) the same run journaled in that PostgreSQL
#            database instead of a folder (a team's shared journal); it starts no server
#   bash-xargs  `xargs -P 100 curl` over the same 1,000 URLs
#   ansible-forks100  (only with FANOUT_ANSIBLE=1) `ansible-playbook` with forks: 100 over an inventory of 1,000
#            local hosts, the uri module GETting each one's endpoint; FANOUT_ANSIBLE_RUNS timed runs (default 1) and
#            no warm-up: one run takes about 4 minutes of 2 cores (a Python process per host)
# and prints one line per row, "fanout-1000  ROW  MEDIAN_MS", plus the row runbook-forEach: the forEach node
# alone as its journal timed it (no JVM start, no compile). The floor is 1,000 × 50 ms / 100 = 0.5 s.
#   RUNBOOK      the command that runs runbook (default: the launcher ./runbook beside bench/)
#   FANOUT_RUNS  timed runs per row (default 5); one untimed warm-up run of each row comes first
#   FANOUT_PORT  the server's port (default 18765)
# Talks to 127.0.0.1 only; the server stops with this script (and on its own after 10 minutes in any case).
set -euo pipefail

bench="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
root="$(dirname "$bench")"
runs="${FANOUT_RUNS:-5}"
port="${FANOUT_PORT:-18765}"
read -r -a runbook <<< "${RUNBOOK:-$root/runbook}"

missing=()
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v xargs >/dev/null 2>&1 || missing+=(findutils)
if [ ${#missing[@]} -gt 0 ]; then
  echo "fanout: missing: ${missing[*]}. Install with: apt-get install -y ${missing[*]}" >&2
  exit 4
fi
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "fanout: FANOUT_RUNS must be a whole number >= 1, not '$runs'" >&2; exit 2; }
. "$root/scripts/find-jdk.sh"
find_jdks
[ -n "$RUN_JDK" ] || { echo "fanout: no JDK >= 21 found (set JAVA_HOME)" >&2; exit 4; }

tmp="$(mktemp -d "${TMPDIR:-/tmp}/runbook-fanout.XXXXXX")"
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

# --- the endpoints -------------------------------------------------------------------------------------------
"$RUN_JDK/bin/java" "$bench/lib/SlowServer.java" "$port" 50 600 > "$tmp/server.out" 2>&1 &
server_pid=$!
for _ in $(seq 1 200); do
  grep -q '^ready' "$tmp/server.out" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { echo "fanout: the server did not start:" >&2; cat "$tmp/server.out" >&2; exit 1; }
  sleep 0.1
done
grep -q '^ready' "$tmp/server.out" || { echo "fanout: the server did not start within 20 s" >&2; exit 1; }
base="http://127.0.0.1:$port"
seq 1 1000 | sed "s|^|$base/svc/|" > "$tmp/urls"

# --- timing ---------------------------------------------------------------------------------------------------
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

exec_fanout() { # JOURNAL OUTPUT_FILE: one runbook run of the fan-out, journaled there
  "${runbook[@]}" exec "$bench/runbooks/fanout-1000.groovy" -p "base=$base" --journal "$1" </dev/null >"$2" 2>&1 \
    || { echo "fanout: the runbook run failed:" >&2; tail -20 "$2" >&2; exit 1; }
}
run_runbook() { exec_fanout "$tmp/journal" "$tmp/runbook.out"; }
run_xargs() {
  xargs -P 100 -n 1 curl -s -o /dev/null -w '%{http_code}\n' < "$tmp/urls" > "$tmp/codes"
  [ "$(grep -c '^200$' "$tmp/codes")" -eq 1000 ] || { echo "fanout: not every curl got 200" >&2; exit 1; }
}

time_row() { # NAME FUNCTION [RUNS [WARMUPS]]: WARMUPS (default 1) untimed runs, then RUNS (default $runs) timed; prints the median
  local name="$1" fn="$2" n="${3:-$runs}" warmups="${4:-1}" t0 i
  echo "  measuring: fanout-1000 $name ($n runs after $warmups warm-up)" >&2
  for i in $(seq 1 "$warmups"); do "$fn"; done
  : > "$tmp/times-$name"
  for i in $(seq 1 "$n"); do
    t0=$(now_ms); "$fn"; echo $(( $(now_ms) - t0 )) >> "$tmp/times-$name"
  done
  median < "$tmp/times-$name"
}

runbook_ms=$(time_row runbook run_runbook)
# every run must have journaled a succeeded run with 1,000 ok targets; the node's own time comes from there too
ok=$(grep -h '"type":"fanout.finished"' "$tmp"/journal/*/journal.jsonl | grep -c '"ok":1000,"failed":0' || true)
[ "$ok" -eq $((runs + 1)) ] || { echo "fanout: expected $((runs + 1)) fan-outs with 1,000 ok targets, found $ok" >&2; exit 1; }
node_ms=$(ls -tr "$tmp"/journal/*/journal.jsonl | tail -n "$runs" | xargs grep -h '"type":"fanout.finished"' \
  | sed 's/.*"durationMs":\([0-9]*\).*/\1/' | median)
xargs_ms=$(time_row bash-xargs run_xargs)

ansible_ms=""
if [ "${FANOUT_ANSIBLE:-0}" = 1 ]; then
  command -v ansible-playbook >/dev/null 2>&1 || { echo "fanout: FANOUT_ANSIBLE=1 needs ansible-playbook: apt-get install ansible" >&2; exit 4; }
  ansible_runs="${FANOUT_ANSIBLE_RUNS:-1}"
  { echo "[endpoints]"; for i in $(seq 1 1000); do echo "svc$i ansible_connection=local ansible_python_interpreter=$(command -v python3)"; done; } > "$tmp/inventory.ini"
  cat > "$tmp/fanout.yml" <<'YAML'
- name: Health check 1,000 endpoints, a hundred at a time
  hosts: endpoints
  gather_facts: no
  tasks:
    - name: GET the endpoint
      ansible.builtin.uri:
        url: "{{ base }}/svc/{{ inventory_hostname[3:] }}"
        status_code: 200
YAML
  run_ansible() {
    ANSIBLE_FORKS=100 ansible-playbook -i "$tmp/inventory.ini" "$tmp/fanout.yml" -e "base=$base" </dev/null >"$tmp/ansible.out" 2>&1 \
      || { echo "fanout: the ansible run failed:" >&2; tail -20 "$tmp/ansible.out" >&2; exit 1; }
    [ "$(grep -c ' ok=1 .* failed=0 ' "$tmp/ansible.out")" -eq 1000 ] || { echo "fanout: not every ansible host got 200" >&2; exit 1; }
  }
  ansible_ms=$(time_row ansible-forks100 run_ansible "$ansible_runs" 0)   # no warm-up: several minutes a run
fi

pg_ms=""
if [ -n "${FANOUT_PG_JOURNAL:-}" ]; then
  run_runbook_pg() {
    exec_fanout "$FANOUT_PG_JOURNAL" "$tmp/runbook-pg.out"
    grep -q '1000 targets in .*1000 ok' "$tmp/runbook-pg.out" || { echo "fanout: the PostgreSQL run did not report 1000 ok targets" >&2; exit 1; }
  }
  pg_ms=$(time_row runbook-pg run_runbook_pg)
fi

printf 'fanout-1000  runbook  %s\n' "$runbook_ms"
printf 'fanout-1000  runbook-forEach  %s\n' "$node_ms"
printf 'fanout-1000  bash-xargs  %s\n' "$xargs_ms"
[ -z "$ansible_ms" ] || printf 'fanout-1000  ansible-forks100  %s\n' "$ansible_ms"
[ -z "$pg_ms" ] || printf 'fanout-1000  runbook-pg  %s\n' "$pg_ms"
