#!/usr/bin/env bash
# The conversion of a large original FastAPI database (docs/migrating.md, "How long it takes"):
# builds one with SQL, fingerprints its rows, starts the packaged jar on it with the adoption
# setting, and prints the time from start to ready, Flyway's durations per step, and the
# fingerprints afterwards. An empty database's start is timed first, for comparison.
#   POSTWIRE_BENCH_DATABASE (postwire_adopt_bench), POSTWIRE_BENCH_PORT (18220; health on jar_management_port of it)
# Needs the jar (./mvnw package -DskipTests) and the local PostgreSQL (scripts/local-postgres.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib.sh
here=bench/fastapi-adoption
db=${POSTWIRE_BENCH_DATABASE:-postwire_adopt_bench}
port=${POSTWIRE_BENCH_PORT:-18220}
export PGPASSWORD=postwire
psql_db() { psql -X -q -tA -v ON_ERROR_STOP=1 -h localhost -U postwire -d "$db" "$@"; }
seconds_since() { echo "$(date +%s.%N) - $1" | bc; }

POSTWIRE_RECREATE=1 POSTWIRE_DATABASES="$db ${db}_empty" scripts/local-postgres.sh
# passlib's form ($2b$) of one cost-4 hash of "short": the conversion never hashes
hash='$2b$04$5qM5i3rHe91WfLa29yCm1emXV4pOBerqcMqWBehxZYUz7D8WMys3C'
started=$(date +%s.%N)
psql_db -v hash="$hash" -f $here/original-data.sql
echo "generated in $(seconds_since "$started") s, $(psql_db -c "SELECT pg_size_pretty(pg_database_size('$db'))")"
echo "--- the original's rows"
psql_db -f $here/fingerprint-original.sql | tee target/fastapi-adoption-before.txt

start_jar() { # database, then more environment
  local database=$1; shift
  env QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://localhost:5432/$database" \
    QUARKUS_DATASOURCE_USERNAME=postwire QUARKUS_DATASOURCE_PASSWORD=postwire QUARKUS_HTTP_PORT="$port" \
    QUARKUS_MANAGEMENT_PORT="$(jar_management_port "$port")" \
    MP_JWT_VERIFY_PUBLICKEY_LOCATION="file:$PWD/src/main/resources/dev-keys/dev-jwt-public-key.pem" \
    SMALLRYE_JWT_SIGN_KEY_LOCATION="file:$PWD/src/main/resources/dev-keys/dev-jwt-private-key.pem" "$@" \
    java -jar target/quarkus-app/quarkus-run.jar > "target/fastapi-adoption-$database.log" 2>&1 &
  local pid=$! started
  started=$(date +%s.%N)
  until curl -sf -o /dev/null "$(jar_health_url "$port")/ready"; do
    kill -0 $pid 2>/dev/null || { echo "the jar exited:"; tail -5 "target/fastapi-adoption-$database.log"; return 1; }
    sleep 0.1
  done
  echo "$database: start to ready $(seconds_since "$started") s"
  kill $pid && wait $pid || true
}
echo "--- an empty database (V1 onwards only)"
start_jar "${db}_empty"
echo "--- the original's database, converted"
start_jar "$db" POSTWIRE_MIGRATION_ADOPT_FASTAPI_SCHEMA=true
psql_db -c "SELECT version || ' ' || description || ': ' || execution_time || ' ms' FROM flyway_schema_history ORDER BY installed_rank"
psql_db -c "SELECT 'the conversion, one transaction: ' || sum(execution_time) || ' ms' FROM flyway_schema_history"
echo "--- the converted rows"
psql_db -f $here/fingerprint-converted.sql | tee target/fastapi-adoption-after.txt
diff target/fastapi-adoption-before.txt target/fastapi-adoption-after.txt && echo "the same: nothing lost or altered"
psql_db -c "SELECT 'sum of posts.votes ' || sum(votes) || ', vote rows ' || (SELECT count(*) FROM votes)
            || ', next post id ' || nextval(pg_get_serial_sequence('posts', 'id')) FROM posts"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
