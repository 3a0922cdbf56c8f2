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
#   IMAGE_SMOKE_MEMORY=512m IMAGE_SMOKE_CPUS=1   the container's limits (the chart's, by default)
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
VERSION=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)
# Debian 13 (trixie) packages OpenJDK 25; this machine's Debian 12 has 17 only.
BASE_IMAGE=localhost/postwire-base-jre25:trixie
IMAGE=localhost/postwire/postwire:$VERSION
# Both tools share one storage; vfs and chroot isolation work without kernel overlay or namespaces' extras.
PODMAN=(podman --storage-driver vfs)
# What every container run here needs on this host (runc, cgroupfs, limits podman may not raise).
RUN=(run --runtime runc --cgroup-manager cgroupfs --ulimit nofile=20000:20000 --ulimit nproc=32768:32768)
BUILDAH=(buildah --storage-driver vfs)
WORK=$(mktemp -d)
CONTAINER=postwire-image-smoke-$$

stop() {
  "${PODMAN[@]}" rm -f "$CONTAINER" > /dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap stop EXIT

for tool in debootstrap podman buildah runc wrk unzip; do require_command "$tool" "$tool"; done

# The image wants Quarkus' aot-jar packaging (Dockerfile.jvm).
jar_build_aot_if_needed
POSTWIRE_DATABASES=$DB POSTWIRE_RECREATE=1 scripts/local-postgres.sh

if [ -n "${IMAGE_SMOKE_REBUILD_BASE:-}" ] || ! "${PODMAN[@]}" image exists "$BASE_IMAGE"; then
  started=$(date +%s)
  debootstrap --variant=minbase --include=openjdk-25-jre-headless trixie "$WORK/rootfs" \
    > "$WORK/debootstrap.log" 2>&1 || { tail -20 "$WORK/debootstrap.log"; exit 1; }
  rm -rf "$WORK/rootfs/var/cache/apt/archives"/*.deb "$WORK/rootfs/var/lib/apt/lists"/* \
    "$WORK/rootfs/usr/share/"{doc,man,info,locale}
  tar -C "$WORK/rootfs" -c . | "${PODMAN[@]}" import - "$BASE_IMAGE" > /dev/null 2>&1
  rm -rf "$WORK/rootfs"
  echo "base image $BASE_IMAGE made from Debian packages in $(( $(date +%s) - started )) s"
fi

started=$(date +%s)
"${BUILDAH[@]}" bud --isolation chroot --quiet --build-arg "BASE_IMAGE=$BASE_IMAGE" \
  -f src/main/docker/Dockerfile.jvm -t "$IMAGE" . > /dev/null
echo "image $IMAGE built in $(( $(date +%s) - started )) s (load average $(cut -d' ' -f1-3 /proc/loadavg))"
"${PODMAN[@]}" images --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep -E "postwire" | sed 's/^/size: /'
"${PODMAN[@]}" "${RUN[@]}" --rm --entrypoint sh "$IMAGE" -c 'java -version 2>&1 | sed -n 2p; ls -l app.aot' \
  | sed 's/^/image: /'

# Throwaway keys, mounted read-only where the chart mounts its Secret.
mkdir -m 755 "$WORK/jwt"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/jwt/private-key.pem" 2>/dev/null
openssl pkey -in "$WORK/jwt/private-key.pem" -pubout -out "$WORK/jwt/public-key.pem"
chmod 644 "$WORK/jwt"/*.pem

# The chart's limits; AOTMode=on makes the JVM refuse to start unless the image's AOT cache fits
# its JVM (without it, an unusable cache is only a warning and a slower start).
MEMORY=${IMAGE_SMOKE_MEMORY:-512m}
CPUS=${IMAGE_SMOKE_CPUS:-1}
started=$(date +%s%N)
"${PODMAN[@]}" "${RUN[@]}" -d --name "$CONTAINER" --network host \
  --memory "$MEMORY" --memory-swap "$MEMORY" --cpus "$CPUS" \
  --read-only -v "$WORK/jwt:/etc/postwire/jwt:ro" \
  -e JAVA_OPTS_APPEND="-XX:AOTMode=${IMAGE_SMOKE_AOT_MODE:-on}" \
  -e QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$DB" \
  -e QUARKUS_DATASOURCE_USERNAME=postwire \
  -e QUARKUS_DATASOURCE_PASSWORD=postwire \
  -e QUARKUS_HTTP_PORT="$PORT" \
  -e QUARKUS_MANAGEMENT_PORT="$(jar_management_port "$PORT")" \
  -e MP_JWT_VERIFY_PUBLICKEY_LOCATION=/etc/postwire/jwt/public-key.pem \
  -e SMALLRYE_JWT_SIGN_KEY_LOCATION=/etc/postwire/jwt/private-key.pem \
  "$IMAGE" > /dev/null
until curl -fs "$(jar_health_url "$PORT")/ready" > "$WORK/ready"; do
  if [ "$("${PODMAN[@]}" inspect -f '{{.State.Running}}' "$CONTAINER" 2>/dev/null)" != true ]; then
    "${PODMAN[@]}" logs "$CONTAINER"; echo "image-smoke: the container did not start" >&2; exit 1
  fi
  sleep 0.1
done
READY_MS=$(( ($(date +%s%N) - started) / 1000000 ))
JAVA_PID=$("${PODMAN[@]}" inspect -f '{{.State.Pid}}' "$CONTAINER")
# The CPU the JVM used until then: less stretched than the wall time on a busy machine.
CPU_MS=$(awk -v hz="$(getconf CLK_TCK)" '{ print int(($14 + $15) * 1000 / hz) }' "/proc/$JAVA_PID/stat")
echo "container ready after $READY_MS ms, $CPU_MS ms of the JVM's CPU (podman run to /q/health/ready UP;" \
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
rss() { awk -v f="$1" '$1 == f":" { printf "%.1f MiB", $2 / 1024 }' "/proc/$JAVA_PID/status"; }
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
