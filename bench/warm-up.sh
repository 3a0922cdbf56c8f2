#!/usr/bin/env bash
# The warm-up curve of a new pod, measured as deployed: the JVM image (built as
# scripts/image-smoke.sh builds it) in the chart's limits, started on a populated database as a
# pod the HPA adds would be, then GET /posts/{id} at wrk 2 x 32 from the moment readiness answers
# UP, for 3 minutes. Reports the time from `podman run` to ready and the JVM's CPU until then,
# the throughput in 5 s windows as a share of the same container's warm rate (the mean of its
# last minute), the CPU the JVM used per window, and its RSS, with the load average.
#
#   bench/warm-up.sh NAME                   one curve: bench/results/warm-up/NAME.json
#   bench/warm-up.sh --report OUT NAME...   curves side by side: OUT.md (table) and OUT.png (plot)
#
#   WARM_UP_CPUS, WARM_UP_MEMORY            the container's limits (by default the chart's: 2, 512m);
#                                           WARM_UP_CPUS=0: none (podman's 0)
#   WARM_UP_BOOST_CPUS=2 WARM_UP_BOOST_SECONDS=30   start with that CPU limit instead, lowered to
#                                           WARM_UP_CPUS that long after ready (a start-up boost)
#   WARM_UP_JAVA_OPTS                       the container's JAVA_OPTS_APPEND (the chart's
#                                           app.jvm.options); default -XX:AOTMode=on, so that a
#                                           cache the JVM cannot use fails the run instead of
#                                           passing for a slow start; "" runs the image as the chart does
#   WARM_UP_SECONDS=180  WARM_UP_PORT=18783  WARM_UP_DB=postwire_warm_up
# Needs root (podman); builds the image when it is older than the jar or src/main/docker.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

RESULTS=bench/results/warm-up
log() { echo "warm-up: $*" >&2; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# What a run's facts (its series) say: the warm rate (the mean of the last minute), the ratios of the
# first 30 and 60 s and of each 5 s window against it, and the same per CPU second of the JVM, which
# other work on the machine does not distort (a JVM that got less CPU than its limit served less, but
# not less per CPU second). "quiet_ratio": the responses of the first CPU seconds the JVM used after
# ready, as many as its limits allow in the first 30 s (or from 60 to 90 s), against what that CPU
# serves warm: the ratio a quiet node would show, where 32 connections keep the JVM at its limit.
SUMMARISE='
  (.run_s // 180) as $run_s | (.cores // 2) as $cores | 60 as $warm_s | 5 as $window_s | .ready_cpu_ms as $ready_cpu
  | [.series.responses[] | {t: .[0], n: .[1]}] as $seconds
  | [.series.jvm_cpu_ms_rss_mib[] | {t: .[0], cpu: .[1], rss: .[2]}] as $sampled
  | (.cpus | tonumber | if . == 0 then $cores else . end) as $limit
  | def rate(from; to): ([$seconds[] | select(.t >= from and .t < to) | .n] | add // 0) / (to - from) | . * 10 | round / 10;
    def cpu_at(t): ([$sampled[] | select(.t <= t)] | last // {cpu: $ready_cpu}).cpu;
    def per_cpu(from; to): (cpu_at(to) - cpu_at(from)) as $ms
      | if $ms > 0 then rate(from; to) * (to - from) / ($ms / 1000) | round else null end;
    def share(r; of): if r != null and of != null and of > 0 then r / of * 100 | round / 100 else null end;
    .boost as $boost
  | def allowed_cpu_s(t): if $boost == null then t * $limit
      else ([t, $boost.seconds] | min) * ($boost.cpus | tonumber) + ([t - $boost.seconds, 0] | max) * $limit end;
    rate($run_s - $warm_s; $run_s) as $warm | per_cpu($run_s - $warm_s; $run_s) as $warm_per_cpu
  | def reached(t): if t == 0 then {t: 0} else [$sampled[] | select(.cpu >= $ready_cpu + allowed_cpu_s(t) * 1000)] | first end;
    def quiet_ratio(from; to): [reached(from), reached(to)] as [$a, $b]
      | if $a == null or $b == null then null
        else share([$seconds[] | select(.t >= $a.t and .t < $b.t) | .n] | add // 0;
                   (allowed_cpu_s(to) - allowed_cpu_s(from)) * $warm_per_cpu) end;
    def span(from; to): {rps: rate(from; to), ratio: share(rate(from; to); $warm),
                         per_cpu_ratio: share(per_cpu(from; to); $warm_per_cpu), quiet_ratio: quiet_ratio(from; to)};
    # The targets: the first 30 s after ready on average, and the 30 s after the first minute.
    . + {warm_rps: $warm, warm_per_cpu_s: $warm_per_cpu, first_30s: span(0; 30), first_60s: span(0; 60),
         from_60s: span(60; 90),
         windows: [range(0; $run_s / $window_s) as $i | ($i * $window_s) as $from | ($from + $window_s) as $to
           | {end_s: $to, rps: rate($from; $to), ratio: share(rate($from; $to); $warm),
              cpu: ((cpu_at($to) - cpu_at($from)) / 1000 / $window_s * 100 | round / 100),
              per_cpu_ratio: share(per_cpu($from; $to); $warm_per_cpu),
              cpu_s_since_ready: ((cpu_at($to) - $ready_cpu) / 100 | round / 10)}],
         rss_mib: (.rss_mib + {max: ([$sampled[].rss] | max)})}'

# --- report: the table and the plot of several curves (each JSON summarised again from its series first)
if [ "${1:-}" = --report ]; then
  OUT=$2
  shift 2
  FILES=()
  for name in "$@"; do
    FILES+=("$RESULTS/$name.json")
    jq "$SUMMARISE" "$RESULTS/$name.json" > "$RESULTS/$name.json.new" && mv "$RESULTS/$name.json.new" "$RESULTS/$name.json"
  done
  jq -rs '
    def pct: if . == null then "–" else "\(. * 100 | round) %" end;
    "| Run | Limits | `JAVA_OPTS_APPEND` | Ready: podman run; JVM launch to UP | JVM CPU to ready (C1 + C2) | First 30 s: rate; per CPU s; quiet | 60 to 90 s: rate; per CPU s; quiet | Warm rate; per CPU s | RSS at ready; max | Load average (start; end) | Non-2xx |",
    "|---|---|---|---:|---:|---:|---:|---:|---|---|---:|",
    (.[] | "| \(.name) | \(.cpus) CPU\(if .boost then " (\(.boost.cpus) for \(.boost.seconds) s after ready)" else "" end), \(.memory) | `\(.java_opts_append)` | \(.ready_ms); \(.ready_jvm_ms) ms | \(.ready_cpu_ms) ms (\((.ready_cpu_ms_by_thread["C1 CompilerThre"] // 0) + (.ready_cpu_ms_by_thread["C2 CompilerThre"] // 0))) | \(.first_30s | "\(.ratio | pct); \(.per_cpu_ratio | pct); \(.quiet_ratio | pct)") | \(.from_60s | "\(.ratio | pct); \(.per_cpu_ratio | pct); \(.quiet_ratio | pct)") | \(.warm_rps)/s; \(.warm_per_cpu_s) | \(.rss_mib.at_ready); \(.rss_mib.max) MiB | \(.load_avg.start); \(.load_avg.end) | \(.non_2xx) |"),
    "",
    "Each 5 s window from ready: its throughput as a share of the warm rate; in brackets the CPUs the JVM used in it and its responses per CPU second as a share of the warm ones:",
    "",
    "| s | " + (map(.name) | join(" | ")) + " |",
    "|---:|" + (map("---:") | join("|")) + "|",
    (. as $runs | range(0; $runs[0].windows | length) as $i
      | "| \($runs[0].windows[$i].end_s) | " + ($runs | map(.windows[$i] | if . then "\(.ratio | pct) (\(.cpu); \(.per_cpu_ratio | pct))" else "–" end) | join(" | ")) + " |")
  ' "${FILES[@]}" > "$OUT.md"
  WALL="" CPU=""
  for file in "${FILES[@]}"; do
    jq -r '.windows[] | [.end_s, .ratio, .cpu_s_since_ready, .per_cpu_ratio] | @tsv' "$file" > "$file.tsv"
    WALL+="${WALL:+, }\"$file.tsv\" using 1:2 title \"$(jq -r .name "$file")\""
    CPU+="${CPU:+, }\"$file.tsv\" using 3:4 title \"$(jq -r .name "$file")\""
  done
  require_command gnuplot gnuplot-nox
  gnuplot <<GNUPLOT
set terminal pngcairo size 1600,600 font ",10"
set output "$OUT.png"
set multiplot layout 1,2 title "A new pod's GET /posts/{id} per 5 s window from ready (bench/warm-up.sh)" noenhanced
set grid
set key bottom right noenhanced
set style data linespoints
set yrange [0:1.5]
set ylabel "share of the warm rate"
set title "throughput against the warm rate (mean of the last minute), by wall-clock time"
set xlabel "seconds since ready"
plot $WALL, 0.5 notitle dashtype 3 lc rgb "gray", 0.9 notitle dashtype 3 lc rgb "gray"
set title "responses per CPU second of the JVM against the warm ones, by the CPU it has used"
set xlabel "CPU seconds the JVM used since ready"
set xrange [0:60]
plot $CPU, 0.9 notitle dashtype 3 lc rgb "gray"
unset multiplot
GNUPLOT
  for file in "${FILES[@]}"; do rm -f "$file.tsv"; done
  log "wrote $OUT.md and $OUT.png"
  exit 0
fi

NAME=${1:?usage: bench/warm-up.sh NAME | --report OUT NAME...}
PORT=${WARM_UP_PORT:-18783}
DB=${WARM_UP_DB:-postwire_warm_up}
read -r CHART_MEMORY CHART_CPUS < <(chart_limits)
CPUS=${WARM_UP_CPUS:-$CHART_CPUS}
MEMORY=${WARM_UP_MEMORY:-$CHART_MEMORY}
JAVA_OPTS_APPEND=${WARM_UP_JAVA_OPTS--XX:AOTMode=on}
RUN_SECONDS=${WARM_UP_SECONDS:-180}
BOOST_CPUS=${WARM_UP_BOOST_CPUS:-}
BOOST_SECONDS=${WARM_UP_BOOST_SECONDS:-30}
# The warm rate: the last minute of the run; the windows the targets name.
WARM_S=60
WINDOW_S=5
USERS=32 POSTS=10000 BCRYPT_COST=10
BASE="http://127.0.0.1:$PORT"
WORK=$(mktemp -d)
CONTAINER=postwire-warm-up-$$
export PGPASSWORD=postwire

cleanup() {
  "${PODMAN[@]}" rm -f -t 0 "$CONTAINER" > /dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

for tool in wrk jq; do require_command "$tool" "$tool"; done
image_build_if_needed "$WORK"
mkdir -p "$RESULTS"

# --- the database a pod added to a running deployment finds: migrated and populated, and the
# bearer tokens of USERS users (logged in through a first container, so that the measured one
# serves only the curve's requests)
POSTWIRE_DATABASES=$DB POSTWIRE_RECREATE=1 scripts/local-postgres.sh
image_make_keys "$WORK/jwt"
image_run "$CONTAINER" "$WORK/jwt" "$DB" "$PORT" "$MEMORY" "$CPUS" "$JAVA_OPTS_APPEND"
image_wait_ready "$CONTAINER" "$PORT" /dev/null
HASH=$(java -cp 'target/quarkus-app/lib/main/*' bench/BcryptLimit.java hash bench-password "$BCRYPT_COST")
psql -X -q -h 127.0.0.1 -U postwire -d "$DB" -v ON_ERROR_STOP=1 -v users="$USERS" -v posts="$POSTS" \
  -v hash="$HASH" -f bench/seed.sql
for user in $(seq 1 "$USERS"); do
  curl -fs -XPOST "$BASE/login" -d "username=user$user%40bench.example&password=bench-password" | jq -r .access_token
done > "$WORK/tokens"
"${PODMAN[@]}" rm -f -t 30 "$CONTAINER" > /dev/null

# --- the measured pod: podman run to ready, then the load from that moment on
LOAD_START=$(loadavg)
log "$NAME: ${BOOST_CPUS:-$CPUS} CPU, $MEMORY, JAVA_OPTS_APPEND='$JAVA_OPTS_APPEND', ${RUN_SECONDS}s of load (load average $LOAD_START)"
started=$(date +%s%N)
image_run "$CONTAINER" "$WORK/jwt" "$DB" "$PORT" "$MEMORY" "${BOOST_CPUS:-$CPUS}" "$JAVA_OPTS_APPEND"
image_wait_ready "$CONTAINER" "$PORT" /dev/null
ready=$(date +%s%N)
JAVA_PID=$(image_java_pid "$CONTAINER")
# From the JVM's launch: without the container's creation, which podman's vfs storage (a copy of
# the image's files per container) makes seconds longer here than on a cluster's node.
READY_JVM_MS=$(process_age_ms "$JAVA_PID")
READY_CPU_MS=$(cpu_ms "$JAVA_PID")
READY_THREADS=$(thread_cpu_ms "$JAVA_PID")
RSS_AT_READY=$(rss_of "$JAVA_PID" VmRSS)
wrk -t2 -c32 -d"${RUN_SECONDS}s" --timeout 30s -s bench/wrk/warm-up.lua "$BASE" -- "$WORK/tokens" "$POSTS" \
  > "$WORK/wrk.out" &
WRK_PID=$!
# Each second: the JVM's CPU and RSS (epoch, ms, MiB); the boost ends BOOST_SECONDS after ready.
while kill -0 "$WRK_PID" 2>/dev/null; do
  echo "$(date +%s.%N) $(cpu_ms "$JAVA_PID") $(rss_of "$JAVA_PID" VmRSS)" >> "$WORK/samples"
  if [ -n "$BOOST_CPUS" ] && [ $(( ($(date +%s%N) - ready) / 1000000000 )) -ge "$BOOST_SECONDS" ]; then
    "${PODMAN[@]}" update --cpus "$CPUS" "$CONTAINER" > /dev/null
    BOOST_CPUS=
    BOOST_ENDED=1
  fi
  sleep 1
done
wait "$WRK_PID"
LOAD_END=$(loadavg)
END_THREADS=$(thread_cpu_ms "$JAVA_PID")
RSS_PEAK=$(rss_of "$JAVA_PID" VmHWM)
"${PODMAN[@]}" logs "$CONTAINER" > "$WORK/container.log" 2>&1
STARTED_IN=$(grep -oE 'started in [0-9.]+s' "$WORK/container.log" | grep -oE '[0-9.]+' || echo null)

# The facts of the run, then what summarise derives from them.
jq -n --arg name "$NAME" --arg commit "$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src || echo '+dirty')" \
    --arg cpus "$CPUS" --arg memory "$MEMORY" --arg append "$JAVA_OPTS_APPEND" --argjson cores "$(nproc)" \
    --arg boost_cpus "${WARM_UP_BOOST_CPUS:-}" --argjson boost_s "$BOOST_SECONDS" --arg boosted "${BOOST_ENDED:-}" \
    --argjson started "$((started / 1000000))" --argjson ready "$((ready / 1000000))" \
    --argjson ready_cpu "$READY_CPU_MS" --argjson ready_jvm "$READY_JVM_MS" --argjson started_in "$STARTED_IN" \
    --arg threads "$READY_THREADS" --arg end_threads "$END_THREADS" \
    --argjson rss_ready "$RSS_AT_READY" --argjson rss_peak "$RSS_PEAK" --arg load_start "$LOAD_START" \
    --arg load_end "$LOAD_END" --argjson run_s "$RUN_SECONDS" --rawfile samples "$WORK/samples" \
    --arg aot "$(grep -F '[aot' "$WORK/container.log" || true)" \
    --slurpfile summary <(grep '^{"requests"' "$WORK/wrk.out") --slurpfile counted <(grep '^{"per_second"' "$WORK/wrk.out") '
  ($ready / 1000) as $t0
  | def lines: split("\n") | map(select(length > 0));
    def by_thread: lines | map(capture("^(?<ms>[0-9]+) (?<name>.*)$") | {(.name): (.ms | tonumber)}) | add;
    $summary[0].errors as $e
  | {name: $name, commit: $commit, generated_at: (now | todate), cores: $cores, cpus: $cpus, memory: $memory,
     boost: (if $boost_cpus != "" then {cpus: $boost_cpus, seconds: $boost_s, lowered: ($boosted != "")} else null end),
     java_opts_append: $append, aot_messages: ($aot | lines), load_avg: {start: $load_start, end: $load_end},
     ready_ms: ($ready - $started), ready_jvm_ms: $ready_jvm, ready_cpu_ms: $ready_cpu,
     ready_cpu_ms_by_thread: ($threads | by_thread), end_cpu_ms_by_thread: ($end_threads | by_thread),
     quarkus_started_in_s: $started_in, run_s: $run_s, requests: $summary[0].requests, non_2xx: $e.http_status,
     socket_errors: ($e.connect + $e.read + $e.write + $e.timeout),
     rss_mib: {at_ready: $rss_ready, peak_vmhwm: $rss_peak},
     # responses of a wall-clock second, placed by its middle; the JVM sampled each second (CPU ms, RSS MiB)
     series: {responses: [$counted[0].per_second[] | [((.[0] + 0.5 - $t0) * 10 | round / 10), .[1]]],
              jvm_cpu_ms_rss_mib: [$samples | lines[] | split(" ") | map(tonumber) | [((.[0] - $t0) * 10 | round / 10), .[1], .[2]]]}}
' | jq "$SUMMARISE" > "$RESULTS/$NAME.json"
log "$NAME: $(jq -c '{ready_ms, ready_jvm_ms, ready_cpu_ms, quarkus_started_in_s, first_30s, from_60s, warm_rps, warm_per_cpu_s, rss_mib, non_2xx, load_avg}' "$RESULTS/$NAME.json")"
