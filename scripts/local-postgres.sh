#!/usr/bin/env bash
# Makes a local PostgreSQL ready for the dev and test profiles: installs Debian's
# server when absent, starts the cluster when down, and creates the role and the
# databases that application.properties names. Idempotent; silent when all is ready.
#
#   POSTWIRE_DB_USER / POSTWIRE_DB_PASSWORD  role to create (default postwire/postwire)
#   POSTWIRE_DATABASES                       databases to create (default "postwire postwire_test")
#   POSTWIRE_RECREATE=1                      drop those databases first (a fresh, empty start)
set -euo pipefail

DB_USER=${POSTWIRE_DB_USER:-postwire}
DB_PASSWORD=${POSTWIRE_DB_PASSWORD:-postwire}
read -r -a DATABASES <<< "${POSTWIRE_DATABASES:-postwire postwire_test}"

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}

psql_super() {
  as_postgres env PGOPTIONS=--client-min-messages=warning psql -X -q -v ON_ERROR_STOP=1 -tA "$@"
}

if ! command -v pg_lsclusters >/dev/null 2>&1; then
  echo "local-postgres: installing Debian's postgresql" >&2
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi

if [ -z "$(pg_lsclusters --no-header 2>/dev/null)" ]; then
  version=$(ls /usr/lib/postgresql | sort -V | tail -1)
  echo "local-postgres: creating cluster $version/main" >&2
  as_root pg_createcluster "$version" main >/dev/null
fi

# The first cluster is the one on the default port the profiles use.
read -r version cluster port status _ < <(pg_lsclusters --no-header | head -1)
if [ "$status" != "online" ]; then
  echo "local-postgres: starting cluster $version/$cluster" >&2
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" start
fi
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p "$port" && break
  sleep 1
done
pg_isready -q -h 127.0.0.1 -p "$port" || { echo "local-postgres: server on port $port is not ready" >&2; exit 1; }

if [ "$(psql_super -p "$port" -c "select 1 from pg_roles where rolname = '$DB_USER'")" != "1" ]; then
  psql_super -p "$port" -c "create role \"$DB_USER\" login password '$DB_PASSWORD'"
fi
for db in "${DATABASES[@]}"; do
  if [ "${POSTWIRE_RECREATE:-0}" = "1" ]; then
    psql_super -p "$port" -c "drop database if exists \"$db\" with (force)"
  fi
  if [ "$(psql_super -p "$port" -c "select 1 from pg_database where datname = '$db'")" != "1" ]; then
    psql_super -p "$port" -c "create database \"$db\" owner \"$DB_USER\""
  fi
done
