#!/usr/bin/env bash
# Anonymous reads measured in one run (docs/benchmarks.md, "Anonymous reads"), all on loopback:
#   (a) GET /posts/{id} straight to the jar without a token and with one (random ids of all posts);
#   (b) the same anonymous GET through Varnish (deploy/varnish/postwire.vcl, the service's own
#       Cache-Control) and straight to the jar, over a hot set of CACHE_IDS posts; Varnish's ceiling here,
#       one cached post asked for with the same request every time (no Lua per request); then a burst on
#       one hot post through Varnish, and how many requests of it reached the jar;
#   (c) the anonymous-read limit on (counted in Redis, a limit no reader reaches) and off: the same
#       direct anonymous GET against a second jar on the same database, so that the difference is the
#       limit's Redis round trip.
# The jars run like a deployment (prod profile, environment only) with the image's JVM options, on
# the newest JDK under /usr/lib/jvm, without the AOT cache; each measurement follows a warm-up of its
# own and the rounds alternate. About 8 minutes. Not part of ./mvnw verify.
#
#   bench/cache.sh
#   CACHE_BENCH_PORT (18210)  the jar with the limit off; +1 the jar with it on (their management ports:
#                             jar_management_port)
#   CACHE_BENCH_VARNISH_PORT (18310)  Varnish; +1 its CLI
#   BENCH_DURATION (10) seconds per measurement, ROUNDS (2), WARMUP (45) seconds, BURST (30) seconds
#   CACHE_IDS (1000)          the hot set read through and beside Varnish
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

PORT=${CACHE_BENCH_PORT:-18210}
LIMITED_PORT=$((PORT + 1))
VARNISH_PORT=${CACHE_BENCH_VARNISH_PORT:-18310}
VARNISH_CLI_PORT=$((VARNISH_PORT + 1))
DB=postwire_bench_cache
DURATION=${BENCH_DURATION:-10}
ROUNDS=${ROUNDS:-2}
WARMUP=${WARMUP:-45}
BURST=${BURST:-30}
HOT=${CACHE_IDS:-1000}
USERS=1000 POSTS=100000 CONNECTIONS=32
REDIS_DB=6
REDIS_PREFIX="postwire-bench-cache:$$:"
WORK=$(mktemp -d /tmp/postwire-bench-cache.XXXXXX)
chmod 755 "$WORK"
OFF_PID= ON_PID=

cleanup() {
  stop_process "$OFF_PID"
  stop_process "$ON_PID"
  stop_process "$VARNISH_PID"
  redis-cli -n "$REDIS_DB" --scan --pattern "$REDIS_PREFIX*" | xargs -r redis-cli -n "$REDIS_DB" del > /dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

for port in "$PORT" "$LIMITED_PORT" "$(jar_management_port "$PORT")" "$(jar_management_port "$LIMITED_PORT")" \
  "$VARNISH_PORT" "$VARNISH_CLI_PORT"; do
  if ss -ltnH "sport = :$port" | grep -q .; then echo "port $port is taken" >&2; exit 1; fi
done
require_command wrk wrk
require_command jq jq
require_command varnishd varnish
require_command redis-cli redis-tools
JDK=$(newest_jdk_home)
if [ -n "$JDK" ]; then export JAVA_HOME=$JDK PATH="$JDK/bin:$PATH"; fi
read -ra JAVA_OPTIONS <<< "$(image_java_opts)"
export MALLOC_ARENA_MAX=2
jar_build_if_needed
COMMIT="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src pom.xml || echo '+dirty')"
echo "commit $COMMIT, $(java -version 2>&1 | head -1), options ${JAVA_OPTIONS[*]}, $(nproc) cores, $(varnishd -V 2>&1 | head -1)"
echo "load average at start: $(loadavg)"

POSTWIRE_DATABASES=$DB POSTWIRE_RECREATE=1 scripts/local-postgres.sh
jar_make_keys "$WORK"
jar_start "$WORK" "$DB" "$PORT" "${JAVA_OPTIONS[@]}"
OFF_PID=$JAR_PID
log "limit off: ready after $(jar_wait_ready "$WORK" "$PORT") ms on port $PORT"
mkdir "$WORK/limited"
cp "$WORK"/*.pem "$WORK/limited/"
JAR_ENV=(POSTWIRE_LIMITS_STORE=redis QUARKUS_REDIS_HOSTS="redis://127.0.0.1:6379/$REDIS_DB"
  POSTWIRE_LIMITS_REDIS_KEY_PREFIX="$REDIS_PREFIX" POSTWIRE_LIMITS_ANONYMOUS_READ_ENABLED=true
  POSTWIRE_LIMITS_ANONYMOUS_READ_PER_ADDRESS=2000000000 POSTWIRE_LIMITS_ANONYMOUS_READ_WINDOW=PT1M)
jar_start "$WORK/limited" "$DB" "$LIMITED_PORT" "${JAVA_OPTIONS[@]}"
ON_PID=$JAR_PID
log "limit on: ready after $(jar_wait_ready "$WORK/limited" "$LIMITED_PORT") ms on port $LIMITED_PORT"
varnish_start "$WORK" "$VARNISH_PORT" "$VARNISH_CLI_PORT" "$PORT"

HASH=$(java -cp 'target/quarkus-app/lib/main/*' bench/BcryptLimit.java hash bench-password 10)
PGPASSWORD=postwire psql -X -q -h 127.0.0.1 -U postwire -d "$DB" -v ON_ERROR_STOP=1 \
  -v users="$USERS" -v posts="$POSTS" -v hash="$HASH" -f bench/seed.sql
for n in $(seq 1 "$CONNECTIONS"); do
  curl -fs -XPOST "http://127.0.0.1:$PORT/login" -d "username=user$n%40bench.example&password=bench-password" \
    | jq -r .access_token
done > "$WORK/tokens"
log "seeded $USERS users, $POSTS posts; $CONNECTIONS tokens"

# rate NAME PORT SCRIPT IDS SECONDS: wrk at 2 threads x 32 connections; prints req/s, records the line.
rate() {
  local name=$1 port=$2 script=$3 ids=$4 seconds=$5 load line
  load=$(loadavg)
  line=$(wrk -t2 -c"$CONNECTIONS" -d"${seconds}s" --timeout 30s -s "bench/wrk/$script.lua" "http://127.0.0.1:$port" \
    -- "$WORK/tokens" "$ids" | grep '^{"requests"')
  if [ "$(jq '.errors | add' <<< "$line")" != 0 ]; then echo "$name: errors $line" >&2; fi
  echo "$name $(jq .rps <<< "$line") $load" >> "$WORK/results"
  jq .rps <<< "$line"
}

log "warm-up, ${WARMUP}s each: anonymous and signed-in on the jar, anonymous on the limited jar and through Varnish"
rate warm-up "$PORT" get-post-anonymous "$POSTS" "$WARMUP" > /dev/null
rate warm-up "$PORT" get-post "$POSTS" "$WARMUP" > /dev/null
rate warm-up "$LIMITED_PORT" get-post-anonymous "$POSTS" "$WARMUP" > /dev/null
rate warm-up "$VARNISH_PORT" get-post-anonymous "$HOT" "$WARMUP" > /dev/null
: > "$WORK/results"

for round in $(seq 1 "$ROUNDS"); do
  log "round $round of $ROUNDS, ${DURATION}s each"
  rate "(a)_anonymous" "$PORT" get-post-anonymous "$POSTS" "$DURATION" > /dev/null
  rate "(a)_signed_in" "$PORT" get-post "$POSTS" "$DURATION" > /dev/null
  hits=$(varnish_stat "$WORK" cache_hit) misses=$(varnish_stat "$WORK" cache_miss)
  rate "(b)_varnish_hot_$HOT" "$VARNISH_PORT" get-post-anonymous "$HOT" "$DURATION" > /dev/null
  echo "varnish hit ratio in round $round: $(awk -v h=$(($(varnish_stat "$WORK" cache_hit) - hits)) \
    -v m=$(($(varnish_stat "$WORK" cache_miss) - misses)) 'BEGIN {printf "%.4f (%d hits, %d misses)", h / (h + m), h, m}')" \
    >> "$WORK/notes"
  rate "(b)_varnish_one_post_static" "$VARNISH_PORT" get-one-post-static 1 "$DURATION" > /dev/null
  rate "(b)_direct_hot_$HOT" "$PORT" get-post-anonymous "$HOT" "$DURATION" > /dev/null
  rate "(c)_limit_on" "$LIMITED_PORT" get-post-anonymous "$POSTS" "$DURATION" > /dev/null
  rate "(c)_limit_off" "$PORT" get-post-anonymous "$POSTS" "$DURATION" > /dev/null
done

# The burst: one hot post through Varnish; the jar's own count of the GETs it answered, and Varnish's.
curl -s -o /dev/null "http://127.0.0.1:$VARNISH_PORT/posts/1"
reads_before=$(jar_backend_reads "$PORT") fetches_before=$(varnish_stat "$WORK" backend_req)
burst_rps=$(rate "(b)_burst_post_1" "$VARNISH_PORT" get-post-anonymous 1 "$BURST")
echo "hot-post burst: ${BURST}s at $burst_rps req/s through Varnish; the jar answered $(($(jar_backend_reads "$PORT") - reads_before)) GET /posts/{id}, Varnish made $(($(varnish_stat "$WORK" backend_req) - fetches_before)) backend requests (freshness: the service's default max-age 30 s)" >> "$WORK/notes"
echo "limited jar's Redis counter for 127.0.0.1: $(redis-cli -n "$REDIS_DB" get "${REDIS_PREFIX}anonymous-read:127.0.0.1")" >> "$WORK/notes"

echo
echo "measurement req/s load-average(1,5,15-min)"
cat "$WORK/results"
echo
jq -Rrn '[inputs | split(" ") | {name: .[0], rps: (.[1] | tonumber)}] | group_by(.name)
  | map({key: .[0].name, value: (map(.rps) | add / length)}) | from_entries
  | "mean req/s: " + (to_entries | map("\(.key) \(.value | floor)") | join(", ")),
    "anonymous / signed-in (direct): \((.["(a)_anonymous"] / .["(a)_signed_in"]) * 1000 | round / 1000)",
    "Varnish / direct (anonymous, hot set): \((.["(b)_varnish_hot_'"$HOT"'"] / .["(b)_direct_hot_'"$HOT"'"]) * 100 | round / 100)",
    "Varnish ceiling (one post, static request) / direct: \((.["(b)_varnish_one_post_static"] / .["(b)_direct_hot_'"$HOT"'"]) * 100 | round / 100)",
    "limit on / off (anonymous, direct): \((.["(c)_limit_on"] / .["(c)_limit_off"]) * 1000 | round / 1000)"' \
  < <(grep -v burst "$WORK/results")
cat "$WORK/notes"
echo "load average at end: $(loadavg)"
