#!/usr/bin/env bash
# Installs what the pg specs need on a fresh Debian 12 machine: the PostgreSQL 15 server binaries (initdb, pg_ctl,
# postgres; the specs start their own server as the postgres OS user) and the client tools (psql, pg_dump,
# pg_restore). Idempotent: does nothing when they are already there. Needs root.
set -euo pipefail

have_server() {
  for d in /usr/local/bin /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ] && return 0
  done
  return 1
}

have_clients() {
  command -v psql >/dev/null 2>&1 && command -v pg_dump >/dev/null 2>&1 && command -v pg_restore >/dev/null 2>&1
}

if have_server && have_clients && id postgres >/dev/null 2>&1; then
  echo "install-postgres: PostgreSQL server and client tools already installed"
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# The specs start their own server; do not let the package create and start a cluster on port 5432.
apt-get install -y -qq postgresql-common >/dev/null
# (the package scripts read this key from createcluster.conf itself, not from its include dir)
sed -i 's/^#\?\s*create_main_cluster\s*=.*/create_main_cluster = false/' /etc/postgresql-common/createcluster.conf
apt-get install -y -qq postgresql >/dev/null

have_server || { echo "install-postgres: initdb/pg_ctl/postgres still missing after apt-get install postgresql" >&2; exit 1; }
have_clients || { echo "install-postgres: psql/pg_dump/pg_restore still missing after apt-get install postgresql" >&2; exit 1; }
echo "install-postgres: $(ls -d /usr/lib/postgresql/*/bin | tail -1) ready"
