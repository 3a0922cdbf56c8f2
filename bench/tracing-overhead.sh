#!/usr/bin/env bash
# What tracing costs GET /posts/{id}: the built jar started twice on one seeded database, once
# as deployed by default (tracing off: the OpenTelemetry SDK disabled) and once with tracing
# on at the default sampler ratio, exporting over OTLP/HTTP to a local receiver that answers
# every export and keeps nothing (a collector's cost is not the service's). wrk runs
# bench/wrk/get-post.lua against one and then the other, ROUNDS times, so that the machine's
# drifting load falls on both alike; it prints req/s of each run, the load average beside it,
# and the ratio of the means (on / off).
#
#   bench/tracing-overhead.sh
#
#   TRACE_BENCH_PORT (8491): tracing off; +1 tracing on; +2 the OTLP receiver
#   TRACE_BENCH_DB (postwire_bench_tracing)  ROUNDS (3)  DURATION seconds per run (10)  WARMUP seconds (90: less leaves the JIT compiling the traced path)
#   POSTS (100000)  USERS (1000)  TRACE_BENCH_JAVA_OPTS (the image's options, as bench/run.sh)
#   SAMPLER_RATIO (unset: the service's default, quarkus.otel.traces.sampler.arg)
#   TRACE_BENCH_JAVA_HOME (the newest JDK 25 or later under /usr/lib/jvm, as bench/run.sh; else the java on the PATH)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

PORT=${TRACE_BENCH_PORT:-8491}
OFF_PORT=$PORT ON_PORT=$((PORT + 1)) RECEIVER_PORT=$((PORT + 2))
DB=${TRACE_BENCH_DB:-postwire_bench_tracing}
ROUNDS=${ROUNDS:-3} DURATION=${DURATION:-10} WARMUP=${WARMUP:-90}
POSTS=${POSTS:-100000} USERS=${USERS:-1000}
CONNECTIONS=32
JAVA_OPTS=${TRACE_BENCH_JAVA_OPTS:-$(image_java_opts)}
TRACING_ON="-Dquarkus.otel.sdk.disabled=false -Dquarkus.otel.exporter.otlp.protocol=http/protobuf
  -Dquarkus.otel.exporter.otlp.endpoint=http://127.0.0.1:$RECEIVER_PORT
  ${SAMPLER_RATIO:+-Dquarkus.otel.traces.sampler.arg=$SAMPLER_RATIO}"
export MALLOC_ARENA_MAX=2
TRACE_BENCH_JAVA_HOME=${TRACE_BENCH_JAVA_HOME:-$(newest_jdk_home)}
if [ -n "$TRACE_BENCH_JAVA_HOME" ]; then
  export JAVA_HOME=$TRACE_BENCH_JAVA_HOME PATH="$TRACE_BENCH_JAVA_HOME/bin:$PATH"
fi
WORK=$(mktemp -d)
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do stop_process "$pid"; done
  rm -rf "$WORK"
}
trap cleanup EXIT
log() { echo "tracing-overhead: $*" >&2; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

require_command wrk wrk
require_command jq jq
require_command python3 python3-minimal

jar_build_if_needed
POSTWIRE_DATABASES=$DB POSTWIRE_RECREATE=1 scripts/local-postgres.sh
jar_make_keys "$WORK"

# The receiver: OTLP/HTTP's POST /v1/traces, answered with an empty (valid) protobuf response.
python3 - "$RECEIVER_PORT" > "$WORK/exports" <<'EOF' &
import http.server, sys

class Receiver(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            while (size := int(self.rfile.readline().split(b";")[0], 16)) > 0:
                self.rfile.read(size + 2)
            self.rfile.readline()
        else:
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()
        print(self.path, flush=True)

    def log_message(self, *args):
        pass

http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Receiver).serve_forever()
EOF
PIDS+=($!)

# start MODE PORT [JVM option...]: one jar, logging to $WORK/MODE.log.
start() {
  local mode=$1 port=$2
  shift 2
  mkdir -p "$WORK/$mode"
  cp "$WORK"/*.pem "$WORK/$mode/"
  jar_start "$WORK/$mode" "$DB" "$port" $JAVA_OPTS "$@"
  PIDS+=("$JAR_PID")
  log "$mode: ready on $port after $(jar_wait_ready "$WORK/$mode" "$port") ms"
}
start off "$OFF_PORT" # first alone: it migrates the schema
# shellcheck disable=SC2086
start on "$ON_PORT" $TRACING_ON

HASH=$(java -cp 'target/quarkus-app/lib/main/*' bench/BcryptLimit.java hash bench-password 10)
psql -X -q -h 127.0.0.1 -U postwire -d "$DB" -v ON_ERROR_STOP=1 -v users="$USERS" -v posts="$POSTS" \
  -v hash="$HASH" -f bench/seed.sql
log "seeded $USERS users, $POSTS posts"
# Both jars verify the same keys: tokens from one serve the other.
for n in $(seq 1 "$CONNECTIONS"); do
  curl -fs -XPOST "http://127.0.0.1:$OFF_PORT/login" \
    -d "username=user$(( (n - 1) % USERS + 1 ))%40bench.example&password=bench-password" | jq -r .access_token
done > "$WORK/tokens"

# rps PORT SECONDS: GET /posts/{id} at 2 threads x 32 connections; its requests per second.
rps() {
  wrk -t2 -c"$CONNECTIONS" -d"${2}s" --timeout 30s -s bench/wrk/get-post.lua "http://127.0.0.1:$1" \
    -- "$WORK/tokens" "$POSTS" | grep '^{"requests"' | jq -r 'if .errors.http_status + .errors.timeout > 0
      then error("failed requests: \(.errors)") else .rps end'
}

log "$(java -version 2>&1 | head -1); options $JAVA_OPTS"
log "warm-up ${WARMUP}s each"
rps "$OFF_PORT" "$WARMUP" > /dev/null
rps "$ON_PORT" "$WARMUP" > /dev/null
exports_before=$(wc -l < "$WORK/exports")
printf '%-6s %-5s %10s   %s\n' round mode req/s 'load average'
for round in $(seq 1 "$ROUNDS"); do
  for mode in off on; do
    port=$OFF_PORT
    [ "$mode" = on ] && port=$ON_PORT
    load=$(loadavg)
    result=$(rps "$port" "$DURATION")
    echo "$mode $result" >> "$WORK/results"
    printf '%-6s %-5s %10s   %s\n' "$round" "$mode" "$result" "$load"
  done
done
exported=$(( $(wc -l < "$WORK/exports") - exports_before ))
# At ratio 0 nothing is sampled, so nothing is exported: what is left is the cost of every unsampled request.
[ "$exported" -gt 0 ] || [ "${SAMPLER_RATIO:-}" = 0 ] \
  || { echo "tracing on exported nothing: no overhead was measured" >&2; exit 1; }
awk -v exported="$exported" -v now="$(loadavg)" '
  { sum[$1] += $2; n[$1]++ }
  END {
    off = sum["off"] / n["off"]; on = sum["on"] / n["on"]
    printf "mean req/s: off %.1f, on %.1f; on/off %.3f (%.1f%% slower); %d OTLP exports during the runs; load average now %s\n",
      off, on, on / off, (1 - on / off) * 100, exported, now
  }' "$WORK/results"
