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

# start_packaged_jar PORT DATABASE WORKDIR: runs the built jar (built first when missing)
# the way a deployment does: prod profile, nothing but PATH and the documented variables
# in its environment, throwaway RSA keys made here, a fresh empty DATABASE. Its log is
# WORKDIR/app.log; it listens on loopback only. Sets APP_PID and returns once ready.
start_packaged_jar() {
  local port=$1 database=$2 work=$3
  [ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q -ntp package -DskipTests
  POSTWIRE_DATABASES=$database POSTWIRE_RECREATE=1 scripts/local-postgres.sh

  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/private.pem" 2>/dev/null
  openssl pkey -in "$work/private.pem" -pubout -out "$work/public.pem"

  env -i PATH="$PATH" \
    QUARKUS_HTTP_HOST=127.0.0.1 \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$database" \
    QUARKUS_DATASOURCE_USERNAME=postwire \
    QUARKUS_DATASOURCE_PASSWORD=postwire \
    QUARKUS_HTTP_PORT="$port" \
    MP_JWT_VERIFY_PUBLICKEY_LOCATION="$work/public.pem" \
    SMALLRYE_JWT_SIGN_KEY_LOCATION="$work/private.pem" \
    java -jar target/quarkus-app/quarkus-run.jar > "$work/app.log" 2>&1 &
  APP_PID=$!

  local started deadline
  started=$(date +%s%N)
  deadline=$(( $(date +%s) + 120 ))
  until curl -fs "http://127.0.0.1:$port/q/health/ready" > /dev/null; do
    if ! kill -0 "$APP_PID" 2>/dev/null || [ "$(date +%s)" -gt "$deadline" ]; then
      cat "$work/app.log" >&2
      echo "the service did not become ready on port $port" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "ready after $(( ($(date +%s%N) - started) / 1000000 )) ms"
}

# stop_process PID: ends a process this script started, and waits for it.
stop_process() {
  if [ -n "${1:-}" ]; then
    kill "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
  fi
}
