#!/usr/bin/env bash
# Fan-out to 1,000 local HTTP endpoints (50 ms each, concurrency 100): measured by bench/fanout.sh, which prints
# `fanout-1000  runbook  <ms>` and `fanout-1000  bash-xargs  <ms>` lines (its own medians); its rows join the table.
set -euo pipefail
. "$BENCH_DIR/lib/common.sh"

# Ansible's row takes about 4 minutes a run on 2 cores (1,000 hosts: a Python process each), so it is opt-in
ansible_reason="about 4 minutes a run here; BENCH_ANSIBLE_FANOUT=1 runs it (BENCH_ANSIBLE_FANOUT_RUNS timed runs, default 1)"
have ansible-playbook || ansible_reason="ansible-playbook missing: apt-get install ansible"
if [ ! -x "$BENCH_DIR/fanout.sh" ] && [ ! -f "$BENCH_DIR/fanout.sh" ]; then
  skip "fan-out 1000 endpoints: runbook forEach" "bench/fanout.sh missing"
  skip "fan-out 1000 endpoints: bash curl | xargs -P 100" "bench/fanout.sh missing"
  skip "fan-out 1000 endpoints: ansible forks 100" "$ansible_reason"
  exit 0
fi

out="$BENCH_TMP/fanout.txt"
fanout_ansible=0
[ "${BENCH_ANSIBLE_FANOUT:-0}" = 1 ] && have ansible-playbook && fanout_ansible=1
FANOUT_RUNS="$BENCH_RUNS" FANOUT_ANSIBLE="$fanout_ansible" FANOUT_ANSIBLE_RUNS="${BENCH_ANSIBLE_FANOUT_RUNS:-1}" \
  FANOUT_PG_JOURNAL="${BENCH_PG_JOURNAL:-}" \
  bash "$BENCH_DIR/fanout.sh" | tee "$out" >&2
row() { awk -v what="$1" '$1 == "fanout-1000" && $2 == what { print $3; exit }' "$out"; }
runbook_ms="$(row runbook)"; xargs_ms="$(row bash-xargs)"
[ -n "$runbook_ms" ] && given "fan-out 1000 endpoints: runbook forEach" "$BENCH_RUNS" "$runbook_ms" \
  || skip "fan-out 1000 endpoints: runbook forEach" "bench/fanout.sh printed no 'fanout-1000 runbook' line"
[ -n "$xargs_ms" ] && given "fan-out 1000 endpoints: bash curl | xargs -P 100" "$BENCH_RUNS" "$xargs_ms" \
  || skip "fan-out 1000 endpoints: bash curl | xargs -P 100" "bench/fanout.sh printed no 'fanout-1000 bash-xargs' line"
ansible_ms="$(row ansible-forks100)"
if [ -n "$ansible_ms" ]; then
  given "fan-out 1000 endpoints: ansible forks 100" "${BENCH_ANSIBLE_FANOUT_RUNS:-1}" "$ansible_ms"
else
  skip "fan-out 1000 endpoints: ansible forks 100" "$ansible_reason"
fi
pg_ms="$(row runbook-pg)"
if [ -n "$pg_ms" ]; then
  given "fan-out 1000 endpoints: runbook forEach, PostgreSQL journal" "$BENCH_RUNS" "$pg_ms"
else
  skip "fan-out 1000 endpoints: runbook forEach, PostgreSQL journal" "BENCH_PG_JOURNAL not set (a jdbc:postgresql:// URL of a database to journal into; no server is started)"
fi
ratio "  ratio runbook / bash xargs" "fan-out 1000 endpoints: runbook forEach" "fan-out 1000 endpoints: bash curl | xargs -P 100"
[ -z "$ansible_ms" ] || ratio "  ratio runbook / ansible" "fan-out 1000 endpoints: runbook forEach" "fan-out 1000 endpoints: ansible forks 100"
[ -z "$pg_ms" ] || ratio "  ratio PostgreSQL journal / folder" "fan-out 1000 endpoints: runbook forEach, PostgreSQL journal" "fan-out 1000 endpoints: runbook forEach"
