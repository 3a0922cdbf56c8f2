#!/usr/bin/env bash
# A real scrape: the built jar (prod profile, env-only configuration, fresh database)
# scraped by a real Prometheus server from Debian's package, both on loopback, with
# the scrape the ServiceMonitor asks for (job postwire, the service's metrics port, which is
# the management interface's, path /q/metrics) and postwire-alerts.rules.yml loaded. After some traffic it asks
# Prometheus's HTTP API that up is 1, the business counters hold exactly what the
# traffic did, the uri labels are route templates, every alert rule evaluates without
# error, every dashboard query runs, and the dashboard names only metrics the scrape
# found; and it reads the service's JSON log for the request id and for secrets.
#
#   deploy/monitoring/scrape-check.sh     (also run by ./mvnw verify)
# The ServiceMonitor scrapes every 30s; this check scrapes and evaluates every
# SCRAPE_INTERVAL (5s, which is also the scrape timeout) so that it takes seconds. Ports, from the test port so that
# parallel checkouts differ: SCRAPE_APP_PORT (QUARKUS_HTTP_TEST_PORT + 8, 8089; its management interface
# jar_management_port of it, 8099) and SCRAPE_PROMETHEUS_PORT (+ 9, 8090). Database: <test database>_scrape, made afresh.
# Ends with "N passed, N failed"; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib.sh

require_command prometheus prometheus
require_command jq jq

TEST_PORT=${QUARKUS_HTTP_TEST_PORT:-8081}
APP_PORT=${SCRAPE_APP_PORT:-$((TEST_PORT + 8))}
PROMETHEUS_PORT=${SCRAPE_PROMETHEUS_PORT:-$((TEST_PORT + 9))}
INTERVAL=${SCRAPE_INTERVAL:-5s}
TEST_DATABASE=${POSTWIRE_TEST_JDBC_URL:-jdbc:postgresql://localhost:5432/postwire_test}
TEST_DATABASE=${TEST_DATABASE##*/}
DATABASE=${TEST_DATABASE%%\?*}_scrape
APP="http://127.0.0.1:$APP_PORT"
METRICS=$(jar_metrics_url "$APP_PORT")
PROMETHEUS="http://127.0.0.1:$PROMETHEUS_PORT"
MONITORING=$PWD/deploy/monitoring
WORK=$(mktemp -d)
PROMETHEUS_PID=

stop() {
  stop_process "$PROMETHEUS_PID"
  jar_stop
  rm -rf "$WORK"
}
trap stop EXIT

# The access log is off in prod: on here, so that a request has lines whose request id the log check can find.
start_packaged_jar "$APP_PORT" "$DATABASE" "$WORK" -Dquarkus.http.access-log.enabled=true

cat > "$WORK/prometheus.yml" <<YAML
global:
  scrape_interval: $INTERVAL
  evaluation_interval: $INTERVAL
rule_files:
  - $MONITORING/postwire-alerts.rules.yml
scrape_configs:
  # What the ServiceMonitor makes of the Service postwire: port metrics, path /q/metrics.
  - job_name: postwire
    metrics_path: /q/metrics
    static_configs:
      - targets: ["127.0.0.1:$(jar_management_port "$APP_PORT")"]
YAML
prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/tsdb" \
  --web.listen-address="127.0.0.1:$PROMETHEUS_PORT" --log.level=warn > "$WORK/prometheus.log" 2>&1 &
PROMETHEUS_PID=$!
deadline=$(( $(date +%s) + 60 ))
until curl -fs "$PROMETHEUS/-/ready" > /dev/null; do
  if ! kill -0 "$PROMETHEUS_PID" 2>/dev/null || [ "$(date +%s)" -gt "$deadline" ]; then
    cat "$WORK/prometheus.log" >&2; echo "Prometheus did not start on port $PROMETHEUS_PORT" >&2; exit 1
  fi
  sleep 0.2
done
echo "Prometheus $(prometheus --version 2>&1 | head -1 | cut -d' ' -f3) scraping $METRICS every $INTERVAL"

# --- traffic ------------------------------------------------------------------
REQUEST_ID="scrape-check-$RANDOM"
EMAIL="scrape-$RANDOM@example.com"
PASSWORD="scrape-password-$RANDOM$RANDOM"
JSON=(-H 'Content-Type: application/json')
call() { curl -s -o "$WORK/body" -w '%{http_code}' "$@"; }
call "${JSON[@]}" -H "X-Request-Id: $REQUEST_ID" -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}" "$APP/users" > /dev/null
call "${JSON[@]}" -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}" "$APP/users" > /dev/null
call -d "username=$EMAIL&password=$PASSWORD" "$APP/login" > /dev/null
TOKEN=$(jq -r .access_token "$WORK/body")
call -d "username=$EMAIL&password=wrong-$PASSWORD" "$APP/login" > /dev/null
call -d "username=$EMAIL" "$APP/login" > /dev/null
AUTH=(-H "Authorization: Bearer $TOKEN")
call "${AUTH[@]}" "${JSON[@]}" -d '{"title":"Scraped","content":"by Prometheus"}' "$APP/posts" > /dev/null
POST_ID=$(jq -r .id "$WORK/body")
call "${AUTH[@]}" "$APP/posts/$POST_ID" > /dev/null
call "${AUTH[@]}" "$APP/posts?limit=5" > /dev/null
call -X PUT "${AUTH[@]}" "${JSON[@]}" -d '{"title":"Rescraped","content":"again"}' "$APP/posts/$POST_ID" > /dev/null
call -X DELETE "${AUTH[@]}" "$APP/posts/$POST_ID" > /dev/null
call "${AUTH[@]}" "$APP/posts/$POST_ID" > /dev/null
call -H 'Authorization: Bearer not-a-jwt' "$APP/posts" > /dev/null
call "$APP/no-such-route/12345" > /dev/null

# --- Prometheus's view ----------------------------------------------------------
query() { curl -fs --get "$PROMETHEUS/api/v1/query" --data-urlencode "query=$1"; }
value() { query "$1" | jq -r '.data.result[0].value[1] // "absent"'; }

epoch() { jq '[.[] | sub("\\.[0-9]+"; "") | fromdate]'; } # RFC 3339 timestamps to seconds

# Wait for a second scrape that saw all the traffic (rate() needs two samples), then for
# every rule to have been evaluated after it.
deadline=$(( $(date +%s) + 90 ))
until [ "$(value 'postwire_posts_deleted_total{job="postwire"}')" = "1" ] \
    && [ "$(value 'count_over_time(up{job="postwire"}[1h])')" -ge 2 ] 2>/dev/null; do
  if [ "$(date +%s)" -gt "$deadline" ]; then echo "no second scrape with the traffic within 90 s" >&2; break; fi
  sleep 0.5
done
last_scrape=$(curl -fs "$PROMETHEUS/api/v1/targets" | jq '[.data.activeTargets[].lastScrape]' | epoch | jq max)
until [ "$(curl -fs "$PROMETHEUS/api/v1/rules" | jq '[.data.groups[].rules[].lastEvaluation]' | epoch | jq "min > $last_scrape")" = true ]; do
  if [ "$(date +%s)" -gt "$deadline" ]; then echo "rules not evaluated after the last scrape within 90 s" >&2; break; fi
  sleep 0.5
done

passed=0
failed=0
check() { # check NAME ACTUAL EXPECTED
  if [ "$2" = "$3" ]; then passed=$((passed + 1)); echo "PASS $1: $2"
  else failed=$((failed + 1)); echo "FAIL $1: got $2, expected $3"; fi
}

check 'up{job="postwire"}' "$(value 'up{job="postwire"}')" 1
echo "scrapes: $(value 'count_over_time(up{job="postwire"}[1h])'), successful: $(value 'sum_over_time(up{job="postwire"}[1h])')"
for series in 'postwire_users_registered_total 1' \
    'postwire_logins_total{outcome="success"} 1' \
    'postwire_logins_total{outcome="bad_credentials"} 1' \
    'postwire_logins_total{outcome="invalid_input"} 1' \
    'postwire_logins_total{outcome="error"} 0' \
    'postwire_posts_created_total 1' \
    'postwire_posts_updated_total 1' \
    'postwire_posts_deleted_total 1' \
    'postwire_tokens_rejected_total{reason="malformed"} 1' \
    'postwire_tokens_rejected_total{reason="expired"} 0'; do
  read -r selector expected <<< "$series"
  check "$selector" "$(value "sum($selector)")" "$expected"
done
for gauge in postwire_posts_stored agroal_active_count agroal_available_count jvm_memory_used_bytes; do
  check "$gauge present" "$(query "$gauge{job=\"postwire\"}" | jq '.data.result | length > 0')" true
done

uris=$(query 'count by (uri) (http_server_requests_seconds_count{job="postwire"})' | jq -r '[.data.result[].metric.uri] | sort | join(" ")')
echo "uri labels: $uris"
check "uri labels without raw ids" "$(tr ' ' '\n' <<< "$uris" | grep -cE '/[0-9]+(/|$)' || true)" 0

curl -fs "$PROMETHEUS/api/v1/rules" > "$WORK/rules.json"
while IFS=$'\t' read -r name health state error; do
  check "alert $name evaluates ($state)" "$health${error:+: $error}" ok
done < <(jq -r '.data.groups[].rules[] | [.name, .health, .state, (.lastError // "")] | @tsv' "$WORK/rules.json")
check "PostwireNoReadyPods while the pod is up" \
  "$(jq -r '.data.groups[].rules[] | select(.name == "PostwireNoReadyPods") | .state' "$WORK/rules.json")" inactive

# Dashboard queries, with Grafana's variables as Grafana would fill them.
jq -r '.panels[] | select(.type != "row") | .title as $panel | .targets[] | [$panel, .expr] | @tsv' \
    "$MONITORING/postwire-dashboard.json" > "$WORK/dashboard-queries.tsv"
while IFS=$'\t' read -r panel expr; do
  expr=${expr//\$__rate_interval/1m}
  expr=${expr//\$job/postwire}
  response=$(curl -s --get "$PROMETHEUS/api/v1/query" --data-urlencode "query=$expr")
  check "dashboard \"$panel\" query runs ($(jq '.data.result | length' <<< "$response") series)" \
    "$(jq -r '.status + (if .error then ": " + .error else "" end)' <<< "$response")" success
done < "$WORK/dashboard-queries.tsv"

curl -fs "$PROMETHEUS/api/v1/label/__name__/values" | jq -r '.data[]' | sort > "$WORK/scraped-names"
jq -r -f "$MONITORING/dashboard-metrics.jq" "$MONITORING/postwire-dashboard.json" | sort > "$WORK/dashboard-names"
echo "metrics the dashboard reads: $(tr '\n' ' ' < "$WORK/dashboard-names")"
check "dashboard metrics the scrape did not find" "$(comm -23 "$WORK/dashboard-names" "$WORK/scraped-names" | tr '\n' ' ')" ""
echo "postwire metrics scraped: $(grep -E '^(postwire|agroal)_' "$WORK/scraped-names" | tr '\n' ' ')"
echo "$(wc -l < "$WORK/scraped-names") metric names in all"

# The service's own log: JSON lines in prod, the request id on the request's lines, no secrets.
check "log lines that are not JSON" "$(grep -vc '^{' "$WORK/app.log" || true)" 0
check "JSON log lines with request id $REQUEST_ID" \
  "$(jq -c --arg id "$REQUEST_ID" 'select(.mdc.requestId == $id)' "$WORK/app.log" | wc -l | awk '{print ($1 > 0)}')" 1
check "log lines holding the password or the token" "$(grep -cF -e "$PASSWORD" -e "$TOKEN" "$WORK/app.log" || true)" 0

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
