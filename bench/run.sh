#!/usr/bin/env bash
# Benchmarks the built jar against PostgreSQL's own limit, side by side in one run
# (the machine is shared and noisy: only ratios within a run are comparable).
#
#   bench/run.sh            full run (a few minutes): bench/results/latest.{json,md,png}
#   bench/run.sh --smoke    seconds, tiny data: only proves the JSON is produced
#
#   BENCH_PORT (8490)  BENCH_DB (postwire_bench)  BENCH_DURATION seconds per measurement (10)
#   BENCH_OUT          JSON to write (bench/results/latest.json; smoke: a temporary file)
#   BENCH_JAVA_OPTS    JVM options of the service (unset: the ones the README recommends; empty: none)
#   BENCH_JAVA_HOME    the JDK that builds and runs the service (unset: the newest JDK 25 or later
#                      under /usr/lib/jvm, whose AOT cache halves the start, else the java on the PATH)
#
# Steps: PostgreSQL ready and a fresh database; the jar (built when older than the
# sources) started env-only in the prod profile; time to the first ready response;
# bulk seed (users with a real bcrypt hash); then each scenario with wrk at
# 2 threads x 32 connections against pgbench running the same SQL at 32 clients.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

SMOKE=false
[ "${1:-}" = "--smoke" ] && SMOKE=true
PORT=${BENCH_PORT:-8490}
DB=${BENCH_DB:-postwire_bench}
THREADS=2
CONNECTIONS=32
BCRYPT_COST=10 # application.properties: postwire.password.bcrypt-cost
# Small and bounded memory; TrimNativeHeapInterval hands back what the JIT's compilations used.
RECOMMENDED_JAVA_OPTS="-XX:+UseSerialGC -Xmx96m -XX:MaxMetaspaceSize=96m -Xss512k -XX:ReservedCodeCacheSize=48m -XX:TrimNativeHeapInterval=1000"
# Fewer glibc malloc arenas: less native memory held by many worker threads (jar_start passes it on).
export MALLOC_ARENA_MAX=2
if $SMOKE; then
  USERS=20 POSTS=500 TOPICS=10 PAGES=5 DURATION=${BENCH_DURATION:-2} WARMUP=1 FIRST_WARMUP=1 RESTARTS=1
  OUT=${BENCH_OUT:-$(mktemp --suffix=.json)}
else
  # The JIT needs a warm-up: on 2 cores its C2 compilations of the shared request path take
  # about a minute, so the first scenario's warm-up is that long; each later one warms its own code.
  USERS=1000 POSTS=100000 TOPICS=1000 PAGES=10 DURATION=${BENCH_DURATION:-10} WARMUP=15 FIRST_WARMUP=60 RESTARTS=3
  OUT=${BENCH_OUT:-bench/results/latest.json}
fi
BASE="http://127.0.0.1:$PORT"
WORK=$(mktemp -d)
export PGPASSWORD=postwire
# pgbench's sessions plan like the service's (application.properties: new-connection-sql).
export PGOPTIONS="-c plan_cache_mode=force_custom_plan"
PG=(-h 127.0.0.1 -U postwire -d "$DB")

cleanup() {
  jar_stop
  rm -rf "$WORK"
}
trap cleanup EXIT

log() { echo "bench: $*" >&2; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
# CPU seconds the service has used (user + system): start cost that the machine's load does not stretch.
cpu_s() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$JAR_PID/stat"; }
rss_mib() { awk -v field="$1:" '$1 == field { printf "%.1f", $2 / 1024 }' "/proc/$JAR_PID/status"; }

require_command wrk wrk
require_command jq jq
require_command gnuplot gnuplot-nox

# jdk_major HOME: the feature version of the JDK at HOME (25 for 25.0.3).
jdk_major() { sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release"; }
if [ -z "${BENCH_JAVA_HOME:-}" ]; then
  newest=24
  for home in /usr/lib/jvm/*/; do
    major=$(jdk_major "$home" 2>/dev/null || true)
    if [ "${major:-0}" -gt "$newest" ]; then
      newest=$major BENCH_JAVA_HOME=${home%/}
    fi
  done
fi
if [ -n "${BENCH_JAVA_HOME:-}" ]; then
  export JAVA_HOME=$BENCH_JAVA_HOME PATH="$BENCH_JAVA_HOME/bin:$PATH"
fi

POSTWIRE_DATABASES=$DB POSTWIRE_RECREATE=1 scripts/local-postgres.sh
AOT_CACHE=target/quarkus-app/app.aot
RUNTIME_MAJOR=$(jdk_major "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")" 2>/dev/null || true)
if [ "${RUNTIME_MAJOR:-0}" -ge 25 ]; then
  # The pom's jdk-aot-cache profile: the integration tests record the AOT cache of the jar they run.
  if [ ! -f "$AOT_CACHE" ] || [ -n "$(find src pom.xml -newer "$AOT_CACHE" -print -quit)" ]; then
    log "building the jar and its AOT cache (JDK $(jdk_major "$JAVA_HOME"), trained by PackagedAppIT)"
    scripts/local-postgres.sh
    ./mvnw -B -ntp verify -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=PackagedAppIT \
      -P '!monitoring-checks' > "$WORK/build.log" 2>&1 || { tail -50 "$WORK/build.log" >&2; exit 1; }
  fi
  STARTUP_ARCHIVE="-XX:AOTCache=app.aot"
else
  jar_build_if_needed
  # The build's class archive (quarkus.package.jar.appcds.enabled), made by this JDK.
  STARTUP_ARCHIVE="-XX:SharedArchiveFile=app-cds.jsa"
fi
COMMIT="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src pom.xml || echo '+dirty')"
[ -z "${BENCH_JAVA_OPTS+set}" ] && RECOMMENDED_JAVA_OPTS="$RECOMMENDED_JAVA_OPTS $STARTUP_ARCHIVE"
JAVA_OPTS=${BENCH_JAVA_OPTS-$RECOMMENDED_JAVA_OPTS}
jar_make_keys "$WORK"
LOAD_START=$(loadavg)

# --- 5a. start: JVM launch to the first ready response, on the fresh database (migrations run)
jar_start "$WORK" "$DB" "$PORT" $JAVA_OPTS
FIRST_READY_MS=$(jar_wait_ready "$WORK" "$PORT")
FIRST_READY_CPU_S=$(cpu_s)
STARTED_IN_S=$(grep -oE 'started in [0-9.]+s' "$WORK/app.log" | grep -oE '[0-9.]+' || echo null)
log "ready after $FIRST_READY_MS ms, $FIRST_READY_CPU_S s of CPU (Quarkus: started in ${STARTED_IN_S}s)"
sleep 2
RSS_IDLE=$(rss_mib VmRSS)

# --- seed: one real bcrypt hash for every user, posts in bulk
HASH=$(java -cp 'target/quarkus-app/lib/main/*' bench/BcryptLimit.java hash bench-password "$BCRYPT_COST")
psql -X -q "${PG[@]}" -v ON_ERROR_STOP=1 -v users="$USERS" -v posts="$POSTS" -v hash="$HASH" -f bench/seed.sql
log "seeded $USERS users, $POSTS posts"

# Tokens of 32 users, for the bearer headers.
for n in $(seq 1 "$CONNECTIONS"); do
  user=$(( (n - 1) % USERS + 1 ))
  curl -fs -XPOST "$BASE/login" -d "username=user$user%40bench.example&password=bench-password" \
    | jq -r .access_token
done > "$WORK/tokens"

# wrk_run SCRIPT N SECONDS [CONNECTIONS]: one JSON line of throughput and latency; with SAMPLE_RSS
# set (the measured runs, not the warm-ups), samples the service's RSS meanwhile.
wrk_run() {
  wrk -t"$THREADS" -c"${4:-$CONNECTIONS}" -d"${3}s" --timeout 30s -s "bench/wrk/$1.lua" "$BASE" -- "$WORK/tokens" "$2" \
    > "$WORK/wrk.out" &
  local wrk_pid=$!
  while kill -0 "$wrk_pid" 2>/dev/null; do
    if [ -n "${SAMPLE_RSS:-}" ]; then
      rss_mib VmRSS >> "$WORK/rss_under_load"
      echo >> "$WORK/rss_under_load"
    fi
    sleep 0.5
  done
  wait "$wrk_pid"
  grep '^{"requests"' "$WORK/wrk.out"
}

# pgbench_run SCRIPT: the same SQL at the same client count; percentiles from the transaction log.
pgbench_run() {
  rm -f "$WORK"/pgbench_log*
  local tps
  tps=$(pgbench -n -M prepared -c "$CONNECTIONS" -j "$THREADS" -T "$DURATION" -l --log-prefix="$WORK/pgbench_log" \
      -D users="$USERS" -D posts="$POSTS" -D topics="$TOPICS" -D pages="$PAGES" \
      -f "bench/pgbench/$1.sql" "${PG[@]}" 2>/dev/null \
    | awk '/^tps = / { print $3 }')
  cat "$WORK"/pgbench_log* | awk '{ print $3 }' | sort -n | awk -v tps="$tps" '
    { latency[NR] = $1 }
    END { printf "{\"tps\":%.1f,\"p50_ms\":%.2f,\"p99_ms\":%.2f,\"transactions\":%d}\n",
            tps, latency[int(NR * 0.50) + 1] / 1000, latency[int(NR * 0.99) + 1] / 1000, NR }'
}

SCENARIOS="[]"
# scenario NAME WRK_SCRIPT N PGBENCH_SCRIPT: warm-up, the service, then its PostgreSQL baseline.
scenario() {
  local name=$1 load service baseline warmup=$WARMUP
  [ "$SCENARIOS" = "[]" ] && warmup=$FIRST_WARMUP
  log "$name: warm-up ${warmup}s, wrk ${DURATION}s, pgbench ${DURATION}s"
  load=$(loadavg)
  wrk_run "$2" "$3" "$warmup" > /dev/null
  service=$(SAMPLE_RSS=1 wrk_run "$2" "$3" "$DURATION")
  baseline=$(pgbench_run "$4")
  SCENARIOS=$(jq -c --arg name "$name" --arg load "$load" --argjson service "$service" --argjson baseline "$baseline" \
    '. + [{name: $name, load_avg: $load, service: $service, baseline: ($baseline + {kind: "pgbench"}),
           ratio: (if $baseline.tps > 0 then $service.rps / $baseline.tps * 1000 | round / 1000 else null end)}]' <<< "$SCENARIOS")
  log "$name: $(jq -c '.[-1] | {rps: .service.rps, tps: .baseline.tps, ratio}' <<< "$SCENARIOS")"
}

scenario get_post get-post "$POSTS" get-post
scenario list_posts list-posts "$PAGES" list-posts
scenario search_posts search-posts "$TOPICS" search-posts
scenario create_post create-post 0 create-post

# --- 4. logins against the bcrypt limit: checks per second on one core (the mean of a
# measure before and after the logins, as the machine's load drifts), times the cores.
# Less at the mercy of that load: logins per CPU second the service used against
# bcrypt checks per CPU second (the service's own overhead per login).
log "login: bcrypt limit, wrk, bcrypt limit again"
LOGIN_LOAD=$(loadavg)
CORES=$(nproc)
bcrypt_rate() { java -cp 'target/quarkus-app/lib/main/*' bench/BcryptLimit.java rate "$BCRYPT_COST" "$1" "$2"; }
read -r BCRYPT_BEFORE BCRYPT_PER_CPU_S < <(bcrypt_rate "$DURATION" 1)
read -r BCRYPT_ALL_CORES _ < <(bcrypt_rate "$DURATION" "$CORES")
# Two logins per core: enough to keep every core busy. With 32, all of them share the
# CPU and finish together every few seconds, so a 10 s window counts whole rounds or none.
LOGIN_CONNECTIONS=$((2 * CORES))
wrk_run login "$USERS" "$WARMUP" "$LOGIN_CONNECTIONS" > /dev/null
LOGIN_CPU_START=$(cpu_s)
LOGIN=$(SAMPLE_RSS=1 wrk_run login "$USERS" "$DURATION" "$LOGIN_CONNECTIONS")
LOGIN_CPU_S=$(echo "$(cpu_s) - $LOGIN_CPU_START" | bc)
read -r BCRYPT_AFTER _ < <(bcrypt_rate "$DURATION" 1)
BCRYPT_PER_CORE=$(echo "scale=2; ($BCRYPT_BEFORE + $BCRYPT_AFTER) / 2" | bc)
SCENARIOS=$(jq -c --arg load "$LOGIN_LOAD" --argjson service "$LOGIN" --argjson per_core "$BCRYPT_PER_CORE" \
  --argjson all_cores "$BCRYPT_ALL_CORES" --argjson cores "$CORES" --argjson cost "$BCRYPT_COST" \
  --argjson per_cpu_s "$BCRYPT_PER_CPU_S" --argjson login_cpu_s "$LOGIN_CPU_S" \
  '. + [{name: "login", load_avg: $load, connections: ($cores * 2),
         service: ($service + {cpu_s: $login_cpu_s, per_cpu_s: (if $login_cpu_s > 0 then $service.requests / $login_cpu_s * 100 | round / 100 else null end)}),
         baseline: {kind: "bcrypt", cost: $cost, per_core: $per_core, cores: $cores,
                    tps: ($per_core * $cores), measured_all_cores: $all_cores, per_cpu_s: $per_cpu_s,
                    p50_ms: (100000 / $per_core | round / 100)},
         ratio: (($service.rps / ($per_core * $cores)) * 1000 | round / 1000),
         ratio_per_cpu_s: (if $login_cpu_s > 0 then $service.requests / $login_cpu_s / $per_cpu_s * 1000 | round / 1000 else null end)}]' <<< "$SCENARIOS")
log "login: $(jq -c '.[-1] | {rps: .service.rps, limit: .baseline.tps, ratio, ratio_per_cpu_s}' <<< "$SCENARIOS")"

RSS_PEAK=$(rss_mib VmHWM)
RSS_LOAD=$(sort -n "$WORK/rss_under_load" | tail -1)
jar_stop

# --- 5b. restarts on the now populated database (Flyway only validates)
RESTART_MS="[]"
RESTART_CPU_S="[]"
for _ in $(seq 1 "$RESTARTS"); do
  jar_start "$WORK" "$DB" "$PORT" $JAVA_OPTS
  RESTART_MS=$(jq -c ". + [$(jar_wait_ready "$WORK" "$PORT")]" <<< "$RESTART_MS")
  RESTART_CPU_S=$(jq -c ". + [$(cpu_s)]" <<< "$RESTART_CPU_S")
  jar_stop
done
log "restarts ready after $RESTART_MS ms, $RESTART_CPU_S s of CPU"

mkdir -p "$(dirname "$OUT")"
jq -n --argjson scenarios "$SCENARIOS" --argjson restart_ms "$RESTART_MS" --argjson restart_cpu "$RESTART_CPU_S" --argjson first_cpu "$FIRST_READY_CPU_S" \
  --arg mode "$($SMOKE && echo smoke || echo full)" --arg commit "$COMMIT" \
  --arg at "$(date -u +%FT%TZ)" --arg load_start "$LOAD_START" --arg load_end "$(loadavg)" \
  --arg java "$(java -version 2>&1 | head -1)" --arg postgres "$(psql -X -tA "${PG[@]}" -c 'show server_version')" \
  --arg java_opts "$JAVA_OPTS" --arg arenas "$MALLOC_ARENA_MAX" --argjson cores "$(nproc)" \
  --argjson users "$USERS" --argjson posts "$POSTS" --argjson duration "$DURATION" \
  --argjson threads "$THREADS" --argjson connections "$CONNECTIONS" \
  --argjson first_ready "$FIRST_READY_MS" --argjson started_in "$STARTED_IN_S" \
  --argjson rss_idle "$RSS_IDLE" --argjson rss_peak "$RSS_PEAK" --argjson rss_load "$RSS_LOAD" \
  '{generated_at: $at, mode: $mode, commit: $commit,
    machine: {cores: $cores, load_avg_start: $load_start, load_avg_end: $load_end, java: $java, postgres: $postgres},
    config: {users: $users, posts: $posts, duration_s: $duration, wrk_threads: $threads,
             connections: $connections, java_opts: $java_opts, env: {MALLOC_ARENA_MAX: $arenas}},
    scenarios: $scenarios,
    startup: {first_ready_ms: $first_ready, first_ready_cpu_s: $first_cpu, quarkus_started_in_s: $started_in,
             restart_ready_ms: $restart_ms, restart_ready_cpu_s: $restart_cpu},
    rss_mib: {idle: $rss_idle, max_sampled_under_load: $rss_load, peak_vmhwm: $rss_peak}}' > "$OUT"
log "wrote $OUT"
$SMOKE || bench/report.sh "$OUT"
