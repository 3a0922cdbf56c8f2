#!/usr/bin/env bash
# Checks rendered Kubernetes manifests offline against the Kubernetes and CRD schemas
# (check.mjs). Installs Debian's nodejs and npm when absent, and the npm packages from
# the lockfile when node_modules is missing.
#
#   deploy/schema-check/check.sh MANIFEST.yaml...     (run by HelmChartIT in ./mvnw verify)
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib.sh

require_command node nodejs
require_command npm npm

cd deploy/schema-check
[ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error
exec node check.mjs "$@"
