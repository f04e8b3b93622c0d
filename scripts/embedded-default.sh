#!/usr/bin/env bash
# The embedded default: a local mobilityd on 127.0.0.1:50051 over a sandbox
# host root inside the checkout (.mobility/, ignored by git), so everything can
# be tried without touching the machine. Runs in the foreground; Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci
[ -f dist/mobilityd.cjs ] && [ -f dist/mobilityctl.cjs ] || npm run build
mkdir -p .mobility/sandbox/etc .mobility/state
# The sample host's identity, refreshed each start so it stays labelled as a sample.
cp scripts/sample-host/etc/os-release .mobility/sandbox/etc/os-release
exec node dist/mobilityd.cjs --config scripts/embedded-default.json "$@"
