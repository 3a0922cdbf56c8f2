# Sourced, not run: starts the built jar the way a deployment does (prod profile,
# configured only by the standard environment variables, throwaway RSA keys) for
# scripts/smoke-jar.sh and bench/run.sh. Call from the repository root.

JAR=target/quarkus-app/quarkus-run.jar
JAR_PID=

# Builds the jar when it is missing or older than any source.
jar_build_if_needed() {
  if [ ! -f "$JAR" ] || [ -n "$(find src pom.xml -newer "$JAR" -print -quit)" ]; then
    ./mvnw -B -q -ntp package -DskipTests
  fi
}

# jar_make_keys DIR: a throwaway key pair, DIR/private.pem (PKCS#8) and DIR/public.pem.
jar_make_keys() {
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1/private.pem" 2>/dev/null
  openssl pkey -in "$1/private.pem" -pubout -out "$1/public.pem"
}

# jar_start DIR DB PORT [JVM option...]: starts the jar in the background with the keys
# of DIR (an absolute path), logging to DIR/app.log; sets JAR_PID (the java process itself).
# It runs in the jar's own directory, as an image does: an AppCDS archive
# (-XX:SharedArchiveFile=app-cds.jsa) only matches the class path it was made with.
# Nothing but PATH and the documented variables reaches the service.
jar_start() {
  local dir=$1 db=$2 port=$3
  shift 3
  cd "$(dirname "$JAR")" && exec env -i PATH="$PATH" \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$db" \
    QUARKUS_DATASOURCE_USERNAME=postwire \
    QUARKUS_DATASOURCE_PASSWORD=postwire \
    QUARKUS_HTTP_PORT="$port" \
    MP_JWT_VERIFY_PUBLICKEY_LOCATION="$dir/public.pem" \
    SMALLRYE_JWT_SIGN_KEY_LOCATION="$dir/private.pem" \
    java "$@" -jar "$(basename "$JAR")" > "$dir/app.log" 2>&1 &
  JAR_PID=$!
}

# jar_wait_ready DIR PORT: polls readiness until UP; prints the milliseconds it took
# since the call (call it right after jar_start). Fails with the log if the jar died.
jar_wait_ready() {
  local started
  started=$(date +%s%N)
  until curl -fs "http://127.0.0.1:$2/q/health/ready" > /dev/null; do
    if ! kill -0 "$JAR_PID" 2>/dev/null; then
      cat "$1/app.log" >&2
      echo "the service did not start" >&2
      return 1
    fi
    sleep 0.02
  done
  echo $(( ($(date +%s%N) - started) / 1000000 ))
}

jar_stop() {
  if [ -n "$JAR_PID" ]; then
    kill "$JAR_PID" 2>/dev/null || true
    wait "$JAR_PID" 2>/dev/null || true
    JAR_PID=
  fi
}
