#!/usr/bin/env bash
# Shared-cache proof on one machine: Debian's Varnish (deploy/varnish/postwire.vcl, the built-in
# VCL plus a backend) in front of the packaged jar on a fresh database. All on loopback, in a
# temporary directory, started and stopped here; a few minutes, not part of ./mvnw verify.
#
#   scripts/cache-proof.sh
#   CACHE_PORT=18610          Varnish; +1 its CLI; +2 the jar (its management port: jar_management_port)
#   CACHE_MAX_AGE=3           the service's freshness (POSTWIRE_HTTP_CACHE_MAX_AGE), seconds
#   CACHE_STALE=3             stale-while-revalidate (Varnish's grace), seconds
#   CACHE_BURST_SECONDS=12    length of the hot-post burst
#
# Proves: a second anonymous read is a hit; a signed-in read never comes from the cache; a draft
# never enters it; an edit, an unpublish and a delete show through within max-age + grace; a burst
# on one hot post reaches the service about once per max-age (request coalescing); with the service
# down, a post read before is still served (stale) while an unread one is a 503; varnishstat's hit
# ratio. Ends with "N passed, N failed" and exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

VARNISH_PORT=${CACHE_PORT:-18610}
VARNISH_CLI_PORT=$((VARNISH_PORT + 1))
APP_PORT=$((VARNISH_PORT + 2))
MAX_AGE=${CACHE_MAX_AGE:-3}
STALE=${CACHE_STALE:-3}
BURST_SECONDS=${CACHE_BURST_SECONDS:-12}
DB=postwire_cache_proof
WORK=$(mktemp -d /tmp/postwire-cache.XXXXXX)
chmod 755 "$WORK"
CACHE="http://127.0.0.1:$VARNISH_PORT"
passed=0
failed=0

check() { # check NAME CONDITION-RESULT(0/1) DETAIL
  if [ "$2" = 0 ]; then passed=$((passed + 1)); echo "PASS $1${3:+: $3}"; else failed=$((failed + 1)); echo "FAIL $1${3:+: $3}"; fi
}
log() { echo "[$(date -u +%H:%M:%S)] $*"; }

cleanup() {
  jar_stop
  stop_process "$VARNISH_PID"
  if [ "${CACHE_KEEP:-0}" = 1 ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

for port in "$VARNISH_PORT" "$VARNISH_CLI_PORT" "$APP_PORT" "$(jar_management_port "$APP_PORT")"; do
  if ss -ltnH "sport = :$port" | grep -q .; then echo "port $port is taken" >&2; exit 1; fi
done
require_command varnishd varnish
require_command wrk wrk
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; $(varnishd -V 2>&1 | head -1)"
jar_build_if_needed
cp -r "$(dirname "$JAR")" "$WORK/app"
JAR=$WORK/app/$(basename "$JAR")

# --- The jar, with a short freshness so that the proof takes seconds ------------------------
JAR_ENV=(POSTWIRE_HTTP_CACHE_MAX_AGE="${MAX_AGE}s" POSTWIRE_HTTP_CACHE_STALE_WHILE_REVALIDATE="${STALE}s")
POSTWIRE_DATABASES=$DB POSTWIRE_RECREATE=1 scripts/local-postgres.sh
jar_make_keys "$WORK"
jar_start "$WORK" "$DB" "$APP_PORT" -Xmx256m
log "jar ready after $(jar_wait_ready "$WORK" "$APP_PORT") ms on port $APP_PORT"

# --- Varnish: the VCL of deploy/, pointed at the jar ----------------------------------------
varnish_start "$WORK" "$VARNISH_PORT" "$VARNISH_CLI_PORT" "$APP_PORT"
stat() { varnish_stat "$WORK" "$1"; }

# get PATH [curl option...]: prints "STATUS HIT|MISS AGE" for a GET through Varnish
# (a hit: X-Varnish names two transactions, this one and the one that stored the object).
get() {
  local path=$1
  shift
  curl -s -o "$WORK/body" -D "$WORK/headers" "$@" "$CACHE$path" > /dev/null
  local status xv age
  status=$(sed -n '1s/^HTTP\/[0-9.]* \([0-9]*\).*/\1/p' "$WORK/headers")
  xv=$(sed -n 's/^X-Varnish: *\([0-9 ]*\).*/\1/Ip' "$WORK/headers" | tr -d '\r')
  age=$(sed -n 's/^Age: *\([0-9]*\).*/\1/Ip' "$WORK/headers" | tr -d '\r')
  if [ "$(wc -w <<< "$xv")" = 2 ]; then echo "$status HIT ${age:-0}"; else echo "$status MISS ${age:-0}"; fi
}
json_id() { sed -E 's/^\{"id":([0-9]+).*/\1/' "$WORK/body"; }

EMAIL="cache-$(date +%s)@example.com"
curl -sf -XPOST "$CACHE/users" -H 'Content-Type: application/json' -d "{\"email\":\"$EMAIL\",\"password\":\"correct horse\"}" > /dev/null
TOKEN=$(curl -sf -XPOST "$CACHE/login" -d "username=$EMAIL" --data-urlencode 'password=correct horse' \
  | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
AUTH=(-H "Authorization: Bearer $TOKEN")
create() { # create TITLE PUBLISHED: prints the new post's id (through Varnish: a POST is passed)
  curl -sf -XPOST "$CACHE/posts" "${AUTH[@]}" -H 'Content-Type: application/json' \
    -d "{\"title\":\"$1\",\"content\":\"text\",\"published\":$2}" | sed -E 's/^\{"id":([0-9]+).*/\1/'
}
replace() { # replace ID TITLE PUBLISHED
  curl -sf -o /dev/null -XPUT "$CACHE/posts/$1" "${AUTH[@]}" -H 'Content-Type: application/json' \
    -d "{\"title\":\"$2\",\"content\":\"text\",\"published\":$3}"
}
# shows_through NAME ID EXPECTED-GREP: polls the anonymous read until its body or status line
# matches; passes when that took at most max-age + grace (+1 s for the polling and the clock).
shows_through() {
  local name=$1 id=$2 expected=$3 started elapsed
  started=$(date +%s%N)
  while :; do
    get "/posts/$id" > "$WORK/last"
    if grep -q "$expected" "$WORK/body" || grep -q "^$expected " "$WORK/last"; then break; fi
    elapsed=$((($(date +%s%N) - started) / 1000000))
    [ "$elapsed" -gt $(((MAX_AGE + STALE + 5) * 1000)) ] && break
    sleep 0.1
  done
  elapsed=$((($(date +%s%N) - started) / 1000000))
  check "$name shows through the cache within max-age + grace" \
    "$([ "$elapsed" -le $(((MAX_AGE + STALE + 1) * 1000)) ]; echo $?)" "after $elapsed ms (max-age ${MAX_AGE}s + grace ${STALE}s)"
}

log "1. anonymous reads of a published post and of the list"
post=$(create "Cached" true)
first=$(get "/posts/$post")
second=$(get "/posts/$post")
check "a second anonymous read is a hit" "$([[ "$first" == "200 MISS"* && "$second" == "200 HIT"* ]]; echo $?)" \
  "first: $first, second: $second; $(grep -i '^Cache-Control' "$WORK/headers" | tr -d '\r')"
get /posts > /dev/null
list=$(get /posts)
check "a second anonymous read of the list is a hit" "$([[ "$list" == "200 HIT"* ]]; echo $?)" "$list"

log "2. signed-in reads"
a=$(get "/posts/$post" "${AUTH[@]}")
voted=$(grep -c '"voted"' "$WORK/body" || true)
b=$(get "/posts/$post" "${AUTH[@]}")
check "a signed-in read is never served from the cache" "$([[ "$a" == "200 MISS"* && "$b" == "200 MISS"* && "$voted" = 1 ]]; echo $?)" \
  "$a, then $b; its body has \"voted\": $voted"

log "3. drafts"
draft=$(create "Draft" false)
owner=$(get "/posts/$draft" "${AUTH[@]}")
anon1=$(get "/posts/$draft")
anon2=$(get "/posts/$draft")
check "a draft never enters the cache" "$([[ "$owner" == "200 MISS"* && "$anon1" == "404 MISS"* && "$anon2" == "404 MISS"* ]]; echo $?)" \
  "owner: $owner; anonymous: $anon1, then $anon2"

log "4. changes show through within the freshness"
replace "$post" "Edited" true
shows_through "an edit" "$post" '"title":"Edited"'
replace "$post" "Edited" false
shows_through "an unpublish" "$post" 404
gone=$(create "Deleted" true)
get "/posts/$gone" > /dev/null
get "/posts/$gone" > /dev/null
curl -sf -o /dev/null -XDELETE "$CACHE/posts/$gone" "${AUTH[@]}"
shows_through "a delete" "$gone" 404

log "5. a burst of anonymous reads of one hot post for ${BURST_SECONDS}s"
hot=$(create "Hot" true)
get "/posts/$hot" > /dev/null
before=$(jar_backend_reads "$APP_PORT")
hits_before=$(stat cache_hit)
wrk -t2 -c32 -d"${BURST_SECONDS}s" "$CACHE/posts/$hot" > "$WORK/wrk.txt"
reached=$(($(jar_backend_reads "$APP_PORT") - before))
served=$(awk '/requests in/ {print $1}' "$WORK/wrk.txt")
expected=$((BURST_SECONDS / MAX_AGE + 1))
check "the hot post reached the service about once per max-age" "$([ "$reached" -le $((expected + 1)) ] && [ "$reached" -ge 1 ]; echo $?)" \
  "$served reads served, $reached reached the service (about $expected expected), $(($(stat cache_hit) - hits_before)) hits; $(grep Requests/sec "$WORK/wrk.txt" | tr -s ' ')"

log "6. the service down for a moment"
unread=$(create "Never read" true)
age=$(get "/posts/$hot" | cut -d' ' -f3)
# Killed, as a crash or an OOM kill ends it (a graceful stop would take its shutdown delay).
kill -KILL "$JAR_PID"
wait "$JAR_PID" 2>/dev/null || true
JAR_PID=
sleep "$((MAX_AGE > age ? MAX_AGE - age : 0)).5" # until the copy is past its freshness, within its grace
stale=$(get "/posts/$hot")
missing=$(get "/posts/$unread")
check "with the service down, a post read before is served stale, an unread one is an error" \
  "$([[ "$stale" == "200 HIT"* && "$missing" == 503* ]]; echo $?)" "read before: $stale (Age past max-age $MAX_AGE); never read: $missing"

log "7. varnishstat"
hit=$(stat cache_hit) miss=$(stat cache_miss) pass=$(stat s_pass)
echo "cache_hit=$hit cache_miss=$miss s_pass=$pass backend_req=$(stat backend_req) hit ratio (hits / (hits + misses)) = $(awk -v h="$hit" -v m="$miss" 'BEGIN {printf "%.5f", h / (h + m)}')"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
