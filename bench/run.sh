#!/usr/bin/env bash
# Benchmarks the built jar against PostgreSQL's own limit, side by side in one run
# (the machine is shared and noisy: only ratios within a run are comparable).
#
#   bench/run.sh              full run (about 12 minutes): bench/results/latest.{json,md,png}
#   bench/run.sh --newcomer   what a newcomer sees: `java -jar` with no options on the java of the
#                             PATH (the default JDK 17), GET /posts/{id} after a 120 s warm-up:
#                             bench/results/newcomer.{json,md,png} (about 4 minutes)
#   bench/run.sh --smoke      seconds, tiny data: only proves the JSON is produced (with --newcomer too)
#
#   BENCH_PORT (8490)  BENCH_DB (postwire_bench)  BENCH_DURATION seconds per measurement (10)
#   BENCH_OUT          JSON to write (bench/results/latest.json or newcomer.json; smoke: a temporary file)
#   BENCH_JAVA_OPTS    JVM options of the service (unset: the recommended ones, docs/benchmarks.md;
#                      empty: none; --newcomer: always none)
#   BENCH_JAVA_HOME    the JDK that builds and runs the service (unset: the newest JDK 25 or later
#                      under /usr/lib/jvm, whose AOT cache halves the start, else the java on the
#                      PATH; --newcomer: the java on the PATH)
#
# Steps: PostgreSQL ready and a fresh database; the jar (built when older than the
# sources) started env-only in the prod profile; time to the first ready response;
# bulk seed (users with a real bcrypt hash); then each scenario with wrk at
# 2 threads x 32 connections against its baseline: pgbench at 32 clients running the SQL a
# minimal implementation of the request needs (bench/pgbench/*.sql), prepared, with the
# session's default settings; then logins against the bcrypt limit; then a fresh JVM's
# warm-up (per-second throughput from launch) and restarts.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

SMOKE=false
NEWCOMER=false
for arg in "$@"; do
  case $arg in
    --smoke) SMOKE=true ;;
    --newcomer) NEWCOMER=true ;;
    *) echo "usage: bench/run.sh [--smoke] [--newcomer]" >&2; exit 2 ;;
  esac
done
PORT=${BENCH_PORT:-8490}
DB=${BENCH_DB:-postwire_bench}
THREADS=2
CONNECTIONS=32
BCRYPT_COST=10 # application.properties: postwire.password.bcrypt-cost
# The image's options (Dockerfile.jvm says why each).
RECOMMENDED_JAVA_OPTS=$(image_java_opts)
if $NEWCOMER; then
  unset MALLOC_ARENA_MAX
else
  # Fewer glibc malloc arenas: less native memory held by many worker threads (jar_start passes it on).
  export MALLOC_ARENA_MAX=2
fi
# WARM_UP_RUN: seconds of load on a fresh JVM, the last STEADY of them its steady state.
if $SMOKE; then
  USERS=20 POSTS=500 TOPICS=10 DURATION=${BENCH_DURATION:-2} WARMUP=1 FIRST_WARMUP=1 RESTARTS=1
  WARM_UP_RUN=5 STEADY=2
  OUT=${BENCH_OUT:-$(mktemp --suffix=.json)}
else
  # The JIT needs a warm-up: on 2 cores its C2 compilations of the shared request path take
  # about a minute, so the first scenario's warm-up is that long; each later one warms its own code
  # (15 s left the JIT compiling the POST path on a slow host, understating it by a quarter).
  USERS=1000 POSTS=100000 TOPICS=1000 DURATION=${BENCH_DURATION:-10} WARMUP=45 FIRST_WARMUP=60 RESTARTS=3
  WARM_UP_RUN=90 STEADY=20
  OUT=${BENCH_OUT:-bench/results/$($NEWCOMER && echo newcomer || echo latest).json}
fi
# A newcomer measures GET /posts/{id} after a 120 s warm-up: what someone trying a plain `java -jar` would see.
if $NEWCOMER; then
  RESTARTS=0
  $SMOKE || FIRST_WARMUP=120
fi
# The deep page: nine tenths down the list (offset 90 000 of 100 000 posts).
DEEP_OFFSET=$((POSTS * 9 / 10))
BASE="http://127.0.0.1:$PORT"
WORK=$(mktemp -d)
export PGPASSWORD=postwire
# The baselines run with PostgreSQL's default session settings (generic plans where it picks them).
unset PGOPTIONS
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
require_command unzip unzip

if [ -z "${BENCH_JAVA_HOME:-}" ] && ! $NEWCOMER; then
  BENCH_JAVA_HOME=$(newest_jdk_home)
fi
if [ -n "${BENCH_JAVA_HOME:-}" ]; then
  export JAVA_HOME=$BENCH_JAVA_HOME PATH="$BENCH_JAVA_HOME/bin:$PATH"
fi

POSTWIRE_DATABASES=$DB POSTWIRE_RECREATE=1 scripts/local-postgres.sh
AOT_CACHE=target/quarkus-app/app.aot
jar_make_keys "$WORK"
RUNTIME_MAJOR=$(jdk_major "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")" 2>/dev/null || true)
if $NEWCOMER; then
  jar_build_if_needed
  STARTUP_ARCHIVE=
elif [ "${RUNTIME_MAJOR:-0}" -ge 25 ]; then
  # The cache the image carries: recorded by this JVM from the training workload's run of the jar
  # (Dockerfile.jvm). A jar rebuilt since (by another JDK) no longer matches the cache either.
  if [ ! -f "$AOT_CACHE" ] || [ "$JAR" -nt "$AOT_CACHE" ] \
      || [ -n "$(find src pom.xml -newer "$AOT_CACHE" -print -quit)" ]; then
    log "building the jar and recording its AOT cache (JDK $(jdk_major "$JAVA_HOME"), src/main/docker/aot-training.sh)"
    jar_build_aot_if_needed
    read -ra TRAINING_OPTIONS <<< "$RECOMMENDED_JAVA_OPTS"
    jar_record_aot_cache "$WORK" "${DB}_aot_training" "$PORT" "${TRAINING_OPTIONS[@]}"
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
$NEWCOMER && JAVA_OPTS=
read -ra JAVA_OPTIONS <<< "$JAVA_OPTS"
LOAD_START=$(loadavg)

# --- 5a. start: JVM launch to the first ready response, on the fresh database (migrations run)
jar_start "$WORK" "$DB" "$PORT" "${JAVA_OPTIONS[@]}"
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

# wrk_run SCRIPT ARG SECONDS [CONNECTIONS]: one JSON line of throughput and latency (all of wrk's
# output stays in WORK/wrk.out); ARG is the script's N or file. With SAMPLE_RSS set (the measured
# runs, not the warm-ups), samples the service's RSS meanwhile.
wrk_run() {
  wrk -t"$THREADS" -c"${4:-$CONNECTIONS}" -d"${3}s" --timeout 30s -s "bench/wrk/$1.lua" "$BASE" -- "$WORK/tokens" "$2" \
    > "$WORK/wrk.out" &
  local wrk_pid=$!
  while kill -0 "$wrk_pid" 2>/dev/null; do
    if [ -n "${SAMPLE_RSS:-}" ]; then
      echo "$(rss_mib VmRSS) $(rss_mib RssAnon)" >> "$WORK/rss_under_load"
    fi
    sleep 0.5
  done
  wait "$wrk_pid"
  grep '^{"requests"' "$WORK/wrk.out"
}

# pgbench_run SCRIPT [pgbench option...]: the baseline at the same client count, prepared; one JSON
# line of throughput and mean latency (no per-transaction log: writing it would slow the baseline).
pgbench_run() {
  local script=$1
  shift
  pgbench -n -M prepared -c "$CONNECTIONS" -j "$THREADS" -T "$DURATION" \
      -D users="$USERS" -D posts="$POSTS" -D topics="$TOPICS" "$@" -f "bench/pgbench/$script.sql" "${PG[@]}" \
      > "$WORK/pgbench.out" 2>&1 || { cat "$WORK/pgbench.out" >&2; return 1; }
  awk '/^tps = / { tps = $3 } /^latency average = / { latency = $4 } /^number of transactions actually processed/ { n = $NF }
    END { printf "{\"tps\":%.1f,\"latency_avg_ms\":%.3f,\"transactions\":%d}\n", tps, latency, n }' "$WORK/pgbench.out"
}

SCENARIOS="[]"
# scenario NAME WRK_SCRIPT ARG PGBENCH_SCRIPT [pgbench option...]: warm-up, the service, then its
# PostgreSQL baseline. With FIRST_PAGE naming an earlier scenario, both throughputs are also
# compared with that one's (vs_first_page).
scenario() {
  local name=$1 wrk_script=$2 arg=$3 pgbench_script=$4 load service baseline warmup=$WARMUP
  shift 4
  [ "$SCENARIOS" = "[]" ] && warmup=$FIRST_WARMUP
  log "$name: warm-up ${warmup}s, wrk ${DURATION}s, pgbench ${DURATION}s"
  load=$(loadavg)
  wrk_run "$wrk_script" "$arg" "$warmup" > /dev/null
  service=$(SAMPLE_RSS=1 wrk_run "$wrk_script" "$arg" "$DURATION")
  baseline=$(pgbench_run "$pgbench_script" "$@")
  SCENARIOS=$(jq -c --arg name "$name" --arg load "$load" --argjson service "$service" --argjson baseline "$baseline" \
      --arg first_page "${FIRST_PAGE:-}" --arg script "$pgbench_script" '
    def ratio(a; b): if b > 0 then a / b * 1000 | round / 1000 else null end;
    (map(select(.name == $first_page))[0]) as $first
    | . + [{name: $name, load_avg: $load, service: $service,
            baseline: ($baseline + {kind: "pgbench", script: $script}),
            ratio: ratio($service.rps; $baseline.tps)}
           + (if $first then {vs_first_page: {scenario: $first.name, service: ratio($service.rps; $first.service.rps),
                                               baseline: ratio($baseline.tps; $first.baseline.tps)}} else {} end)]' <<< "$SCENARIOS")
  log "$name: $(jq -c '.[-1] | {rps: .service.rps, tps: .baseline.tps, ratio, vs_first_page}' <<< "$SCENARIOS")"
}

# link_next HEADERS_FILE: the path of the Link header's rel="next" (RFC 8288), if any.
link_next() {
  tr -d '\r' < "$1" | sed -n 's/^[Ll][Ii][Nn][Kk]: *//p' | tr ',' '\n' \
    | sed -n 's/^ *<\([^>]*\)>.*rel="\{0,1\}next"\{0,1\}.*/\1/p' | sed 's#^https\{0,1\}://[^/]*##' | head -1
}

# page_ids PATH: the ids of the posts a list request returns, as the first user sees them.
page_ids() {
  curl -fsS -m 60 -H "Authorization: Bearer $(head -1 "$WORK/tokens")" "$BASE$1" | jq -c 'map(.id)'
}

scenario get_post get-post "$POSTS" get-post
if ! $NEWCOMER; then
  echo "/posts?limit=10" > "$WORK/first-page"
  scenario list_posts paths "$WORK/first-page" list-posts -D offset=0
  echo "/posts?limit=10&offset=$DEEP_OFFSET" > "$WORK/deep-offset"
  FIRST_PAGE=list_posts scenario list_deep_offset paths "$WORK/deep-offset" list-posts -D offset="$DEEP_OFFSET"
  # The same deep page by keyset: the cursor of the service's Link rel="next" on the page before,
  # and for the baseline that page's last post (created_at, id).
  curl -fsS -m 60 -D "$WORK/page-before.headers" -H "Authorization: Bearer $(head -1 "$WORK/tokens")" \
    "$BASE/posts?limit=10&offset=$((DEEP_OFFSET - 10))" > "$WORK/page-before.json"
  link_next "$WORK/page-before.headers" > "$WORK/deep-cursor"
  if [ ! -s "$WORK/deep-cursor" ]; then
    log "list_deep_cursor: skipped, the service sent no Link rel=\"next\" (no cursor paging yet)"
  elif [ "$(page_ids "$(cat "$WORK/deep-cursor")")" != "$(page_ids "/posts?limit=10&offset=$DEEP_OFFSET")" ]; then
    log "list_deep_cursor: the cursor $(cat "$WORK/deep-cursor") does not give the page at offset $DEEP_OFFSET"
    exit 1
  else
    read -r AFTER_AT AFTER_ID < <(jq -r '.[-1] | "\(.created_at) \(.id)"' "$WORK/page-before.json")
    FIRST_PAGE=list_posts scenario list_deep_cursor paths "$WORK/deep-cursor" list-posts-keyset \
      -D after_at="$AFTER_AT" -D after_id="$AFTER_ID"
  fi
  scenario search_posts search-posts "$TOPICS" search-posts
  scenario create_post create-post 0 create-post
  scenario vote vote "$POSTS" vote
fi

# --- 4. logins against the bcrypt limit: checks per second on one core (the mean of a
# measure before and after the logins, as the machine's load drifts), times the cores.
# Less at the mercy of that load: logins per CPU second the service used against
# bcrypt checks per CPU second (the service's own overhead per login).
measure_logins() {
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
}
$NEWCOMER || measure_logins

RSS_PEAK=$(rss_mib VmHWM)
# The largest sample, and the anonymous part of it (heap, metaspace, code, stacks, malloc): the
# rest is file-backed, mostly the AOT cache and the jars mapped, which the kernel can drop and reread.
read -r RSS_LOAD RSS_LOAD_ANON < <(sort -n "$WORK/rss_under_load" | tail -1)
jar_stop

# --- 6. warm-up: a fresh JVM on the populated database under constant GET /posts/{id} load from
# its first ready response on, responses counted per wall-clock second (bench/wrk/warm-up.lua).
# The steady state is the median of the last STEADY seconds; the JVM has warmed up at the end of
# the first second that starts three in a row at 90 % of it or more (one lucky second does not
# count), reported in seconds since the JVM's launch. Sets WARM_UP (JSON).
measure_warm_up() {
  local load launched ready
  log "warm-up: a fresh JVM, GET /posts/{id} for ${WARM_UP_RUN}s from its first ready response"
  load=$(loadavg)
  launched=$(date +%s.%N)
  jar_start "$WORK" "$DB" "$PORT" "${JAVA_OPTIONS[@]}"
  ready=$(jar_wait_ready "$WORK" "$PORT")
  wrk_run warm-up "$POSTS" "$WARM_UP_RUN" > /dev/null
  jar_stop
  WARM_UP=$(grep '^{"per_second"' "$WORK/wrk.out" | jq -c --argjson launched "$launched" --argjson ready "$ready" \
      --argjson steady "$STEADY" --arg load "$load" '
    .per_second as $counted
    # Every whole second between the first and the last (both partial), 0 when none came back.
    | (if ($counted | length) < 3 then [] else
         [range($counted[0][0] + 1; $counted[-1][0]) as $second
          | {second: $second, n: ((first($counted[] | select(.[0] == $second)) | .[1]) // 0)}] end) as $seconds
    | ($seconds[-$steady:] | map(.n) | sort | .[length / 2 | floor]) as $steady_rps
    | (if ($steady_rps // 0) > 0 then
         [range(0; $seconds | length) as $i
          | select(all($seconds[$i:$i + 3][]; .n >= 0.9 * $steady_rps)) | $seconds[$i].second][0]
       else null end) as $reached
    | def since_launch: (. + 1 - $launched) * 10 | round / 10;
      {load_avg: $load, first_ready_ms: $ready, steady_rps: $steady_rps, steady_window_s: $steady,
       to_90pct_s: (if $reached then $reached | since_launch else null end),
       per_second: [$seconds[] | [(.second | since_launch), .n]]}')
  log "warm-up: $(jq -c '{to_90pct_s, steady_rps, first_ready_ms}' <<< "$WARM_UP")"
}
WARM_UP=null
$NEWCOMER || measure_warm_up

# --- 5b. restarts on the now populated database (Flyway only validates)
RESTART_LOAD=$(loadavg)
RESTART_MS="[]"
RESTART_CPU_S="[]"
for _ in $(seq 1 "$RESTARTS"); do
  jar_start "$WORK" "$DB" "$PORT" "${JAVA_OPTIONS[@]}"
  RESTART_MS=$(jq -c ". + [$(jar_wait_ready "$WORK" "$PORT")]" <<< "$RESTART_MS")
  RESTART_CPU_S=$(jq -c ". + [$(cpu_s)]" <<< "$RESTART_CPU_S")
  jar_stop
done
log "restarts ready after $RESTART_MS ms, $RESTART_CPU_S s of CPU"

mkdir -p "$(dirname "$OUT")"
jq -n --argjson scenarios "$SCENARIOS" --argjson restart_ms "$RESTART_MS" --argjson restart_cpu "$RESTART_CPU_S" --argjson first_cpu "$FIRST_READY_CPU_S" \
  --arg mode "$($NEWCOMER && echo 'newcomer ')$($SMOKE && echo smoke || echo full)" --arg commit "$COMMIT" \
  --arg at "$(date -u +%FT%TZ)" --arg load_start "$LOAD_START" --arg load_end "$(loadavg)" \
  --arg java "$(java -version 2>&1 | head -1)" --arg postgres "$(psql -X -tA "${PG[@]}" -c 'show server_version')" \
  --arg java_opts "$JAVA_OPTS" --arg arenas "${MALLOC_ARENA_MAX:-}" --argjson cores "$(nproc)" \
  --argjson users "$USERS" --argjson posts "$POSTS" --argjson duration "$DURATION" \
  --argjson threads "$THREADS" --argjson connections "$CONNECTIONS" --argjson deep_offset "$DEEP_OFFSET" \
  --arg restart_load "$RESTART_LOAD" --argjson warm_up "$WARM_UP" \
  --argjson first_ready "$FIRST_READY_MS" --argjson started_in "$STARTED_IN_S" \
  --argjson rss_idle "$RSS_IDLE" --argjson rss_peak "$RSS_PEAK" --argjson rss_load "$RSS_LOAD" --argjson rss_load_anon "$RSS_LOAD_ANON" \
  '{generated_at: $at, mode: $mode, commit: $commit,
    machine: {cores: $cores, load_avg_start: $load_start, load_avg_end: $load_end, java: $java, postgres: $postgres},
    config: {users: $users, posts: $posts, duration_s: $duration, wrk_threads: $threads,
             connections: $connections, deep_offset: $deep_offset, java_opts: $java_opts,
             env: (if $arenas == "" then {} else {MALLOC_ARENA_MAX: $arenas} end)},
    scenarios: $scenarios,
    startup: {first_ready_ms: $first_ready, first_ready_cpu_s: $first_cpu, quarkus_started_in_s: $started_in,
             load_avg: $load_start, restart_ready_ms: $restart_ms, restart_ready_cpu_s: $restart_cpu,
             restart_load_avg: $restart_load},
    warm_up: $warm_up,
    rss_mib: {idle: $rss_idle, max_sampled_under_load: $rss_load, anonymous_of_max_sampled: $rss_load_anon,
      peak_vmhwm: $rss_peak}}' > "$OUT"
log "wrote $OUT"
$SMOKE || bench/report.sh "$OUT"
