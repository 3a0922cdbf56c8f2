#!/usr/bin/env bash
# A failover rehearsed on one machine, as CloudNativePG performs one: a primary and a streaming
# replica (two PostgreSQL 15 clusters made here with pg_createcluster and pg_basebackup) behind one
# address that moves (HAProxy, as the -rw Service), the packaged jar pointed at that address, and
# 8 writers of POST /posts that retry with the same Idempotency-Key. Then: the primary hangs (every
# one of its processes SIGSTOPped, as when its node is lost), the replica is promoted, HAProxy's
# backend moves by a soft reload (the old connections stay open and hung, as behind a Service).
# Reported: the time from the hang to the first successful write, every status the writers saw,
# the writes' latency before the hang, and whether every acknowledged post is on the new primary
# exactly once. Once with synchronous replication (a commit is on both before the 201), once
# asynchronous, to show what that can lose. The clusters are removed at the end.
# The same writers through PgBouncer (Debian's, transaction mode, as CloudNativePG's Pooler) instead
# of HAProxy, in two more modes: pgbouncer-restart stops it (SIGTERM, as a pod's container gets) and
# starts it again; pgbouncer-hang stops it with SIGSTOP for FAILOVER_HANG_SECONDS, then resumes it.
# Reported the same way (the acknowledged posts checked on the primary), with the time from PgBouncer's
# return to the first successful write. Every mode also reports how long readiness was DOWN, and checks
# that every answer came within the 8 s bound (pool wait 2 s + socket timeout 6 s, docs/operating.md).
#
#   scripts/failover-rehearsal.sh          every mode (about 7 minutes); not part of ./mvnw verify
#   FAILOVER_MODES="sync"                  only these (of sync async pgbouncer-restart pgbouncer-hang)
#   FAILOVER_PORT=8270                     primary; +1 replica, +2 HAProxy or PgBouncer (the address the app
#                                          knows), +3 the app (or FAILOVER_APP_PORT; its management port:
#                                          jar_management_port)
#   FAILOVER_KEEP=1                        keep the work directory (logs, every attempt) for a look afterwards
#   FAILOVER_WRITERS=8  FAILOVER_BEFORE_SECONDS=10  FAILOVER_PROMOTE_AFTER_SECONDS=5  FAILOVER_AFTER_SECONDS=25
#   FAILOVER_HANG_SECONDS=15
# Never touches the machine's own PostgreSQL cluster: only the two it creates (named to sort after
# "main", so that scripts/local-postgres.sh, which takes the first cluster, never picks one of them,
# and after their ports, so that runs on other ports, another checkout's, never meet them).
# Ends with "N passed, N failed" and exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

BASE_PORT=${FAILOVER_PORT:-8270}
PRIMARY_PORT=$BASE_PORT
REPLICA_PORT=$((BASE_PORT + 1))
FRONT_PORT=$((BASE_PORT + 2))
APP_PORT=${FAILOVER_APP_PORT:-$((BASE_PORT + 3))}
WRITERS=${FAILOVER_WRITERS:-8}
BEFORE=${FAILOVER_BEFORE_SECONDS:-10}
PROMOTE_AFTER=${FAILOVER_PROMOTE_AFTER_SECONDS:-5}
AFTER=${FAILOVER_AFTER_SECONDS:-25}
HANG=${FAILOVER_HANG_SECONDS:-15}
# The longest a request may wait for its answer when a part hangs: pool wait + socket timeout.
BOUND_MS=8000
PG_VERSION=15
PRIMARY=rehearsal_primary_$PRIMARY_PORT
REPLICA=rehearsal_replica_$REPLICA_PORT
WORK=$(mktemp -d /tmp/postwire-failover.XXXXXX)
chmod 755 "$WORK"
BASE="http://127.0.0.1:$APP_PORT"
HAPROXY_PID=
STOPPED_PIDS=()
passed=0
failed=0

check() { # check NAME CONDITION-RESULT(0/1) DETAIL
  if [ "$2" = 0 ]; then passed=$((passed + 1)); echo "PASS $1${3:+: $3}"; else failed=$((failed + 1)); echo "FAIL $1${3:+: $3}"; fi
}
log() { echo "[$(date -u +%H:%M:%S.%3N)] $*"; }
now_ms() { date +%s%3N; }

drop_clusters() {
  # A stopped primary cannot shut down: let it run again first (only the processes this script stopped).
  [ ${#STOPPED_PIDS[@]} -eq 0 ] || kill -CONT "${STOPPED_PIDS[@]}" 2>/dev/null || true
  STOPPED_PIDS=()
  for cluster in "$PRIMARY" "$REPLICA"; do
    if pg_lsclusters --no-header | awk '{print $2}' | grep -qx "$cluster"; then
      pg_dropcluster --stop "$PG_VERSION" "$cluster" 2>/dev/null || true
    fi
    rm -rf "/etc/postgresql/$PG_VERSION/$cluster" # what pg_dropcluster leaves: the conf.d written here
  done
}
cleanup() {
  touch "$WORK/stop"
  jar_stop
  stop_process "$HAPROXY_PID"
  pgbouncer_stop
  drop_clusters
  if [ "${FAILOVER_KEEP:-0}" = 1 ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}

for port in "$PRIMARY_PORT" "$REPLICA_PORT" "$FRONT_PORT" "$APP_PORT" "$(jar_management_port "$APP_PORT")"; do
  if ss -ltnH "sport = :$port" | grep -q .; then echo "port $port is taken" >&2; exit 1; fi
done
for cluster in "$PRIMARY" "$REPLICA"; do
  if pg_lsclusters --no-header | awk '{print $2}' | grep -qx "$cluster"; then
    echo "cluster $PG_VERSION/$cluster exists already (a run that did not finish?): pg_dropcluster --stop $PG_VERSION $cluster" >&2
    exit 1
  fi
done
# Only now: a run that stops above must not drop clusters that are not its own.
trap cleanup EXIT
require_command haproxy haproxy
require_command pg_createcluster postgresql-common
require_command pgbouncer pgbouncer
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; $(haproxy -v | head -1 | cut -d' ' -f1-3)"
jar_build_if_needed
cp -r "$(dirname "$JAR")" "$WORK/app"
JAR=$WORK/app/$(basename "$JAR")
jar_make_keys "$WORK"

psql_at() { # psql_at PORT SQL...: as the superuser, on the database postwire of one of the clusters
  runuser -u postgres -- psql -w -X -q -tA -h 127.0.0.1 -p "$1" -d postwire -v ON_ERROR_STOP=1 -c "$2"
}

# make_clusters MODE: a primary and a replica streaming from it (synchronously in mode sync);
# in mode single the primary alone.
make_clusters() {
  local standby_names=
  [ "$1" = sync ] && standby_names=replica
  pg_createcluster "$PG_VERSION" "$PRIMARY" -p "$PRIMARY_PORT" > /dev/null
  cat > "/etc/postgresql/$PG_VERSION/$PRIMARY/conf.d/rehearsal.conf" <<EOF
listen_addresses = '127.0.0.1'
wal_level = replica
max_wal_senders = 4
hot_standby = on
synchronous_commit = on
fsync = off
EOF
  # Loopback only, and nothing to type: these clusters live for minutes.
  cat > "/etc/postgresql/$PG_VERSION/$PRIMARY/pg_hba.conf" <<EOF
local all postgres peer
host all all 127.0.0.1/32 trust
host replication all 127.0.0.1/32 trust
EOF
  pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$PRIMARY" start
  runuser -u postgres -- createdb -w -h 127.0.0.1 -p "$PRIMARY_PORT" postwire
  psql_at "$PRIMARY_PORT" "create role postwire login password 'postwire'; alter database postwire owner to postwire"

  [ "$1" = single ] && return 0
  pg_createcluster "$PG_VERSION" "$REPLICA" -p "$REPLICA_PORT" > /dev/null
  cp "/etc/postgresql/$PG_VERSION/$PRIMARY/conf.d/rehearsal.conf" "/etc/postgresql/$PG_VERSION/$REPLICA/conf.d/"
  cp "/etc/postgresql/$PG_VERSION/$PRIMARY/pg_hba.conf" "/etc/postgresql/$PG_VERSION/$REPLICA/pg_hba.conf"
  local data=/var/lib/postgresql/$PG_VERSION/$REPLICA
  find "$data" -mindepth 1 -delete # the directory stays, owned by postgres
  runuser -u postgres -- pg_basebackup -w -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$data" -X stream -R \
    -d "application_name=replica"
  pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$REPLICA" start
  # Only the primary waits for its standby, and only once it streams (a commit before would wait for
  # ever). The promoted replica has no standby of its own and so must not wait for one (with three
  # instances, CloudNativePG makes the remaining replica the synchronous one instead).
  psql_at "$PRIMARY_PORT" "alter system set synchronous_standby_names = '$standby_names'" > /dev/null
  psql_at "$PRIMARY_PORT" "select pg_reload_conf()" > /dev/null
  local expected=async
  [ "$1" = sync ] && expected=sync
  for _ in $(seq 100); do
    [ "$(psql_at "$PRIMARY_PORT" "select sync_state from pg_stat_replication where state = 'streaming'")" = "$expected" ] && return 0
    sleep 0.1
  done
  echo "the replica does not stream" >&2
  return 1
}

# haproxy_config BACKEND_PORT: the one address the app knows, in front of one PostgreSQL.
haproxy_config() {
  cat > "$WORK/haproxy.cfg" <<EOF
global
  maxconn 500
defaults
  mode tcp
  timeout connect 2s
  timeout client 1h
  timeout server 1h
frontend rw
  bind 127.0.0.1:$FRONT_PORT
  default_backend primary
backend primary
  server db 127.0.0.1:$1
EOF
}

# writer N TOKEN: POST /posts in a loop until WORK/stop; a 503 or no answer is retried with the same
# Idempotency-Key, as a well-behaved client does. Logs "start_ms end_ms status key" per attempt and
# "id key" per acknowledged post.
writer() {
  local n=$1 token=$2 i=0 key status start
  while [ ! -e "$WORK/stop" ]; do
    i=$((i + 1))
    key="w$n-$i"
    while :; do
      start=$(now_ms)
      status=$(curl -s -o "$WORK/body-$n" -w '%{http_code}' --max-time 30 -H "Authorization: Bearer $token" \
        -H "Idempotency-Key: $key" -H 'Content-Type: application/json' \
        -d "{\"title\":\"$key\",\"content\":\"failover rehearsal\"}" "$BASE/posts" || true)
      echo "$start $(now_ms) $status $key" >> "$WORK/attempts-$n"
      case $status in
        201) echo "$(sed -E 's/^\{"id":([0-9]+).*/\1/' "$WORK/body-$n") $key" >> "$WORK/acked-$n"; break ;;
        503 | 000) [ -e "$WORK/stop" ] && break; sleep 0.2 ;;
        *) break ;;
      esac
    done
  done
}

# readiness: GET /q/health/ready every 0.5 s until WORK/stop, "sent_ms status" per line.
readiness() {
  while [ ! -e "$WORK/stop" ]; do
    echo "$(now_ms) $(curl -s -o /dev/null --max-time 2 -w '%{http_code}' "$(jar_health_url "$APP_PORT")/ready" || true)" >> "$WORK/readiness"
    sleep 0.5
  done
}

# fail_over: the primary hangs (its node lost), the replica is promoted, the address moves.
# Sets back_at, when the address leads to a primary that answers.
fail_over() {
  local primary_pid promoted_at
  primary_pid=$(head -1 "/var/lib/postgresql/$PG_VERSION/$PRIMARY/postmaster.pid")
  STOPPED_PIDS=("$primary_pid" $(pgrep -P "$primary_pid"))
  kill -STOP "${STOPPED_PIDS[@]}"
  log "primary hung: SIGSTOP to its ${#STOPPED_PIDS[@]} processes"
  sleep "$PROMOTE_AFTER"
  pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$REPLICA" promote
  until [ "$(psql_at "$REPLICA_PORT" "select pg_is_in_recovery()")" = f ]; do sleep 0.1; done
  promoted_at=$(now_ms)
  log "replica promoted (+$((promoted_at - fault_at)) ms)"
  haproxy_config "$REPLICA_PORT"
  kill -USR2 "$HAPROXY_PID" # soft reload: a new worker for new connections, the old one keeps its own
  back_at=$(now_ms)
  log "HAProxy moved to the new primary (soft reload)"
}

# rehearse MODE: one failover, PgBouncer restart or PgBouncer hang, reported.
rehearse() {
  local mode=$1 checked_port=$REPLICA_PORT
  rm -f "$WORK"/attempts-* "$WORK"/acked-* "$WORK/stop" "$WORK/readiness"
  JAR_ENV=(QUARKUS_HTTP_ACCESS_LOG_ENABLED=false)
  case $mode in
    sync | async)
      log "== $mode replication: clusters on $PRIMARY_PORT (primary) and $REPLICA_PORT (replica), HAProxy on $FRONT_PORT"
      make_clusters "$mode"
      haproxy_config "$PRIMARY_PORT"
      haproxy -W -db -f "$WORK/haproxy.cfg" > "$WORK/haproxy.log" 2>&1 &
      HAPROXY_PID=$!
      JAR_JDBC_URL="jdbc:postgresql://127.0.0.1:$FRONT_PORT/postwire"
      ;;
    pgbouncer-*)
      log "== $mode: PgBouncer $(pgbouncer --version | head -1 | cut -d' ' -f2) (transaction mode) on $FRONT_PORT in front of the primary on $PRIMARY_PORT"
      make_clusters single
      checked_port=$PRIMARY_PORT
      # Behind a transaction pooler a session's SET lands on whichever server connection ran it: the
      # statement timeout is the role's (docs/security.md).
      psql_at "$PRIMARY_PORT" "alter role postwire set statement_timeout = '5s'"
      rm -rf "$WORK/pgbouncer"
      pgbouncer_start "$WORK/pgbouncer" "$FRONT_PORT" postwire "$PRIMARY_PORT" 8
      # PgBouncer 1.18 in transaction mode keeps no prepared statements: pgjdbc's unnamed ones only.
      JAR_JDBC_URL="jdbc:postgresql://127.0.0.1:$FRONT_PORT/postwire?prepareThreshold=0"
      ;;
    *) echo "unknown mode $mode" >&2; return 1 ;;
  esac
  jar_start "$WORK" postwire "$APP_PORT"
  jar_wait_ready "$WORK" "$APP_PORT" > /dev/null

  local tokens=() n email
  for n in $(seq "$WRITERS"); do
    email="writer-$n-$RANDOM@example.com"
    curl -fs -o /dev/null -H 'Content-Type: application/json' -d "{\"email\":\"$email\",\"password\":\"rehearsal-password\"}" "$BASE/users"
    tokens+=("$(curl -fs -d "username=$email&password=rehearsal-password" "$BASE/login" | sed -E 's/.*"access_token":"([^"]+)".*/\1/')")
  done
  local writer_pids=()
  for n in $(seq "$WRITERS"); do
    writer "$n" "${tokens[$((n - 1))]}" &
    writer_pids+=($!)
  done
  readiness &
  writer_pids+=($!)
  sleep "$BEFORE"

  local fault_at back_at
  fault_at=$(now_ms)
  case $mode in
    sync | async) fail_over ;;
    pgbouncer-restart)
      pgbouncer_stop
      log "PgBouncer stopped (SIGTERM: its client connections closed), +$(($(now_ms) - fault_at)) ms"
      sleep 1
      pgbouncer_start "$WORK/pgbouncer" "$FRONT_PORT" postwire "$PRIMARY_PORT" 8
      back_at=$(now_ms)
      log "PgBouncer started again"
      ;;
    pgbouncer-hang)
      kill -STOP "$PGBOUNCER_PID"
      log "PgBouncer hung (SIGSTOP) for $HANG s"
      sleep "$HANG"
      kill -CONT "$PGBOUNCER_PID"
      back_at=$(now_ms)
      log "PgBouncer resumed (SIGCONT)"
      ;;
  esac
  sleep "$AFTER"
  touch "$WORK/stop"
  wait "${writer_pids[@]}"

  cat "$WORK"/attempts-* | sort -n > "$WORK/attempts"
  cat "$WORK"/acked-* > "$WORK/acked"
  local first_after first_back statuses acked on_new duplicates missing p50 p99 longest down up
  # The first write that was sent after the fault (or after the part was back) and acknowledged (one
  # sent before may still finish just after).
  first_after=$(awk -v t="$fault_at" '$3 == 201 && $1 > t { print $2; exit }' <(sort -k2,2n "$WORK/attempts"))
  first_back=$(awk -v t="$back_at" '$3 == 201 && $1 > t { print $2; exit }' <(sort -k2,2n "$WORK/attempts"))
  statuses=$(awk '{ print $3 }' "$WORK/attempts" | sort | uniq -c | awk '{ printf "%s x%s ", $2, $1 }')
  longest=$(awk '{ d = $2 - $1; if (d > max) max = d } END { print max + 0 }' "$WORK/attempts")
  # Readiness: the first probe sent after the fault that was not 200, and the first 200 after that.
  read -r down up < <(awk -v t="$fault_at" '$1 > t && $2 != 200 && !down { down = $1 }
    down && $2 == 200 && !up { up = $1 } END { printf "%s %s\n", down ? down - t : "never", up ? up - t : "never" }' "$WORK/readiness")
  read -r p50 p99 < <(awk -v t="$fault_at" '$3 == 201 && $2 < t { print $2 - $1 }' "$WORK/attempts" | sort -n |
    awk '{ v[NR] = $1 } END { printf "%d %d\n", v[int(NR * 0.5) + 1], v[int(NR * 0.99) + 1] }')
  acked=$(wc -l < "$WORK/acked")
  # One session, so that the temporary table lives as long as the check that needs it.
  read -r on_new duplicates missing < <(
    {
      echo "create temporary table acked (id bigint, title text);"
      echo "copy acked from stdin with (delimiter ' ');"
      cat "$WORK/acked"
      echo '\.'
      echo "select (select count(*) from acked a join posts p on p.id = a.id and p.title = a.title),
                   (select count(*) from (select title from posts where title in (select title from acked)
                                          group by title having count(*) > 1) d),
                   (select count(*) from acked a where not exists (select 1 from posts p where p.id = a.id and p.title = a.title));"
    } | runuser -u postgres -- psql -w -X -q -tA -F' ' -h 127.0.0.1 -p "$checked_port" -d postwire -v ON_ERROR_STOP=1)
  log "timeline (ms after the fault): back (address moved / PgBouncer up) +$((back_at - fault_at)), first successful write +$(( ${first_after:-0} - fault_at )), first sent after it was back +$(( ${first_back:-0} - back_at )) after that; readiness DOWN +$down, UP again +$up"
  log "statuses seen: $statuses; longest answer $longest ms"
  log "writes before the fault: p50 ${p50} ms, p99 ${p99} ms; acknowledged in all: $acked; in the database written to: $on_new, duplicated: $duplicates, missing: $missing"
  log "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  # What the app logged of anything but a 503 (a 500 names a failure the problem mapping missed).
  grep '"loggerName":"http-problem".*status=5[0-9][0-9]' "$WORK/app.log" | grep -v 'status=503' | head -3 |
    grep -o '"exceptionType":"[^"]*","message":"[^"]\{0,160\}' || true
  cp "$WORK/app.log" "$WORK/app-$mode.log"
  check "$mode: a write succeeds after the fault" "$([ -n "$first_after" ]; echo $?)"
  check "$mode: only 201 and 503 seen" "$(! awk '{ print $3 }' "$WORK/attempts" | grep -qvE '^(201|503)$'; echo $?)" "$statuses"
  check "$mode: every answer within $BOUND_MS ms" "$([ "$longest" -le "$BOUND_MS" ]; echo $?)" "longest $longest ms"
  check "$mode: no acknowledged post twice" "$([ "${duplicates:-1}" = 0 ]; echo $?)" "$duplicates"
  if [ "$mode" != async ]; then
    check "$mode: every acknowledged post is in the database" "$([ "${missing:-1}" = 0 ]; echo $?)" "$on_new of $acked"
  else
    echo "INFO $mode: acknowledged posts lost by the failover: $missing of $acked"
  fi
  jar_stop
  stop_process "$HAPROXY_PID"
  HAPROXY_PID=
  pgbouncer_stop
  drop_clusters
}

for mode in ${FAILOVER_MODES:-sync async pgbouncer-restart pgbouncer-hang}; do
  rehearse "$mode"
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
