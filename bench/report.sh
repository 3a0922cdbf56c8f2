#!/usr/bin/env bash
# Turns a bench/run.sh result into a markdown table (NAME.md) and a chart of
# throughput and p99 latency per scenario (NAME.png), beside the JSON.
#
#   bench/report.sh bench/results/latest.json
set -euo pipefail
JSON=$1
BASE=${JSON%.json}

jq -r '
  def ms: if . == null then "–" else tostring end;
  "Commit `\(.commit)`, \(.generated_at), \(.machine.cores) cores, load average \(.machine.load_avg_start) at the start, \(.machine.load_avg_end) at the end.",
  "\(.config.users) users, \(.config.posts) posts; wrk \(.config.wrk_threads) threads × \(.config.connections) connections and pgbench \(.config.connections) clients, \(.config.duration_s) s each.",
  "",
  "| Scenario | Service req/s | p50 ms | p99 ms | Baseline | Baseline /s | p50 ms | p99 ms | Ratio | Errors |",
  "|---|---:|---:|---:|---|---:|---:|---:|---:|---:|",
  (.scenarios[] |
    "| \(.name) | \(.service.rps) | \(.service.p50_ms) | \(.service.p99_ms) | \(.baseline.kind)\(if .baseline.kind == "bcrypt" then " cost \(.baseline.cost): \(.baseline.per_core)/s × \(.baseline.cores) cores" else "" end) | \(.baseline.tps) | \(.baseline.p50_ms | ms) | \(.baseline.p99_ms | ms) | \(.ratio) | \(.service.errors | add) |"),
  "",
  "| JVM start to first ready response | Restarts (populated database) | CPU used until ready (first; restarts) | Quarkus \"started in\" | RSS idle | RSS under load (max sampled after warm-up) | RSS peak (VmHWM, JIT warm-up included) |",
  "|---:|---:|---:|---:|---:|---:|---:|",
  "| \(.startup.first_ready_ms) ms | \(.startup.restart_ready_ms | map(tostring + " ms") | join(", ")) | \(.startup.first_ready_cpu_s // "–") s; \((.startup.restart_ready_cpu_s // []) | map(tostring + " s") | join(", ")) | \(.startup.quarkus_started_in_s) s | \(.rss_mib.idle) MiB | \(.rss_mib.max_sampled_under_load // "–") MiB | \(.rss_mib.peak_vmhwm // .rss_mib.peak_under_load) MiB |",
  "",
  (.scenarios[] | select(.ratio_per_cpu_s) |
    "Logins per CPU second of the service: \(.service.per_cpu_s), against \(.baseline.per_cpu_s) bcrypt checks per CPU second: ratio \(.ratio_per_cpu_s) (what the load average cannot distort; \(.baseline.measured_all_cores)/s measured with \(.baseline.cores) threads)."),
  "",
  "JVM: \(.machine.java); options `\(.config.java_opts)`\(if .config.env.MALLOC_ARENA_MAX then ", environment `MALLOC_ARENA_MAX=\(.config.env.MALLOC_ARENA_MAX)`" else "" end)"
' "$JSON" > "$BASE.md"

DATA=$(mktemp)
trap 'rm -f "$DATA"' EXIT
jq -r '.scenarios[] | [.name, .service.rps, .baseline.tps, .service.p99_ms, (.baseline.p99_ms // 0)] | @tsv' "$JSON" > "$DATA"
TITLE=$(jq -r '"Postwire \(.commit), \(.generated_at), load \(.machine.load_avg_start)"' "$JSON")

gnuplot <<EOF
set terminal pngcairo size 1200,500 font ",10"
set output "$BASE.png"
set multiplot layout 1,2 title "$TITLE"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set grid ytics
set xtics rotate by -25 noenhanced
set key top right noenhanced
set logscale y
set title "Throughput (per second, log scale)"
plot "$DATA" using 2:xtic(1) title "service (wrk)", "" using 3 title "PostgreSQL / bcrypt limit"
set key top left
set title "p99 latency (ms, log scale)"
plot "$DATA" using 4:xtic(1) title "service (wrk)", "" using (\$5 > 0 ? \$5 : 1/0) title "pgbench"
unset multiplot
EOF
echo "bench: wrote $BASE.md and $BASE.png" >&2
