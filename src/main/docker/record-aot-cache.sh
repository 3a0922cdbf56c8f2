#!/bin/sh
# Dockerfile.jvm's training stage, in /deployments: a throwaway PostgreSQL and key pair, the app
# recording its AOT cache (-XX:AOTCacheOutput) under aot-training.sh, then app.aot as the JVM
# exits. Ports off the usual ones: a build without its own network shares the host's.
# Recording holds every class in metaspace and the training data on the heap, so the run gets
# more of both than JAVA_OPTS gives (the cache does not depend on either size).
set -eu
DB_PORT=54329
APP_PORT=18089
MANAGEMENT_PORT=18099
PG_VERSION=$(ls /usr/lib/postgresql | sort -n | tail -1)
pg_conftool "$PG_VERSION" main set port "$DB_PORT"
pg_conftool "$PG_VERSION" main set listen_addresses localhost
pg_ctlcluster "$PG_VERSION" main start
su postgres -c "psql -q -p $DB_PORT -c \"create user postwire password 'postwire'\" -c 'create database postwire owner postwire'"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out /training/private.pem 2>/dev/null
openssl pkey -in /training/private.pem -pubout -out /training/public.pem

# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=$APP_PORT \
  QUARKUS_MANAGEMENT_HOST=127.0.0.1 QUARKUS_MANAGEMENT_PORT=$MANAGEMENT_PORT \
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$DB_PORT/postwire" \
  QUARKUS_DATASOURCE_USERNAME=postwire QUARKUS_DATASOURCE_PASSWORD=postwire \
  MP_JWT_VERIFY_PUBLICKEY_LOCATION=/training/public.pem SMALLRYE_JWT_SIGN_KEY_LOCATION=/training/private.pem \
  java -XX:AOTCacheOutput=app.aot $JAVA_OPTS -Xmx512m -XX:MaxMetaspaceSize=256m -jar quarkus-run.jar &
APP=$!
tries=0
until curl -fs -o /dev/null "http://127.0.0.1:$MANAGEMENT_PORT/q/health/ready"; do
  tries=$((tries + 1))
  [ "$tries" -lt 600 ] && kill -0 "$APP" || { echo "the training run did not become ready" >&2; exit 1; }
  sleep 0.2
done
sh /training/aot-training.sh "http://127.0.0.1:$APP_PORT" "http://127.0.0.1:$MANAGEMENT_PORT"
kill "$APP"
wait "$APP" || true # SIGTERM's exit status; the cache is written before it
pg_ctlcluster "$PG_VERSION" main stop
rm -f app.aot.config
test -s app.aot
