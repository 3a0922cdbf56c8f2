#!/usr/bin/env bash
# Turns a bench/run.sh result into a markdown table (NAME.md) and a chart of throughput and
# mean latency per scenario, plus the warm-up's per-second throughput when measured (NAME.png),
# beside the JSON.
#
#   bench/report.sh bench/results/latest.json
set -euo pipefail
JSON=$1
BASE=${JSON%.json}

jq -r '
  def ms: if . == null then "–" else tostring end;
  def baseline_latency: if .latency_avg_ms then "mean \(.latency_avg_ms)" else "p50 \(.p50_ms | ms), p99 \(.p99_ms | ms)" end;
  "Commit `\(.commit)`, \(.generated_at), \(.mode // "full") run, \(.machine.cores) cores, load average \(.machine.load_avg_start) at the start, \(.machine.load_avg_end) at the end.",
  "\(.config.users) users, \(.config.posts) posts; wrk \(.config.wrk_threads) threads × \(.config.connections) connections and pgbench \(.config.connections) clients, \(.config.duration_s) s each.",
  "",
  "JVM: \(.machine.java); options \(if .config.java_opts == "" then "none" else "`\(.config.java_opts)`" end)\(if .config.env.MALLOC_ARENA_MAX then ", environment `MALLOC_ARENA_MAX=\(.config.env.MALLOC_ARENA_MAX)`" else "" end).",
  "",
  "| Scenario | Load average | Service req/s | mean ms | p50 ms | p99 ms | Baseline | Baseline /s | Baseline latency ms | Ratio | Against the first page: service; baseline | Errors |",
  "|---|---|---:|---:|---:|---:|---|---:|---|---:|---|---:|",
  (.scenarios[] |
    "| \(.name) | \(.load_avg) | \(.service.rps) | \(.service.mean_ms | ms) | \(.service.p50_ms) | \(.service.p99_ms) | \(.baseline.kind)\(if .baseline.kind == "bcrypt" then " cost \(.baseline.cost): \(.baseline.per_core)/s × \(.baseline.cores) cores" elif .baseline.script then " `\(.baseline.script).sql`" else "" end) | \(.baseline.tps) | \(.baseline | baseline_latency) | \(.ratio) | \(if .vs_first_page then "\(.vs_first_page.service | ms); \(.vs_first_page.baseline | ms)" else "–" end) | \(.service.errors | add) |"),
  "",
  "| JVM start to first ready response | Restarts (populated database) | CPU used until ready (first; restarts) | Quarkus \"started in\" | RSS idle | RSS under load (max sampled after warm-up; anonymous part) | RSS peak (VmHWM, JIT warm-up included) |",
  "|---:|---:|---:|---:|---:|---:|---:|",
  "| \(.startup.first_ready_ms) ms\(if .startup.load_avg then " (load \(.startup.load_avg))" else "" end) | \(.startup.restart_ready_ms | map(tostring + " ms") | join(", ") | if . == "" then "–" else . end)\(if .startup.restart_load_avg and (.startup.restart_ready_ms | length) > 0 then " (load \(.startup.restart_load_avg))" else "" end) | \(.startup.first_ready_cpu_s // "–") s\((.startup.restart_ready_cpu_s // []) | map(tostring + " s") | join(", ") | if . == "" then "" else "; " + . end) | \(.startup.quarkus_started_in_s) s | \(.rss_mib.idle) MiB | \(.rss_mib.max_sampled_under_load // "–") MiB\(if .rss_mib.anonymous_of_max_sampled then " (\(.rss_mib.anonymous_of_max_sampled) MiB)" else "" end) | \(.rss_mib.peak_vmhwm // .rss_mib.peak_under_load) MiB |",
  "",
  (.warm_up // empty |
    "Warm-up of a fresh JVM (load average \(.load_avg)): first ready response after \(.first_ready_ms) ms; 90 % of the steady-state `GET /posts/{id}` throughput (\(.steady_rps // "–") req/s, the median of the last \(.steady_window_s) s) \(if .to_90pct_s then "\(.to_90pct_s) s after the JVM'"'"'s launch" else "not reached" end).",
    ""),
  (.scenarios[] | select(.ratio_per_cpu_s) |
    "Logins per CPU second of the service: \(.service.per_cpu_s), against \(.baseline.per_cpu_s) bcrypt checks per CPU second: ratio \(.ratio_per_cpu_s) (what the load average cannot distort; \(.baseline.measured_all_cores)/s measured with \(.baseline.cores) threads).")
' "$JSON" > "$BASE.md"

DATA=$(mktemp)
WARM_UP=$(mktemp)
trap 'rm -f "$DATA" "$WARM_UP"' EXIT
jq -r '.scenarios[] | [.name, .service.rps, .baseline.tps, (.service.mean_ms // .service.p50_ms),
                       (.baseline.latency_avg_ms // .baseline.p50_ms // 0)] | @tsv' "$JSON" > "$DATA"
jq -r '(.warm_up.per_second // [])[] | @tsv' "$JSON" > "$WARM_UP"
TITLE=$(jq -r '"Postwire \(.commit), \(.generated_at), \(.mode // "full"), load \(.machine.load_avg_start)"' "$JSON")
PANELS=2
[ -s "$WARM_UP" ] && PANELS=3

gnuplot <<GNUPLOT
set terminal pngcairo size $((600 * PANELS)),500 font ",10"
set output "$BASE.png"
set multiplot layout 1,$PANELS title "$TITLE" noenhanced
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
set title "Mean latency (ms, log scale)"
plot "$DATA" using 4:xtic(1) title "service (wrk)", "" using (\$5 > 0 ? \$5 : 1/0) title "baseline"
if ($PANELS == 3) {
  unset logscale y
  set style data linespoints
  set xtics norotate
  set xlabel "seconds since the JVM's launch"
  set xrange [0:*]
  set title "Warm-up: GET /posts/{id} per second" noenhanced
  plot "$WARM_UP" using 1:2 title "responses" noenhanced
}
unset multiplot
GNUPLOT
echo "bench: wrote $BASE.md and $BASE.png" >&2
