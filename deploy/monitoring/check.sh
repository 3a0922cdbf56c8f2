#!/usr/bin/env bash
# Checks the alert rules with Prometheus's own tool: `promtool check rules` (syntax,
# PromQL) and `promtool test rules` (each alert fires on a synthetic series and stays
# quiet on a healthy one), and that the dashboard is valid JSON with a query in every
# panel. Installs Debian's prometheus package (which ships promtool) when absent.
#
#   deploy/monitoring/check.sh      (also run by ./mvnw verify)
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib.sh

require_command promtool prometheus
require_command jq jq

cd deploy/monitoring
promtool check rules postwire-alerts.rules.yml
promtool test rules postwire-alerts.test.yml
panels_without_query=$(jq '[.panels[] | select(.type != "row") | select((.targets // []) | map(.expr // "") | all(. == ""))] | length' postwire-dashboard.json)
if [ "$panels_without_query" != "0" ]; then
  echo "postwire-dashboard.json: $panels_without_query panel(s) without a query" >&2
  exit 1
fi
echo "postwire-dashboard.json: $(jq '[.panels[] | select(.type != "row")] | length' postwire-dashboard.json) panels, each with a query"
