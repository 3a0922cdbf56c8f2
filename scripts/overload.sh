#!/usr/bin/env bash
# Overload on one machine: 1 024 connections of GET /posts/{id} (32 x the benchmark's) against the
# packaged jar, with the image's JVM options on the newest JDK under /usr/lib/jvm, while a probe loop
# asks /q/health/live and /q/health/ready on its management interface once a second, the way the
# kubelet does. Reports what a
# cluster would see: probe latencies (max, how many over 1 s or failed), the requests' p99, errors.
# Loopback only; bounded in time (about 2 minutes per build measured); not part of ./mvnw verify.
#
#   scripts/overload.sh                     the jar as built (built when missing or older than the sources)
#   OVERLOAD_BUILD="-Dquarkus.management.enabled=false"   Maven flags of another build to measure
#                                           (built here, then measured; the checkout's jar is rebuilt as it was);
#                                           a build without the management interface is probed on the API's port
#   OVERLOAD_APP=/tmp/other/target/quarkus-app   a build made elsewhere (another checkout's), measured as it is:
#                                           builds compared in turns (A B A B) are built once
#   OVERLOAD_PORT=8250                      the app (its management port: jar_management_port)
#   OVERLOAD_CONNECTIONS=1024  OVERLOAD_SECONDS=30  OVERLOAD_WARMUP_SECONDS=20
set -eEuo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
# A step that fails says which, with the end of the service's log (a run is minutes of work to lose).
trap 'echo "overload.sh: line $LINENO failed: $BASH_COMMAND" >&2; tail -20 "$WORK/app.log" >&2 2>/dev/null || true' ERR

PORT=${OVERLOAD_PORT:-8250}
CONNECTIONS=${OVERLOAD_CONNECTIONS:-1024}
SECONDS_OF_LOAD=${OVERLOAD_SECONDS:-30}
WARMUP_SECONDS=${OVERLOAD_WARMUP_SECONDS:-20}
DB=postwire_overload
WORK=$(mktemp -d /tmp/postwire-overload.XXXXXX)
BASE="http://127.0.0.1:$PORT"

cleanup() {
  jar_stop
  rm -rf "$WORK"
}
trap cleanup EXIT

for port in "$PORT" "$(jar_management_port "$PORT")"; do
  if ss -ltnH "sport = :$port" | grep -q .; then echo "port $port is taken" >&2; exit 1; fi
done
require_command wrk wrk
JAVA_HOME_25=$(newest_jdk_home)
JAVA=${JAVA_HOME_25:+$JAVA_HOME_25/bin/}java
# The image's options, read from the Dockerfile so that they cannot drift from it.
read -r -a IMAGE_OPTS <<< "$(sed -n 's/^ARG MEASURED_JAVA_OPTS="\(.*\)"$/\1/p' src/main/docker/Dockerfile.jvm)"

if [ -n "${OVERLOAD_APP:-}" ]; then
  cp -r "$OVERLOAD_APP" "$WORK/app"
elif [ -n "${OVERLOAD_BUILD:-}" ]; then
  # shellcheck disable=SC2086 # the flags are words
  ./mvnw -B -q -ntp package -DskipTests $OVERLOAD_BUILD
  cp -r "$(dirname "$JAR")" "$WORK/app"
  touch pom.xml # the next jar_build_if_needed rebuilds the checkout's own jar
else
  jar_build_if_needed
  cp -r "$(dirname "$JAR")" "$WORK/app"
fi
JAR=$WORK/app/$(basename "$JAR")

POSTWIRE_DATABASES=$DB POSTWIRE_RECREATE=1 scripts/local-postgres.sh > /dev/null
jar_make_keys "$WORK"
PATH="${JAVA_HOME_25:+$JAVA_HOME_25/bin:}$PATH" jar_start "$WORK" "$DB" "$PORT" "${IMAGE_OPTS[@]}"
# Health is on the management interface, unless the build measured has none.
HEALTH=$(jar_health_url "$PORT")
deadline=$(($(date +%s) + 180))
until curl -fs "$HEALTH/ready" > /dev/null || curl -fs "$BASE/q/health/ready" > /dev/null; do
  kill -0 "$JAR_PID" 2>/dev/null && [ "$(date +%s)" -lt "$deadline" ] || { tail -30 "$WORK/app.log"; exit 1; }
  sleep 0.2
done
if ! curl -fs "$HEALTH/live" > /dev/null; then
  HEALTH="$BASE/q/health"
fi

EMAIL="overload-$RANDOM@example.com"
curl -fs -o /dev/null -H 'Content-Type: application/json' -d "{\"email\":\"$EMAIL\",\"password\":\"overload-password\"}" "$BASE/users"
TOKEN=$(curl -fs -d "username=$EMAIL&password=overload-password" "$BASE/login" | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
POST_ID=$(curl -fs -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"title":"Overload","content":"read by a thousand connections"}' "$BASE/posts" | sed -E 's/.*"id":([0-9]+).*/\1/')
URL="$BASE/posts/$POST_ID"

echo "build: ${OVERLOAD_APP:-${OVERLOAD_BUILD:-as is}}; probes at $HEALTH; $("$JAVA" -version 2>&1 | head -1); options ${IMAGE_OPTS[*]}"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
ulimit -n 65536 2> /dev/null || ulimit -n "$(ulimit -Hn)" # 1 024 sockets and more
wrk -t2 -c32 -d"${WARMUP_SECONDS}s" -H "Authorization: Bearer $TOKEN" "$URL" > /dev/null
# Every status wrk saw, and how many 503s carried Retry-After (a refusal a client can act on).
cat > "$WORK/statuses.lua" <<'EOF'
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init() counts = {} end
function response(status, headers)
  local name = tostring(status)
  if status == 503 and headers["Retry-After"] then name = "503+Retry-After" end
  counts[name] = (counts[name] or 0) + 1
end
function done()
  local total = {}
  for _, thread in ipairs(threads) do
    for name, n in pairs(thread:get("counts")) do total[name] = (total[name] or 0) + n end
  end
  local line = "statuses:"
  for name, n in pairs(total) do line = line .. " " .. name .. " x" .. n end
  print(line)
end
EOF
# The server's latency histogram of the admitted reads (200s of GET /posts/{id}), before and after
# the load: its p99 is what the pod's users got, unlike wrk's, which fast refusals would lower.
METRICS="${HEALTH%/health}/metrics"
admitted_buckets() {
  curl -fs "$METRICS" | grep '^http_server_requests_seconds_bucket{' | grep 'uri="/posts/{id}"' | grep 'status="200"' |
    sed -E 's/.*le="([^"]+)".* ([0-9.eE+]+)$/\1 \2/'
}
admitted_buckets > "$WORK/buckets-before"

# probe NAME: one GET a second for the length of the load, "<status> <seconds>" per line (000: no answer
# within the kubelet's default timeout of 1 s is already a failure, but the loop waits up to 5 s to see how long).
probe() {
  local end=$(($(date +%s) + SECONDS_OF_LOAD))
  while [ "$(date +%s)" -lt "$end" ]; do
    curl -s -o /dev/null --max-time 5 -w '%{http_code} %{time_total}\n' "$HEALTH/$1" >> "$WORK/probe-$1.txt" || true
    sleep 1
  done
}
probe live & LIVE_PID=$!
probe ready & READY_PID=$!
wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_OF_LOAD}s" --timeout 10s --latency -s "$WORK/statuses.lua" \
  -H "Authorization: Bearer $TOKEN" "$URL" > "$WORK/wrk.txt"
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
wait "$LIVE_PID" "$READY_PID"
admitted_buckets > "$WORK/buckets-after"
# histogram_quantile(0.99) as Prometheus computes it: linear within the bucket that holds it.
admitted_p99=$(join <(sort "$WORK/buckets-before") <(sort "$WORK/buckets-after") | awk '{ print $1, $3 - $2 }' |
  sed 's/^+Inf/inf/' | sort -g | awk '{ le[NR] = $1; n[NR] = $2 } END {
    target = 0.99 * n[NR]; below = 0; lower = 0
    for (i = 1; i <= NR; i++) {
      if (n[i] >= target) {
        if (le[i] == "inf") { printf "over %s s", lower; exit }
        printf "%.3f s", lower + (le[i] - lower) * (target - below) / (n[i] - below); exit
      }
      below = n[i]; lower = le[i]
    }
  }')

for name in live ready; do
  awk -v name="$name" '{ n++; t = $2 + 0; if (t > max) max = t; if (t > 1) slow++; if ($1 != "200") failed++ }
    END { printf "probe %-5s: %d probes, max %.3f s, %d over 1 s, %d not 200\n", name, n, max, slow, failed }' "$WORK/probe-$name.txt"
done
p99=$(awk '$1 == "99%" { print $2 }' "$WORK/wrk.txt")
rps=$(awk '/Requests\/sec/ { print $2 }' "$WORK/wrk.txt")
errors=$(grep -E 'Socket errors|Non-2xx' "$WORK/wrk.txt" | tr -s ' ' | paste -sd';' || true)
echo "requests: $CONNECTIONS connections ${SECONDS_OF_LOAD}s, $rps req/s, p99 $p99 (all answers, wrk), admitted (200) p99 ${admitted_p99:-?} (server histogram), errors: ${errors:-none}"
grep '^statuses:' "$WORK/wrk.txt" || true
echo "load average at the end of the load: $LOAD"
