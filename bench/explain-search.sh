#!/usr/bin/env bash
# How PostgreSQL runs the service's search page query on the benchmark database that bench/run.sh
# leaves behind (100 000 posts): EXPLAIN (ANALYZE, BUFFERS) for a rare and a common term, as the
# generic plan a prepared statement may cache, as a custom plan for the term, and as the plan that
# the default plan_cache_mode (auto) settles on after the five custom plans it tries first. The
# session has PostgreSQL's default settings; plan_cache_mode is set in this script's session only.
#
#   bench/explain-search.sh [QUERY.sql]
#
#   QUERY.sql    the page query as the service sends it: $1 the viewer's id, $2 the LIKE pattern
#                ('%term%', escape character '!'), $3 the offset, $4 the page size (any may go
#                unused). Default: Hibernate's SQL for Post.pageVisible's page before the read path was reworked
#                (the plan before), so that a file with the new query shows the plan after.
#   BENCH_DB (postwire_bench)  RARE_TERM (topic042: 100 of 100 000 posts)  COMMON_TERM (lorem: all)
set -euo pipefail
cd "$(dirname "$0")/.."

DB=${BENCH_DB:-postwire_bench}
RARE_TERM=${RARE_TERM:-topic042}
COMMON_TERM=${COMMON_TERM:-lorem}
export PGPASSWORD=postwire
unset PGOPTIONS
PSQL=(psql -X -q -h 127.0.0.1 -U postwire -d "$DB" -v ON_ERROR_STOP=1)

if [ $# -gt 0 ]; then
  QUERY=$(< "$1")
else
  QUERY=$(cat <<'SQL'
select p1_0.id, p1_0.content, p1_0.created_at, p1_0.owner_id, o1_0.id, o1_0.created_at, o1_0.email,
       o1_0.password_hash, p1_0.published, p1_0.title, p1_0.updated_at
from posts p1_0 join users o1_0 on o1_0.id = p1_0.owner_id
where (p1_0.published = true or o1_0.id = $1)
  and (p1_0.title ilike $2 escape '!' or p1_0.content ilike $2 escape '!')
order by p1_0.created_at desc, p1_0.id desc
offset $3 rows fetch first $4 rows only
SQL
)
fi
QUERY=${QUERY%;}

POSTS=$("${PSQL[@]}" -tA -c 'select count(*) from posts')
[ "$POSTS" -ge 100000 ] || echo "explain-search: $DB holds $POSTS posts; bench/run.sh seeds 100 000" >&2

# plans TERM: the three plans of the query for the pattern of TERM, by user 1, first page of 10.
plans() {
  local run="execute search_page(1, :'pattern', 0, 10)"
  cat <<PSQL
\\set pattern '%$1%'
\\echo '### "$1", generic plan (force_generic_plan)'
deallocate all;
prepare search_page(bigint, text, integer, integer) as $QUERY;
set plan_cache_mode = force_generic_plan;
explain (analyze, buffers) $run;
\\echo '### "$1", custom plan (force_custom_plan)'
set plan_cache_mode = force_custom_plan;
explain (analyze, buffers) $run;
\\echo '### "$1", the default (auto): the plan of the sixth execution'
reset plan_cache_mode;
deallocate all;
prepare search_page(bigint, text, integer, integer) as $QUERY;
$run \\g /dev/null
$run \\g /dev/null
$run \\g /dev/null
$run \\g /dev/null
$run \\g /dev/null
explain (analyze, buffers) $run;
PSQL
}

echo "PostgreSQL $("${PSQL[@]}" -tA -c 'show server_version') on $DB ($POSTS posts), $(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg)"
{ plans "$RARE_TERM"; plans "$COMMON_TERM"; } | "${PSQL[@]}"
