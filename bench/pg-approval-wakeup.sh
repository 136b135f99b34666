#!/usr/bin/env bash
# How fast a run waiting for approval wakes when `runbook approve` is sent from another process through a shared
# PostgreSQL journal: the time from the decision's commit (runbook.approvals.sent_at, the server's clock) to the
# run's approval.granted event (the run's clock; same machine). The run polls only once a minute
# (RUNBOOK_JOURNAL_POLL_MS=60000), so what is measured is the LISTEN/NOTIFY path.
#   bench/pg-approval-wakeup.sh [N]     N approvals (default 10); needs repl/target/lib/runbook.jar and PostgreSQL's
#                                       server binaries (.ci/install-postgres.sh); runs the server as `postgres`.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-10}"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
JAR="${RUNBOOK_JAR:-repl/target/lib/runbook.jar}"
[ -f "$JAR" ] || { echo "no $JAR: mvn -DskipTests install first" >&2; exit 1; }
BIN=""
for d in /usr/local/bin /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && BIN="$d" && break; done
[ -n "$BIN" ] || { echo "PostgreSQL server binaries not found: .ci/install-postgres.sh" >&2; exit 1; }

TMP="$(mktemp -d /tmp/runbook-pg-bench.XXXXXX)"
chmod 755 "$TMP"
AS_PG=(); [ "$(id -u)" = 0 ] && { chown postgres "$TMP"; AS_PG=(runuser -u postgres --); }
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
stop() { "${AS_PG[@]}" "$BIN/pg_ctl" -D "$TMP/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$TMP"; }
trap stop EXIT
"${AS_PG[@]}" "$BIN/initdb" -D "$TMP/data" -U postgres --auth=trust --no-sync -E UTF8 --locale=C >/dev/null
"${AS_PG[@]}" "$BIN/pg_ctl" -D "$TMP/data" -w -l "$TMP/server.log" start \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $TMP -c fsync=off" >/dev/null
URL="jdbc:postgresql://127.0.0.1:$PORT/postgres?user=postgres"
psql_() { psql -X -q -t -A -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -c "$1"; }

mkdir -p "$TMP/ops"
cat > "$TMP/ops/wait.groovy" <<'RB'
runbook('wait-for-lead') {
    severity P1
    requireApproval P1, within: 2.minutes
    step('Go') { log 'approved' }
}
RB
printf "team {\n    member 'alice', role: 'lead'\n    member 'olivia', role: 'lead'\n}\n" > "$TMP/ops/runbook.team.groovy"

for i in $(seq 1 "$N"); do
  (cd "$TMP/ops" && RUNBOOK_JOURNAL_POLL_MS=60000 "$JAVA" -XX:TieredStopAtLevel=1 -jar "$OLDPWD/$JAR" exec wait.groovy \
      --operator olivia --journal "$URL" >/dev/null 2>&1) &
  run=""
  for _ in $(seq 1 600); do
    run="$(psql_ "SELECT run_id FROM runbook.events WHERE type = 'approval.requested' AND run_id NOT IN
                  (SELECT run_id FROM runbook.approvals) LIMIT 1" 2>/dev/null || true)"
    [ -n "$run" ] && break
    sleep 0.1
  done
  [ -n "$run" ] || { echo "run $i never asked for approval" >&2; exit 1; }
  sleep 0.3 # the run is in its wait loop
  "$JAVA" -XX:TieredStopAtLevel=1 -jar "$JAR" approve "$run" --as alice --journal "$URL" >/dev/null
  wait
  psql_ "SELECT round(extract(epoch FROM ((e.line::json->>'ts')::timestamptz - a.sent_at)) * 1000)
         FROM runbook.events e JOIN runbook.approvals a USING (run_id)
         WHERE e.run_id = '$run' AND e.type = 'approval.granted'"
done | sort -n | awk '{ v[NR] = $1 } END {
  printf "approval wake-up through NOTIFY (poll 60 s), %d runs: median %d ms, min %d ms, max %d ms\n", NR, v[int((NR + 1) / 2)], v[1], v[NR] }'
