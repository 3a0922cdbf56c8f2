# Helpers that the scripts source (. scripts/lib.sh); run from the repository root.
# shellcheck shell=bash

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# require_command COMMAND PACKAGE: installs Debian's PACKAGE when COMMAND is missing,
# and keeps the package from starting a service of its own (prometheus would take 9090).
require_command() {
  local command=$1 package=$2
  command -v "$command" >/dev/null 2>&1 && return 0
  echo "installing Debian's $package" >&2
  (
    guard=/usr/sbin/policy-rc.d
    if [ ! -e "$guard" ]; then
      trap 'as_root rm -f "$guard"' EXIT
      printf '#!/bin/sh\nexit 101\n' | as_root tee "$guard" >/dev/null
      as_root chmod +x "$guard"
    fi
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$package" >/dev/null
  )
}

# jdk_major HOME: the feature version of the JDK at HOME (25 for 25.0.3).
jdk_major() { sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release"; }

# image_java_opts: the JVM options the image runs, read from their one definition in
# src/main/docker/Dockerfile.jvm, so that a benchmark measures what a deployment runs.
image_java_opts() { sed -n 's/^ARG MEASURED_JAVA_OPTS="\(.*\)"$/\1/p' src/main/docker/Dockerfile.jvm; }

# newest_jdk_home: the home of the newest JDK 25 or later under /usr/lib/jvm (the runtime the
# image carries and the benchmarks recommend); prints nothing when there is none.
newest_jdk_home() {
  local newest=24 found= home major
  for home in /usr/lib/jvm/*/; do
    major=$(jdk_major "$home" 2>/dev/null || true)
    if [ "${major:-0}" -gt "$newest" ]; then
      newest=$major found=${home%/}
    fi
  done
  echo "$found"
}

# --- The packaged jar, run the way a deployment runs it (scripts/smoke-jar.sh,
# deploy/monitoring/scrape-check.sh, bench/run.sh) ---------------------------------

JAR=target/quarkus-app/quarkus-run.jar
JAR_PID=
# Optional, for jar_start: another datasource URL than the local PostgreSQL's (a pooler's),
# and more documented variables as NAME=value words.
JAR_JDBC_URL=
JAR_ENV=()

# Builds the jar when it is missing or older than any source.
jar_build_if_needed() {
  if [ ! -f "$JAR" ] || [ -n "$(find src pom.xml -newer "$JAR" -print -quit)" ]; then
    ./mvnw -B -q -ntp package -DskipTests
  fi
}

# The same for Quarkus' aot-jar packaging (the JDK's own class path in the manifest), which an
# AOT cache and Dockerfile.jvm need: also rebuilds a jar of another packaging.
jar_build_aot_if_needed() {
  if [ ! -f "$JAR" ] || [ -n "$(find src pom.xml -newer "$JAR" -print -quit)" ] \
    || ! unzip -p "$JAR" META-INF/MANIFEST.MF | grep -q '^Class-Path:'; then
    ./mvnw -B -q -ntp package -DskipTests -Dquarkus.package.jar.aot.enabled=true
  fi
}

# jar_make_keys DIR: a throwaway key pair, DIR/private.pem (PKCS#8) and DIR/public.pem.
jar_make_keys() {
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1/private.pem" 2>/dev/null
  openssl pkey -in "$1/private.pem" -pubout -out "$1/public.pem"
}

# jar_management_port PORT: the port of the management interface (health, metrics) of the jar
# whose API listens on PORT; every script derives it here (the tests' RunningJar.managementPort
# is the same rule). Scripts that start several jars leave 10 ports above each free.
jar_management_port() { echo $(($1 + 10)); }

# jar_health_url PORT: where the jar started on PORT answers its health checks.
jar_health_url() { echo "http://127.0.0.1:$(jar_management_port "$1")/q/health"; }

# jar_metrics_url PORT: where the jar started on PORT serves its metrics.
jar_metrics_url() { echo "http://127.0.0.1:$(jar_management_port "$1")/q/metrics"; }

# jar_backend_reads PORT: the GETs of /posts/{id} the jar started on PORT has answered, by its own metrics.
jar_backend_reads() {
  curl -s "$(jar_metrics_url "$1")" \
    | awk '/^http_server_requests_seconds_count\{/ && /method="GET"/ && /uri="\/posts\/\{id\}"/ {n += $2} END {print n + 0}'
}

# jar_start DIR DB PORT [JVM option...]: starts the jar in the background with the keys
# of DIR (an absolute path), logging to DIR/app.log; sets JAR_PID (the java process itself).
# It runs in the jar's own directory, as an image does: an AppCDS archive
# (-XX:SharedArchiveFile=app-cds.jsa) only matches the class path it was made with.
# Nothing but PATH and the documented variables reaches the service; it listens on loopback,
# its API on PORT and its management interface on jar_management_port PORT.
jar_start() {
  local dir=$1 db=$2 port=$3
  shift 3
  cd "$(dirname "$JAR")" && exec env -i PATH="$PATH" \
    ${MALLOC_ARENA_MAX:+MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX} \
    QUARKUS_HTTP_HOST=127.0.0.1 \
    QUARKUS_MANAGEMENT_HOST=127.0.0.1 \
    QUARKUS_MANAGEMENT_PORT="$(jar_management_port "$port")" \
    QUARKUS_DATASOURCE_JDBC_URL="${JAR_JDBC_URL:-jdbc:postgresql://127.0.0.1:5432/$db}" \
    QUARKUS_DATASOURCE_USERNAME=postwire \
    QUARKUS_DATASOURCE_PASSWORD=postwire \
    QUARKUS_HTTP_PORT="$port" \
    MP_JWT_VERIFY_PUBLICKEY_LOCATION="$dir/public.pem" \
    SMALLRYE_JWT_SIGN_KEY_LOCATION="$dir/private.pem" \
    "${JAR_ENV[@]}" \
    java "$@" -jar "$(basename "$JAR")" > "$dir/app.log" 2>&1 &
  JAR_PID=$!
}

# jar_wait_ready DIR PORT: polls readiness until UP; prints the milliseconds it took
# since the call (call it right after jar_start). Fails with the log if the jar died
# or was not ready within 3 minutes.
jar_wait_ready() {
  local started deadline
  started=$(date +%s%N)
  deadline=$(( $(date +%s) + 180 ))
  until curl -fs "$(jar_health_url "$2")/ready" > /dev/null; do
    if ! kill -0 "$JAR_PID" 2>/dev/null || [ "$(date +%s)" -gt "$deadline" ]; then
      cat "$1/app.log" >&2
      echo "the service did not become ready on port $2" >&2
      return 1
    fi
    sleep 0.02
  done
  echo $(( ($(date +%s%N) - started) / 1000000 ))
}

# jar_record_aot_cache DIR DB PORT [JVM option...]: records the jar's JDK AOT cache (JDK 25+),
# target/quarkus-app/app.aot, from a run of src/main/docker/aot-training.sh on a fresh DB, the
# workload Dockerfile.jvm trains the image's cache with. Recording holds every class in metaspace
# and the training data on the heap, so the run gets more of both than the options give.
jar_record_aot_cache() {
  local dir=$1 db=$2 port=$3
  shift 3
  rm -f "$(dirname "$JAR")/app.aot"
  POSTWIRE_DATABASES=$db POSTWIRE_RECREATE=1 scripts/local-postgres.sh
  jar_start "$dir" "$db" "$port" -XX:AOTCacheOutput=app.aot "$@" -Xmx512m -XX:MaxMetaspaceSize=256m
  jar_wait_ready "$dir" "$port" > /dev/null
  sh src/main/docker/aot-training.sh "http://127.0.0.1:$port" "http://127.0.0.1:$(jar_management_port "$port")" \
    || { jar_stop; return 1; }
  jar_stop # the JVM writes the cache as it exits
  [ -s "$(dirname "$JAR")/app.aot" ] || { tail -20 "$dir/app.log" >&2; return 1; }
}

jar_stop() {
  stop_process "$JAR_PID"
  JAR_PID=
}

# start_packaged_jar PORT DATABASE DIR [JVM option...]: the built jar (built first when
# missing or older than the sources) on a fresh, empty DATABASE with a throwaway key pair
# in DIR, as jar_start runs it; returns once it is ready, printing how long that took.
start_packaged_jar() {
  local port=$1 database=$2 dir=$3
  shift 3
  jar_build_if_needed
  POSTWIRE_DATABASES=$database POSTWIRE_RECREATE=1 scripts/local-postgres.sh
  jar_make_keys "$dir"
  jar_start "$dir" "$database" "$port" "$@"
  echo "ready after $(jar_wait_ready "$dir" "$port") ms"
}

# varnish_start DIR PORT CLI_PORT BACKEND_PORT: Debian's Varnish with deploy/varnish/postwire.vcl pointed
# at the jar on BACKEND_PORT, its state in DIR/varnish, its log in DIR/varnish.log; sets VARNISH_PID and
# returns once it answers (scripts/cache-proof.sh, bench/cache.sh).
VARNISH_PID=
varnish_start() {
  local dir=$1 port=$2 cli_port=$3 backend_port=$4
  sed "s/\.port = \"8080\"/.port = \"$backend_port\"/" deploy/varnish/postwire.vcl > "$dir/postwire.vcl"
  varnishd -F -n "$dir/varnish" -a "127.0.0.1:$port" -T "127.0.0.1:$cli_port" \
    -f "$dir/postwire.vcl" -s malloc,64m > "$dir/varnish.log" 2>&1 &
  VARNISH_PID=$!
  for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done
}

# varnish_stat DIR COUNTER: one counter of the Varnish started in DIR, e.g. varnish_stat "$WORK" cache_hit.
varnish_stat() { varnishstat -n "$1/varnish" -1 -f "MAIN.$2" | awk '{print $2}'; }

# stop_process PID: ends a process this script started, and waits for it.
stop_process() {
  if [ -n "${1:-}" ]; then
    kill "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
  fi
}

# --- PgBouncer (Debian's), in transaction mode as CloudNativePG's Pooler runs it
# (scripts/scale-out.sh, scripts/failover-rehearsal.sh) ------------------------------------

PGBOUNCER_PID=

# pgbouncer_start DIR PORT DB SERVER_PORT POOL_SIZE: PgBouncer on 127.0.0.1:PORT in front of the
# database DB of the PostgreSQL on SERVER_PORT, with POOL_SIZE server connections; its configuration,
# log and pid file in DIR (written on the first start, kept for a restart). Returns once it answers;
# PGBOUNCER_PID is the pgbouncer process itself (a daemon, not a child of the script).
pgbouncer_start() {
  local dir=$1 port=$2 db=$3 server_port=$4 pool=$5
  if [ ! -f "$dir/pgbouncer.ini" ]; then
    mkdir -p "$dir"
    cat > "$dir/pgbouncer.ini" <<INI
[databases]
$db = host=127.0.0.1 port=$server_port dbname=$db
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
auth_type = trust
auth_file = $dir/userlist.txt
admin_users = postwire
pool_mode = transaction
default_pool_size = $pool
reserve_pool_size = 0
max_db_connections = $pool
max_client_conn = 100
; pgjdbc sends extra_float_digits at start-up; CloudNativePG's Pooler ignores the same two.
ignore_startup_parameters = extra_float_digits,options
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
INI
    echo '"postwire" ""' > "$dir/userlist.txt"
    chown -R postgres "$dir"
  fi
  # PgBouncer refuses to run as root.
  runuser -u postgres -- pgbouncer -d "$dir/pgbouncer.ini"
  for _ in $(seq 50); do pgbouncer_admin "$port" 'SHOW VERSION' > /dev/null 2>&1 && break; sleep 0.1; done
  pgbouncer_admin "$port" 'SHOW VERSION' > /dev/null
  PGBOUNCER_PID=$(cat "$dir/pgbouncer.pid")
}

# pgbouncer_admin PORT COMMAND: a command on PgBouncer's admin console, "|"-separated rows.
pgbouncer_admin() { psql -X -q -A -F'|' -h 127.0.0.1 -p "$1" -U postwire -d pgbouncer -c "$2"; }

# pgbouncer_stop: SIGTERM, as a pod's container gets (PgBouncer 1.18: immediate shutdown, its
# client connections closed); waits until it is gone. A stopped (SIGSTOP) PgBouncer is resumed first.
pgbouncer_stop() {
  [ -n "$PGBOUNCER_PID" ] || return 0
  kill -CONT "$PGBOUNCER_PID" 2>/dev/null || true
  kill "$PGBOUNCER_PID" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$PGBOUNCER_PID" 2>/dev/null || break; sleep 0.05; done
  PGBOUNCER_PID=
}

# --- The JVM image, built offline and run as a cluster would run it (scripts/image-smoke.sh,
# bench/warm-up.sh) -----------------------------------------------------------------------------

# Debian 13 (trixie) packages OpenJDK 25; this machine's Debian 12 has 17 only.
IMAGE_BASE=localhost/postwire-base-jre25:trixie
IMAGE=localhost/postwire/postwire:$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)
# Both tools share one storage; vfs and chroot isolation work without kernel overlay or namespaces' extras.
PODMAN=(podman --storage-driver vfs)
# What every container run here needs on this host (runc, cgroupfs, limits podman may not raise).
PODMAN_RUN=(run --runtime runc --cgroup-manager cgroupfs --ulimit nofile=20000:20000 --ulimit nproc=32768:32768)

# chart_limits: the chart's default memory and CPU limits, "512m 2" (podman's units), read from
# their definition in application.properties, so that a container here runs as the chart's would.
chart_limits() {
  local properties=src/main/resources/application.properties memory cpu
  memory=$(sed -n 's/^quarkus.kubernetes.resources.limits.memory=\([0-9]*\)Mi$/\1m/p' "$properties")
  cpu=$(sed -n 's/^quarkus.kubernetes.resources.limits.cpu=\([0-9]*\)m$/\1/p' "$properties")
  echo "$memory $(awk -v m="$cpu" 'BEGIN { print m / 1000 }')"
}

# image_build WORK: the base image from Debian packages (when missing or IMAGE_SMOKE_REBUILD_BASE
# is set), the aot-jar when stale, then IMAGE from src/main/docker/Dockerfile.jvm, training stage
# included; WORK is a scratch directory. Needs root; installs the tools when absent.
image_build() {
  local work=$1 started
  for tool in debootstrap podman buildah runc unzip; do require_command "$tool" "$tool"; done
  jar_build_aot_if_needed
  if [ -n "${IMAGE_SMOKE_REBUILD_BASE:-}" ] || ! "${PODMAN[@]}" image exists "$IMAGE_BASE"; then
    started=$(date +%s)
    debootstrap --variant=minbase --include=openjdk-25-jre-headless trixie "$work/rootfs" \
      > "$work/debootstrap.log" 2>&1 || { tail -20 "$work/debootstrap.log"; return 1; }
    rm -rf "$work/rootfs/var/cache/apt/archives"/*.deb "$work/rootfs/var/lib/apt/lists"/* \
      "$work/rootfs/usr/share/"{doc,man,info,locale}
    tar -C "$work/rootfs" -c . | "${PODMAN[@]}" import - "$IMAGE_BASE" > /dev/null 2>&1
    rm -rf "$work/rootfs"
    echo "base image $IMAGE_BASE made from Debian packages in $(( $(date +%s) - started )) s"
  fi
  started=$(date +%s)
  buildah --storage-driver vfs bud --isolation chroot --quiet --build-arg "BASE_IMAGE=$IMAGE_BASE" \
    -f src/main/docker/Dockerfile.jvm -t "$IMAGE" . > /dev/null
  echo "image $IMAGE built in $(( $(date +%s) - started )) s (load average $(cut -d' ' -f1-3 /proc/loadavg))"
}

# image_build_if_needed WORK: image_build unless IMAGE is newer than the jar and the Dockerfile's
# directory (a measurement of the same image needs no new training run).
image_build_if_needed() {
  local created
  created=$("${PODMAN[@]}" image inspect -f '{{.Created.Unix}}' "$IMAGE" 2>/dev/null || echo 0)
  if [ -f "$JAR" ] && [ -z "$(find src pom.xml -newer "$JAR" -print -quit)" ] \
      && [ -z "$(find "$JAR" src/main/docker -newermt "@$created" -print -quit)" ]; then
    return 0
  fi
  image_build "$1"
}

# image_make_keys DIR: a throwaway key pair named as the chart's Secret names its files, readable
# by the container's user, for mounting read-only at /etc/postwire/jwt.
image_make_keys() {
  mkdir -p -m 755 "$1"
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1/private-key.pem" 2>/dev/null
  openssl pkey -in "$1/private-key.pem" -pubout -out "$1/public-key.pem"
  chmod 644 "$1"/*.pem
}

# image_run NAME KEYS_DIR DB PORT MEMORY CPUS JAVA_OPTS_APPEND [podman run option...]: IMAGE in the
# background as container NAME on the host's network, with the limits, a read-only root, the keys
# mounted where the chart mounts its Secret, against the local PostgreSQL's DB, listening on PORT.
image_run() {
  local name=$1 keys=$2 db=$3 port=$4 memory=$5 cpus=$6 append=$7
  shift 7
  "${PODMAN[@]}" "${PODMAN_RUN[@]}" -d --name "$name" --network host \
    --memory "$memory" --memory-swap "$memory" --cpus "$cpus" \
    --read-only -v "$keys:/etc/postwire/jwt:ro" \
    -e JAVA_OPTS_APPEND="$append" \
    -e QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$db" \
    -e QUARKUS_DATASOURCE_USERNAME=postwire \
    -e QUARKUS_DATASOURCE_PASSWORD=postwire \
    -e QUARKUS_HTTP_PORT="$port" \
    -e QUARKUS_MANAGEMENT_PORT="$(jar_management_port "$port")" \
    -e MP_JWT_VERIFY_PUBLICKEY_LOCATION=/etc/postwire/jwt/public-key.pem \
    -e SMALLRYE_JWT_SIGN_KEY_LOCATION=/etc/postwire/jwt/private-key.pem \
    "$@" "$IMAGE" > /dev/null
}

# image_wait_ready NAME PORT OUT: polls the container's readiness until UP, its answer in OUT;
# fails with the container's log when the container stopped.
image_wait_ready() {
  until curl -fs "$(jar_health_url "$2")/ready" > "$3"; do
    if [ "$("${PODMAN[@]}" inspect -f '{{.State.Running}}' "$1" 2>/dev/null)" != true ]; then
      "${PODMAN[@]}" logs "$1"; echo "the container $1 did not start" >&2; return 1
    fi
    sleep 0.05
  done
}

# image_java_pid NAME: the host's id of the container's java (its PID 1).
image_java_pid() { "${PODMAN[@]}" inspect -f '{{.State.Pid}}' "$1"; }

# cpu_ms PID: the CPU the process has used (user and system), in milliseconds.
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{ print int(($14 + $15) * 1000 / hz) }' "/proc/$1/stat"; }

# thread_cpu_ms PID: the CPU the process's threads have used, in milliseconds, summed by name
# without its number ("C2 CompilerThread0" and "1" count as "C2 CompilerThread"), one "MS NAME" a line.
thread_cpu_ms() {
  local task
  for task in /proc/"$1"/task/*; do
    # comm may hold spaces; the figures follow the last ")" of stat
    printf '%s\t%s\n' "$(sed -E 's/[-#]?[0-9]+$//' "$task/comm")" "$(sed 's/.*) //' "$task/stat")" 2>/dev/null || true
  done | awk -F'\t' -v hz="$(getconf CLK_TCK)" '{ split($2, f, " "); ms[$1] += (f[12] + f[13]) * 1000 / hz }
    END { for (name in ms) if (ms[name] > 0) printf "%d %s\n", ms[name], name }' | sort -rn
}

# process_age_ms PID: how long ago the process started, in milliseconds (clock ticks' resolution).
process_age_ms() {
  awk -v hz="$(getconf CLK_TCK)" 'NR == 1 { up = $1 } NR == 2 { print int((up - $22 / hz) * 1000) }' /proc/uptime "/proc/$1/stat"
}

# rss_of PID FIELD: a memory figure of /proc/PID/status (VmRSS, VmHWM, RssAnon) in MiB.
rss_of() { awk -v f="$2" '$1 == f":" { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
