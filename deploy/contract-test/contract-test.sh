#!/usr/bin/env bash
# Contract tests generated from an OpenAPI document by Portman (a request per operation, each
# checked for a 2xx status, its declared content type and headers, and a body valid against
# the declared schema), run by newman against a running service. Installs Debian's nodejs and
# npm when absent, and the tools from the lockfile when node_modules is missing.
#
#   deploy/contract-test/contract-test.sh DOCUMENT BASE_URL OUTPUT_DIR
#
# The requests' ids, credentials and tokens come from PORTMAN_* variables in the environment
# (PORTMAN_POST_ID is {{postId}}): the data the caller made through the API beforehand
# (OpenApiContractIT does, against the packaged jar). Portman makes one body per schema, so the
# second registration (createUser, the original service's path) gets an address of its own.
set -euo pipefail
document=$(realpath "$1")
base_url=$2
mkdir -p "$3"
output=$(realpath "$3")
cd "$(dirname "$0")/../.."
. scripts/lib.sh

require_command node nodejs
require_command npm npm

cd deploy/contract-test
[ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error
tools=$PWD
# Portman keeps its working files in the current directory: the output's, not the source tree.
cd "$output"
"$tools/node_modules/.bin/portman" --local "$document" --baseUrl "$base_url" \
  --portmanConfigFile "$tools/portman-config.json" --output collection.json >portman.log
exec "$tools/node_modules/.bin/newman" run collection.json --reporters cli,json \
  --reporter-json-export newman.json --color off
