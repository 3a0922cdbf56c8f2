#!/usr/bin/env bash
# Scale-out proof on one machine, the shape of the chart on CloudNativePG:
#   HAProxy (health checks on each replica's management port, /q/health/ready) -> 3 x the packaged jar -> PgBouncer
#   (transaction mode, Debian's 1.18: prepareThreshold=0) -> the local PostgreSQL.
# All on loopback, configured in a temporary directory, started and stopped here.
#
#   scripts/scale-out.sh          10-20 minutes on a busy 2-core machine; not part of ./mvnw verify
#   SCALE_START_SECONDS=600       how long a replica may take to become ready
#   SCALE_PORT=8240               HAProxy; +1 its runtime API; +2..+4 the three replicas (their
#                                 management ports: jar_management_port)
#   SCALE_PGBOUNCER_PORT=6440     PgBouncer
#   SCALE_SECONDS=20              length of each throughput run
#   SCALE_WARMUP_SECONDS=30       load before the throughput runs, not counted
#   SCALE_THREADS=8               client threads
#
# 1. Three replicas started at once on an empty database: one migrates (Flyway's lock), all ready.
# 2. Throughput through HAProxy with 1, 2 and 3 replicas (the same load for each), and
#    PgBouncer's server connections staying at default_pool_size while the replicas' pools
#    (3 x 8 client connections) add up past it.
# 3. A mixed load by a retrying client (scripts/scale-out/LoadClient.java) while one replica
#    is SIGKILLed and started again, then a rolling restart: each replica in turn leaves the
#    balancer (HAProxy's runtime API, as the endpoints controller removes a terminating pod),
#    gets SIGTERM (graceful: quarkus.shutdown.timeout), starts again, and rejoins once ready.
# 4. Every create acknowledged with 201 is in the database exactly once; the client saw no
#    failed request; the 5xx HAProxy passed on: bounded during the kill, none during the restart.
# Ends with "N passed, N failed" and exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

LB_PORT=${SCALE_PORT:-8240}
ADMIN_PORT=$((LB_PORT + 1))
REPLICA_PORTS=($((LB_PORT + 2)) $((LB_PORT + 3)) $((LB_PORT + 4)))
PGB_PORT=${SCALE_PGBOUNCER_PORT:-6440}
SECONDS_PER_RUN=${SCALE_SECONDS:-20}
WARMUP_SECONDS=${SCALE_WARMUP_SECONDS:-30}
THREADS=${SCALE_THREADS:-8}
DB=postwire_scale
APP_POOL=8            # each replica's pool (QUARKUS_DATASOURCE_JDBC_MAX_SIZE), opened in full at start
SERVER_POOL=6         # PgBouncer default_pool_size: server connections to PostgreSQL
WORK=$(mktemp -d /tmp/postwire-scale.XXXXXX)
chmod 755 "$WORK"
BASE="http://127.0.0.1:$LB_PORT"
declare -A PIDS=()
HAPROXY_PID=
passed=0
failed=0

check() { # check NAME CONDITION-RESULT(0/1) DETAIL
  if [ "$2" = 0 ]; then passed=$((passed + 1)); echo "PASS $1${3:+: $3}"; else failed=$((failed + 1)); echo "FAIL $1${3:+: $3}"; fi
}
log() { echo "[$(date -u +%H:%M:%S)] $*"; }

cleanup() {
  for r in "${!PIDS[@]}"; do stop_process "${PIDS[$r]}"; done
  stop_process "$HAPROXY_PID"
  pgbouncer_stop
  if [ "${SCALE_KEEP:-0}" = 1 ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

MANAGEMENT_PORTS=()
for port in "${REPLICA_PORTS[@]}"; do MANAGEMENT_PORTS+=("$(jar_management_port "$port")"); done
for port in "$LB_PORT" "$ADMIN_PORT" "${REPLICA_PORTS[@]}" "${MANAGEMENT_PORTS[@]}" "$PGB_PORT"; do
  if ss -ltnH "sport = :$port" | grep -q .; then echo "port $port is taken" >&2; exit 1; fi
done
require_command haproxy haproxy
require_command pgbouncer pgbouncer
require_command psql postgresql-client
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; $(haproxy -v | head -1 | cut -d' ' -f1-3), $(pgbouncer --version | head -1)"
jar_build_if_needed
# The replicas run a copy, so that a build in this checkout meanwhile does not change their jar.
cp -r "$(dirname "$JAR")" "$WORK/app"
JAR=$WORK/app/$(basename "$JAR")
POSTWIRE_DATABASES=$DB POSTWIRE_RECREATE=1 scripts/local-postgres.sh
psql_db() { psql -X -q -tA -h 127.0.0.1 -p 5432 -U postwire -d "$DB" -v ON_ERROR_STOP=1 "$@"; }

# --- PgBouncer: transaction pooling, as CloudNativePG's Pooler runs it ------------------------
pgbouncer_start "$WORK/pgbouncer" "$PGB_PORT" "$DB" 5432 "$SERVER_POOL"

# --- The replicas: the packaged jar through PgBouncer ------------------------------------------
jar_make_keys "$WORK"
JAR_JDBC_URL="jdbc:postgresql://127.0.0.1:$PGB_PORT/$DB?prepareThreshold=0"
# The load client registers a user per thread in every phase, all from 127.0.0.1: more than the
# registration limit lets one address register in an hour, so it is raised here as a deployment could.
JAR_ENV=(QUARKUS_DATASOURCE_JDBC_MAX_SIZE=$APP_POOL QUARKUS_DATASOURCE_JDBC_MIN_SIZE=$APP_POOL
  QUARKUS_DATASOURCE_JDBC_INITIAL_SIZE=$APP_POOL QUARKUS_HTTP_ACCESS_LOG_ENABLED=false
  POSTWIRE_LIMITS_REGISTRATION_PER_ADDRESS=1000)
replica_start() { # replica_start N: starts replica N (1..3) on its port, logging to WORK/rN/app.log
  local dir="$WORK/r$1"
  mkdir -p "$dir"
  cp "$WORK/public.pem" "$WORK/private.pem" "$dir/"
  jar_start "$dir" "$DB" "${REPLICA_PORTS[$(($1 - 1))]}" -Xmx256m
  PIDS[$1]=$JAR_PID
}
replica_wait_ready() { # replica_wait_ready N: until /q/health/ready is UP (SCALE_START_SECONDS at most)
  local deadline=$(($(date +%s) + ${SCALE_START_SECONDS:-600}))
  until curl -fs "$(jar_health_url "${REPLICA_PORTS[$(($1 - 1))]}")/ready" > /dev/null; do
    if ! kill -0 "${PIDS[$1]}" 2>/dev/null || [ "$(date +%s)" -gt "$deadline" ]; then
      tail -30 "$WORK/r$1/app.log" >&2
      echo "replica $1 did not become ready" >&2
      return 1
    fi
    sleep 0.2
  done
}

log "1. three replicas start at once on the empty database $DB"
started=$(date +%s%N)
for r in 1 2 3; do replica_start "$r"; done
ready=0
for r in 1 2 3; do replica_wait_ready "$r" && ready=$((ready + 1)); done
log "   $ready of 3 ready after $((($(date +%s%N) - started) / 1000000)) ms"
migrated=$(grep -l 'Successfully applied [1-9]' "$WORK"/r?/app.log | wc -l)
up_to_date=$(grep -l 'is up to date. No migration necessary' "$WORK"/r?/app.log | wc -l)
duplicated=$(psql_db -c 'select count(*) - count(distinct version) from flyway_schema_history where version is not null')
check "three replicas at once: all ready" "$([ "$ready" = 3 ]; echo $?)" "$ready/3"
check "one replica migrated, the others found the schema up to date" \
  "$([ "$migrated" = 1 ] && [ "$up_to_date" = 2 ] && [ "$duplicated" = 0 ]; echo $?)" \
  "$migrated migrated, $up_to_date up to date, $duplicated duplicate versions in flyway_schema_history"
[ "$ready" = 3 ] || { echo "$passed passed, $((failed + 1)) failed (stopped: the rest needs three replicas)"; exit 1; }

# --- HAProxy ---------------------------------------------------------------------------------
cat > "$WORK/haproxy.cfg" <<EOF
global
  maxconn 2000
  stats socket ipv4@127.0.0.1:$ADMIN_PORT level admin
defaults
  mode http
  timeout connect 1s
  timeout client 30s
  timeout server 30s
  timeout check 2s
  # A connection refused is retried on another replica (the request never reached one);
  # a reset or empty answer only for GET (a POST may have been committed).
  retries 3
  option redispatch 1
  retry-on conn-failure empty-response response-timeout
frontend postwire
  bind 127.0.0.1:$LB_PORT
  http-request disable-l7-retry unless METH_GET || METH_HEAD
  default_backend replicas
backend replicas
  balance roundrobin
  option httpchk GET /q/health/ready
  http-check expect status 200
  default-server inter 500ms fall 2 rise 2
  server r1 127.0.0.1:${REPLICA_PORTS[0]} check port ${MANAGEMENT_PORTS[0]}
  server r2 127.0.0.1:${REPLICA_PORTS[1]} check port ${MANAGEMENT_PORTS[1]}
  server r3 127.0.0.1:${REPLICA_PORTS[2]} check port ${MANAGEMENT_PORTS[2]}
EOF
haproxy -db -f "$WORK/haproxy.cfg" > "$WORK/haproxy.log" 2>&1 &
HAPROXY_PID=$!
haproxy_cmd() { # the runtime API: one command, its answer on stdout; fails while HAProxy is not listening
  (
    exec 3<> "/dev/tcp/127.0.0.1/$ADMIN_PORT" || exit 1
    printf '%s\n' "$1" >&3
    cat <&3
  ) 2> /dev/null
}
stat_field() { # stat_field PROXY SERVER FIELD: one field of "show stat"
  haproxy_cmd "show stat" | awk -F, -v p="$1" -v s="$2" -v f="$3" '
    NR == 1 { for (i = 1; i <= NF; i++) if ($i == f || $i == "# " f) col = i; next }
    $1 == p && $2 == s { print $col }'
}
frontend_5xx() { stat_field postwire FRONTEND hrsp_5xx; }
wait_up() { # wait_up rN: until HAProxy's checks have the replica UP
  for _ in $(seq 300); do [ "$(stat_field replicas "$1" status)" = UP ] && return 0; sleep 0.1; done
  return 1
}
for _ in $(seq 100); do haproxy_cmd "show info" > /dev/null 2>&1 && break; sleep 0.1; done
haproxy_cmd "show info" > /dev/null || { cat "$WORK/haproxy.log" >&2; exit 1; }
for r in r1 r2 r3; do wait_up "$r"; done

# --- 2. Throughput with 1, 2, 3 replicas; PgBouncer's pools ------------------------------------
sample_pools() { # every 0.5 s until WORK/stop-sampling: server and client connections at PgBouncer
  while [ ! -e "$WORK/stop-sampling" ]; do
    # Columns by name (they differ between PgBouncer versions): "servers clients" per sample.
    pgbouncer_admin "$PGB_PORT" 'SHOW POOLS' | awk -F'|' -v db="$DB" '
      NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
      $col["database"] == db { servers = 0; for (c in col) if (c ~ /^sv_/) servers += $col[c]
                               print servers, $col["cl_active"] + $col["cl_waiting"] }' >> "$WORK/pools.txt"
    pgbouncer_admin "$PGB_PORT" 'SHOW SERVERS' | awk -F'|' -v db="$DB" '$3 == db' | wc -l >> "$WORK/servers.txt"
    sleep 0.5
  done
}
load() { # load NAME MAX_SECONDS: the mixed load through HAProxy; prints the client's summary line
  java scripts/scale-out/LoadClient.java "$BASE" "$WORK/$1" "$THREADS" "$2" | tail -1
}
rps() { sed -E 's/.* rps=([0-9.]+).*/\1/' <<< "$1"; }
log "2. warm-up: ${WARMUP_SECONDS} s of the same load on the three replicas (JIT), not counted"
echo "   $(load warm-up "$WARMUP_SECONDS")"
declare -A THROUGHPUT=()
haproxy_cmd "set server replicas/r2 state maint" > /dev/null
haproxy_cmd "set server replicas/r3 state maint" > /dev/null
for n in 1 2 3; do
  if [ "$n" -gt 1 ]; then haproxy_cmd "set server replicas/r$n state ready" > /dev/null; wait_up "r$n"; fi
  [ "$n" = 3 ] && { sample_pools & SAMPLER=$!; }
  log "2. throughput with $n replica(s), ${SECONDS_PER_RUN} s, $THREADS client threads"
  summary=$(load "throughput-$n" "$SECONDS_PER_RUN")
  THROUGHPUT[$n]=$(rps "$summary")
  echo "   $summary"
done
touch "$WORK/stop-sampling"; wait "$SAMPLER"
max_servers=$(awk '{ if ($1 > m) m = $1 } END { print m + 0 }' "$WORK/pools.txt")
max_clients=$(awk '{ if ($2 > m) m = $2 } END { print m + 0 }' "$WORK/pools.txt")
max_server_rows=$(sort -n "$WORK/servers.txt" | tail -1)
log "   PgBouncer during the 3-replica run ($(wc -l < "$WORK/pools.txt") samples): at most $max_servers server connections (SHOW SERVERS: $max_server_rows), $max_clients client connections"
check "PgBouncer keeps its $SERVER_POOL server connections while the replicas' pools add up past it" \
  "$([ "$max_servers" -le "$SERVER_POOL" ] && [ "$max_server_rows" -le "$SERVER_POOL" ] && [ "$max_clients" -gt "$SERVER_POOL" ]; echo $?)" \
  "servers <= $max_servers, clients up to $max_clients (3 x $APP_POOL)"
check "throughput measured with 1, 2 and 3 replicas" \
  "$(awk -v a="${THROUGHPUT[1]}" -v b="${THROUGHPUT[2]}" -v c="${THROUGHPUT[3]}" 'BEGIN { exit !(a > 0 && b > 0 && c > 0) }'; echo $?)" \
  "${THROUGHPUT[1]} / ${THROUGHPUT[2]} / ${THROUGHPUT[3]} requests/s"

# --- 3. Kill and rolling restart under load --------------------------------------------------
log "3. mixed load by the retrying client; kill, then rolling restart"
java scripts/scale-out/LoadClient.java "$BASE" "$WORK/disruption" "$THREADS" 3600 > "$WORK/disruption.out" 2>&1 &
CLIENT=$!
sleep 10
now_ms() { echo $(($(date +%s%N) / 1000000)); }
kill_from=$(now_ms)
before=$(frontend_5xx)
log "   SIGKILL replica 2 (pid ${PIDS[2]})"
kill -KILL "${PIDS[2]}"; wait "${PIDS[2]}" 2>/dev/null || true
sleep 3
log "   start replica 2 again"
replica_start 2; replica_wait_ready 2; wait_up r2
log "   replica 2 ready and back in HAProxy"
sleep 3
kill_errors=$(($(frontend_5xx) - before))
kill_to=$(now_ms)
log "   5xx HAProxy passed on during the kill: $kill_errors"
sleep 5
rolling_from=$(now_ms)
before=$(frontend_5xx)
for r in 1 2 3; do
  log "   rolling restart: replica $r leaves the balancer, SIGTERM"
  haproxy_cmd "set server replicas/r$r state maint" > /dev/null
  sleep 1  # the preStop pause: requests already routed there finish
  stopped=$(date +%s%N)
  kill -TERM "${PIDS[$r]}"; wait "${PIDS[$r]}" 2>/dev/null || true
  log "   replica $r stopped after $((($(date +%s%N) - stopped) / 1000000)) ms; starting it"
  replica_start "$r"; replica_wait_ready "$r"
  haproxy_cmd "set server replicas/r$r state ready" > /dev/null
  wait_up "r$r"
  log "   replica $r ready and back in HAProxy"
done
sleep 3
rolling_errors=$(($(frontend_5xx) - before))
rolling_to=$(now_ms)
log "   5xx HAProxy passed on during the rolling restart: $rolling_errors"
sleep 5
touch "$WORK/disruption/stop"
wait "$CLIENT" || true
summary=$(tail -1 "$WORK/disruption.out")
echo "   $summary"
# What the client retried, by phase and kind (connection errors never reach HAProxy's 5xx count).
raw_by_phase=$(awk -F'\t' -v k1="$kill_from" -v k2="$kill_to" -v r1="$rolling_from" -v r2="$rolling_to" '
  { phase = ($1 >= k1 && $1 <= k2) ? "kill" : ($1 >= r1 && $1 <= r2) ? "rolling restart" : "other"
    n[phase ": " $3]++ }
  END { for (k in n) printf "%s x%d; ", k, n[k] }' "$WORK/disruption/raw-errors.txt")
echo "   attempts the client retried: ${raw_by_phase:-none}"
client_failed=$(sed -E 's/.* failed=([0-9]+).*/\1/' <<< "$summary")
[ -n "$client_failed" ] && [ "$client_failed" -eq "$client_failed" ] 2>/dev/null || client_failed=unknown
check "the retrying client saw no failed request" "$([ "$client_failed" = 0 ]; echo $?)" \
  "$summary; $(head -3 "$WORK/disruption/failed.txt" 2>/dev/null | tr '\n' ' ')"
check "5xx passed on during the kill are bounded (at most one per client thread)" \
  "$([ "$kill_errors" -le "$THREADS" ]; echo $?)" "$kill_errors"
check "no 5xx passed on during the rolling restart" "$([ "$rolling_errors" = 0 ]; echo $?)" "$rolling_errors"

# --- 4. Every acknowledged create exactly once -------------------------------------------------
cat "$WORK"/warm-up/acked.txt "$WORK"/throughput-?/acked.txt "$WORK/disruption/acked.txt" > "$WORK/acked.txt"
acked=$(wc -l < "$WORK/acked.txt")
result=$(psql_db <<EOF
create temp table acked (id bigint, title text);
\copy acked from '$WORK/acked.txt'
select (select count(*) from acked a where (select count(*) from posts p where p.title = a.title) <> 1)
    || ' ' || (select count(*) from acked a where not exists (select 1 from posts p where p.id = a.id and p.title = a.title))
    || ' ' || (select count(*) from (select title from posts where title like 'scale-%' group by title having count(*) > 1) d);
EOF
)
read -r not_once wrong_id duplicates <<< "$result"
check "every create acknowledged with 201 is in the database under its id (none lost)" \
  "$([ "$acked" -gt 0 ] && [ "$wrong_id" = 0 ]; echo $?)" "$acked acknowledged, $wrong_id missing"
# A create retried after its answer was lost (timeout, cut connection) is stored twice unless
# the server honours Idempotency-Key (the posts-hardening work); until then this can fail.
check "every acknowledged create exactly once (no retried create stored twice)" \
  "$([ "$not_once" = 0 ] && [ "$duplicates" = 0 ]; echo $?)" \
  "$not_once acknowledged titles stored more than once; $duplicates titles stored twice in all"

echo
echo "== summary (load average now: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores) =="
echo "throughput, $THREADS threads, ${SECONDS_PER_RUN} s each: 1 replica ${THROUGHPUT[1]} req/s, 2 replicas ${THROUGHPUT[2]} req/s, 3 replicas ${THROUGHPUT[3]} req/s"
echo "  (all replicas share these $(nproc) cores with HAProxy, PgBouncer, PostgreSQL and the client: this is the overhead of replication, not a speed-up)"
echo "PgBouncer: at most $max_servers server connections for up to $max_clients client connections"
echo "kill: $kill_errors raw 5xx; rolling restart: $rolling_errors raw 5xx; retrying client: $summary"
echo "attempts the client retried: ${raw_by_phase:-none}"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
