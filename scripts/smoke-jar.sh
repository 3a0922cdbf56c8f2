#!/usr/bin/env bash
# Starts the built jar the way a deployment does (prod profile, configured only by
# the standard environment variables, throwaway RSA keys made here) on a fresh
# database, then tries the HTTP contract from outside with curl.
#
#   scripts/smoke-jar.sh            build the jar if missing, run, report, stop
#   SMOKE_PORT=8181                 port to listen on; health and metrics on its management port (+10)
# Ends with a line "N passed, N failed" and exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/lib.sh

PORT=${SMOKE_PORT:-8181}
BASE="http://127.0.0.1:$PORT"
WORK=$(mktemp -d)

stop() {
  jar_stop
  rm -rf "$WORK"
}
trap stop EXIT

start_packaged_jar "$PORT" postwire_smoke "$WORK"

passed=0
failed=0
# expect NAME STATUS PATTERN -- curl arguments...
# PATTERN: an extended regex the headers or body must match; "!regex": the body must not; "": status only.
expect() {
  local name=$1 status=$2 pattern=$3
  shift 4
  local actual matched=true
  actual=$(curl -s -o "$WORK/body" -D "$WORK/headers" -w '%{http_code}' "$@")
  case "$pattern" in
    "") ;;
    !*) ! grep -Eqi "${pattern#!}" "$WORK/body" || matched=false ;;
    *) grep -Eq "$pattern" "$WORK/headers" "$WORK/body" || matched=false ;;
  esac
  if [ "$actual" = "$status" ] && $matched; then
    passed=$((passed + 1)); echo "PASS $name"
  else
    failed=$((failed + 1)); echo "FAIL $name: got $actual: $(head -c 300 "$WORK/body")"
  fi
}
json() { printf '%s' "$1" | sed -E "s/.*\"$2\":\"?([^\",}]*)\"?.*/\1/"; }

EMAIL="smoke-$RANDOM@example.com"
PASSWORD="smoke-password-1"
JSON=(-H 'Content-Type: application/json')

expect "register" 201 '"email":"'"$EMAIL"'"' -- "${JSON[@]}" -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}" "$BASE/users"
expect "register shows no password or hash" 201 '!password|\$2[aby]\$' -- "${JSON[@]}" -d "{\"email\":\"b$EMAIL\",\"name\":\"Ada\",\"password\":\"$PASSWORD\",\"age\":36}" "$BASE/create_user"
expect "duplicate email, other case" 409 'problem\+json' -- "${JSON[@]}" -d "{\"email\":\"${EMAIL^^}\",\"password\":\"$PASSWORD\"}" "$BASE/users"
expect "short password" 422 '"field":"password"' -- "${JSON[@]}" -d '{"email":"x@example.com","password":"short"}' "$BASE/users"
expect "malformed JSON" 400 'not valid JSON' -- "${JSON[@]}" -d '{"email":' "$BASE/users"
expect "form login" 200 'access_token' -- -d "username=$EMAIL&password=$PASSWORD" "$BASE/login"
TOKEN=$(json "$(cat "$WORK/body")" access_token)
expect "JSON login" 200 '"token_type":"bearer"' -- "${JSON[@]}" -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}" "$BASE/login"
expect "wrong password" 401 'WWW-Authenticate: Bearer' -- -d "username=$EMAIL&password=wrong-password" "$BASE/login"
expect "unknown email" 401 'Incorrect email or password' -- -d "username=nobody@example.com&password=wrong-password" "$BASE/login"
AUTH=(-H "Authorization: Bearer $TOKEN")
expect "me" 200 "\"email\":\"$EMAIL\"" -- "${AUTH[@]}" "$BASE/users/me"
expect "vote without token" 401 'WWW-Authenticate: Bearer' -- -X PUT "$BASE/posts/1/vote"
expect "posts with garbage token" 401 'invalid_token' -- -H 'Authorization: Bearer garbage' "$BASE/posts"
expect "create post" 201 '"owner":\{"id":[0-9]+,"email":"'"$EMAIL"'"\}' -- "${AUTH[@]}" "${JSON[@]}" -d '{"title":"Smoke 100%","content":"from curl"}' "$BASE/posts"
POST_ID=$(json "$(cat "$WORK/body")" id)
expect "create draft" 201 '"published":false' -- "${AUTH[@]}" "${JSON[@]}" -d '{"title":"Draft","content":"hidden","published":false}' "$BASE/posts"
expect "list with total" 200 'X-Total-Count: 2' -- "${AUTH[@]}" "$BASE/posts?limit=10&offset=0"
expect "search literal %" 200 'X-Total-Count: 1' -- "${AUTH[@]}" "$BASE/posts?search=100%25"
expect "limit out of range" 422 '"field":"limit"' -- "${AUTH[@]}" "$BASE/posts?limit=101"
expect "get post" 200 '"title":"Smoke 100%"' -- "${AUTH[@]}" "$BASE/posts/$POST_ID"
expect "get post without token" 200 '"votes":0' -- "$BASE/posts/$POST_ID"
expect "vote" 204 '' -- -X PUT "${AUTH[@]}" "$BASE/posts/$POST_ID/vote"
expect "get non-numeric id" 404 'problem\+json' -- "${AUTH[@]}" "$BASE/posts/abc"
expect "replace post" 200 '"title":"Replaced"' -- -X PUT "${AUTH[@]}" "${JSON[@]}" -d '{"title":"Replaced","content":"new"}' "$BASE/posts/$POST_ID"
expect "invalid replace" 422 '"field":"title"' -- -X PUT "${AUTH[@]}" "${JSON[@]}" -d '{"title":"","content":"new"}' "$BASE/posts/$POST_ID"
expect "delete post" 204 '' -- -X DELETE "${AUTH[@]}" "$BASE/posts/$POST_ID"
expect "deleted is gone" 404 '' -- "${AUTH[@]}" "$BASE/posts/$POST_ID"
expect "readiness" 200 '"status": ?"UP"' -- "$(jar_health_url "$PORT")/ready"
expect "metrics" 200 'http_server_requests_seconds_count' -- -H 'Accept: text/plain' "$(jar_metrics_url "$PORT")"
expect "openapi" 200 '/posts/\{id\}' -- "$BASE/q/openapi"
expect "no health on the API's port" 404 '' -- "$BASE/q/health/ready"
expect "no metrics on the API's port" 404 '' -- "$BASE/q/metrics"

if grep -Fq "$PASSWORD" "$WORK/app.log" || grep -Fq "$TOKEN" "$WORK/app.log"; then
  failed=$((failed + 1)); echo "FAIL a password or token appears in the service log"
else
  passed=$((passed + 1)); echo "PASS no password or token in the service log"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
