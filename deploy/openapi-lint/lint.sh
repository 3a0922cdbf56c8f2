#!/usr/bin/env bash
# Lints an OpenAPI document with Redocly CLI's recommended ruleset, warnings counting as
# errors (redocly.yaml). Installs Debian's nodejs and npm when absent, and the CLI from the
# lockfile when node_modules is missing.
#
#   deploy/openapi-lint/lint.sh DOCUMENT     (OpenApiDocumentIT runs it on what the jar serves)
set -euo pipefail
document=$(realpath "$1")
cd "$(dirname "$0")/../.."
. scripts/lib.sh

require_command node nodejs
require_command npm npm

cd deploy/openapi-lint
[ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error
exec node_modules/.bin/redocly lint --config redocly.yaml --format stylish "$document"
