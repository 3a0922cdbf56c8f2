#!/bin/sh
# The training workload of the JDK AOT cache: what the cache records (classes loaded and
# linked, method profiles for the JIT) is what this run of the app does, so it goes through
# every route a deployment serves, with its usual outcomes and problems, on a fresh database.
# Used by Dockerfile.jvm (in its training stage) and bench/run.sh, so that the image and the
# benchmark start from the same cache.
#
#   aot-training.sh BASE_URL [POSTS]     POSTS (default 200): posts created, then read and listed
#
# POSIX sh and curl only (the image's training stage has nothing more). Exits non-zero when a
# request that should succeed does not.
set -eu
B=$1
POSTS=${2:-200}
EMAIL="aot-training-$$@example.com"
PASSWORD="aot training password"
JSON='Content-Type: application/json'

# header NAME CURL_ARGUMENT...: the value of the response's header NAME.
header() {
  name=$1
  shift
  curl -fsS -D - -o /dev/null "$@" | sed -nE "s/^$name: *(.*)/\1/ip" | tr -d '\r'
}

curl -fsS -o /dev/null -H "$JSON" -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}" "$B/users"
LOGIN=$(curl -fsS -d "username=$EMAIL" --data-urlencode "password=$PASSWORD" "$B/login")
TOKEN=$(echo "$LOGIN" | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
REFRESH=$(echo "$LOGIN" | sed -E 's/.*"refresh_token":"([^"]+)".*/\1/')
AUTH="Authorization: Bearer $TOKEN"

# Writes: one process per post (each body differs), half of them with an Idempotency-Key.
FIRST=$(curl -fsS -H "$AUTH" -H "$JSON" -d '{"title":"Training 0","content":"The first post"}' "$B/posts" \
  | sed -E 's/^\{"id":([0-9]+).*/\1/')
i=1
while [ "$i" -lt "$POSTS" ]; do
  key=
  [ $((i % 2)) -eq 0 ] && key="Idempotency-Key: training-$$-$i"
  curl -fsS -o /dev/null -H "$AUTH" -H "$JSON" ${key:+-H "$key"} \
    -d "{\"title\":\"Training $i\",\"content\":\"Post number $i of the training run\",\"published\":$([ $((i % 10)) -eq 0 ] && echo false || echo true)}" \
    "$B/posts"
  i=$((i + 1))
done
LAST=$((FIRST + POSTS - 1))

# Reads on one connection each (curl's URL ranges): posts, pages, searches, the conditional GET.
curl -fsS -H "$AUTH" "$B/posts/[$FIRST-$LAST]" > /dev/null
curl -fsS -H "$AUTH" "$B/posts/[$FIRST-$LAST]" > /dev/null
curl -fsS -H "$AUTH" "$B/posts?limit=[1-100]" > /dev/null
curl -fsS -H "$AUTH" "$B/posts?limit=10&offset=[0-100]" > /dev/null
curl -fsS -H "$AUTH" "$B/posts?limit=10&search=training%20[1-100]" > /dev/null
curl -fsS -H "$AUTH" -H 'Prefer: count=exact' "$B/posts?limit=[1-20]" > /dev/null
NEXT=$(header Link -H "$AUTH" "$B/posts?limit=5" | sed -E 's/^<([^>]+)>.*/\1/')
curl -fsS -H "$AUTH" "$B$NEXT" > /dev/null
ETAG=$(header ETag -H "$AUTH" "$B/posts/$FIRST")
curl -fsS -o /dev/null -H "$AUTH" -H "If-None-Match: $ETAG" "$B/posts/$FIRST"
curl -fsS -H "$AUTH" "$B/users/me" > /dev/null

# Changes: replace and delete with If-Match, each with the post's current ETag.
i=$FIRST
while [ "$i" -lt $((FIRST + 20)) ]; do
  etag=$(header ETag -H "$AUTH" "$B/posts/$i")
  etag=$(header ETag -X PUT -H "$AUTH" -H "$JSON" -H "If-Match: $etag" \
    -d '{"title":"Replaced","content":"Replaced by the training run","published":true}' "$B/posts/$i")
  [ $((i % 2)) -eq 0 ] && curl -fsS -o /dev/null -X DELETE -H "$AUTH" -H "If-Match: $etag" "$B/posts/$i"
  i=$((i + 1))
done

# Problems, as clients meet them (curl without -f: these answers are the point).
curl -sS -o /dev/null "$B/posts/$FIRST"
curl -sS -o /dev/null -H "Authorization: Bearer not-a-token" "$B/posts/$FIRST"
curl -sS -o /dev/null -H "$AUTH" "$B/posts/[999999990-999999999]"
curl -sS -o /dev/null -H "$AUTH" "$B/posts?limit=abc"
curl -sS -o /dev/null -H "$AUTH" -H "$JSON" -d '{"title":""}' "$B/posts"
curl -sS -o /dev/null -H "$AUTH" -H "$JSON" -d '{not json' "$B/posts"
curl -sS -o /dev/null -X PUT -H "$AUTH" -H "$JSON" -d '{"title":"x","content":"y"}' "$B/posts/$LAST"
curl -sS -o /dev/null -d "username=$EMAIL" --data-urlencode "password=wrong password" "$B/login"

# Tokens and the operations endpoints.
curl -fsS -o /dev/null -H "$JSON" -d "{\"refresh_token\":\"$REFRESH\"}" "$B/token/refresh"
curl -fsS "$B/.well-known/jwks.json" > /dev/null
curl -fsS "$B/q/health/ready" "$B/q/health/live" "$B/q/metrics" "$B/q/openapi" > /dev/null
