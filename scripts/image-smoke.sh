#!/usr/bin/env bash
# Builds the JVM container image offline and runs it the way a cluster would: the
# base image is made here from Debian packages (no image registry is needed), the
# Dockerfile is src/main/docker/Dockerfile.jvm, and the container starts with a
# read-only root filesystem against the local PostgreSQL, configured only by env and
# the JWT key pair mounted as files. Checks /q/health/ready and a register, login,
# create-post round trip, then reports the image size, the time to ready and the RSS the JVM
# settles at, idle and after 20 s of wrk on GET /posts/{id}, with the load average.
#
#   scripts/image-smoke.sh          build the jar if missing or stale, the images, run, check, stop
#   IMAGE_SMOKE_PORT=8183           port the container listens on (host network); health on jar_management_port
#   IMAGE_SMOKE_REBUILD_BASE=1      make the Debian base image again
#   IMAGE_SMOKE_MEMORY, IMAGE_SMOKE_CPUS   the container's limits (by default the chart's: 512m, 2)
#   IMAGE_SMOKE_LOAD_SECONDS=20     how long wrk loads GET /posts/{id} (0 skips it)
#   IMAGE_SMOKE_AOT_MODE=off        start without the image's AOT cache, to measure what it is worth
# Needs root (debootstrap, podman); installs debootstrap, podman, buildah, runc and wrk when absent.
# Ends with "N passed, N failed" and exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

PORT=${IMAGE_SMOKE_PORT:-8183}
BASE="http://127.0.0.1:$PORT"
DB=postwire_image_smoke
WORK=$(mktemp -d)
CONTAINER=postwire-image-smoke-$$

stop() {
  "${PODMAN[@]}" rm -f "$CONTAINER" > /dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap stop EXIT

require_command wrk wrk
image_build "$WORK"
POSTWIRE_DATABASES=$DB POSTWIRE_RECREATE=1 scripts/local-postgres.sh
"${PODMAN[@]}" images --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep -E "postwire" | sed 's/^/size: /'
"${PODMAN[@]}" "${PODMAN_RUN[@]}" --rm --entrypoint sh "$IMAGE" -c 'java -version 2>&1 | sed -n 2p; ls -l app.aot' \
  | sed 's/^/image: /'

# Throwaway keys, mounted read-only where the chart mounts its Secret.
image_make_keys "$WORK/jwt"

# The chart's limits; AOTMode=on makes the JVM refuse to start unless the image's AOT cache fits
# its JVM (without it, an unusable cache is only a warning and a slower start).
read -r CHART_MEMORY CHART_CPUS < <(chart_limits)
MEMORY=${IMAGE_SMOKE_MEMORY:-$CHART_MEMORY}
CPUS=${IMAGE_SMOKE_CPUS:-$CHART_CPUS}
started=$(date +%s%N)
image_run "$CONTAINER" "$WORK/jwt" "$DB" "$PORT" "$MEMORY" "$CPUS" "-XX:AOTMode=${IMAGE_SMOKE_AOT_MODE:-on}"
image_wait_ready "$CONTAINER" "$PORT" "$WORK/ready" || exit 1
READY_MS=$(( ($(date +%s%N) - started) / 1000000 ))
JAVA_PID=$(image_java_pid "$CONTAINER")
# The CPU the JVM used until then: less stretched than the wall time on a busy machine.
echo "container ready after $READY_MS ms, $(cpu_ms "$JAVA_PID") ms of the JVM's CPU (podman run to /q/health/ready UP;" \
  "limits $MEMORY, $CPUS CPU; load average $(cut -d' ' -f1-3 /proc/loadavg))"
"${PODMAN[@]}" logs "$CONTAINER" 2>&1 | grep -Eo 'started in [0-9.]+s.*Listening on: [^ ]+' | sed 's/^/quarkus: /'

passed=0
failed=0
check() { # check NAME CONDITION-COMMAND...
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "PASS $name"; else failed=$((failed + 1)); echo "FAIL $name"; fi
}
EMAIL="image-$RANDOM@example.com"
PASSWORD="image-smoke-password"
status() { curl -s -o "$WORK/body" -w '%{http_code}' "$@"; }

check "ready is UP with the database" grep -q '"status": *"UP"' "$WORK/ready"
check "root filesystem is read-only" [ "$("${PODMAN[@]}" inspect -f '{{.HostConfig.ReadonlyRootfs}}' "$CONTAINER")" = true ]
check "runs as non-root" [ "$("${PODMAN[@]}" exec "$CONTAINER" id -u)" != 0 ]
check "register" [ "$(status -H 'Content-Type: application/json' \
  -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}" "$BASE/users")" = 201 ]
check "login" [ "$(status -d "username=$EMAIL" --data-urlencode "password=$PASSWORD" "$BASE/login")" = 200 ]
TOKEN=$(sed -E 's/.*"access_token":"([^"]+)".*/\1/' "$WORK/body")
check "create a post" [ "$(status -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"title":"From the container","content":"image smoke"}' "$BASE/posts")" = 201 ]
check "the post is owned by the new user" grep -q "\"email\":\"$EMAIL\"" "$WORK/body"
check "java is the container's PID 1 with the image's options and AOT cache" \
  grep -qa -- '-XX:AOTCache=app.aot.*-XX:+UseSerialGC.*-Xmx' "/proc/$JAVA_PID/cmdline"
rss() { echo "$(rss_of "$JAVA_PID" "$1") MiB"; }
sleep 10
echo "RSS idle: $(rss VmRSS) (10 s after the checks; load average $(cut -d' ' -f1-3 /proc/loadavg))"
SECONDS_OF_LOAD=${IMAGE_SMOKE_LOAD_SECONDS:-20}
if [ "$SECONDS_OF_LOAD" -gt 0 ]; then
  POST_ID=$(sed -E 's/^\{"id":([0-9]+).*/\1/' "$WORK/body")
  wrk -t2 -c32 -d"${SECONDS_OF_LOAD}s" -H "Authorization: Bearer $TOKEN" "$BASE/posts/$POST_ID" > "$WORK/wrk" 2>&1
  echo "wrk 2x32 ${SECONDS_OF_LOAD} s on GET /posts/{id}: $(grep -Eo 'Requests/sec: *[0-9.]+' "$WORK/wrk");" \
    "load average $(cut -d' ' -f1-3 /proc/loadavg)"
  check "GET /posts/{id} under load answered only 200" bash -c "! grep -q 'Non-2xx' $WORK/wrk"
  sleep 5
  echo "RSS after load: $(rss VmRSS), peak $(rss VmHWM) (5 s after wrk), $(awk '$1 == "Threads:" { print $2 }' \
    "/proc/$JAVA_PID/status") threads"
fi
check "no stack trace in the log" bash -c "! ${PODMAN[*]} logs $CONTAINER 2>&1 | grep -q 'Exception'"

echo "image-smoke: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
