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
# SAMPLE installer packages (not Microsoft's; scripts/sample-packages/) in the
# daemon's default repository (<stateDir>/repository), unless it already holds
# an installer package.
repository=.mobility/state/repository
if ! compgen -G "$repository/Microsoft-ASR_UA_*" >/dev/null; then
  echo "embedded default: generating the sample installer packages into $repository"
  node --import tsx scripts/sample-packages/make-sample-packages.ts --out "$repository" --os-tag UBUNTU-20.04-64
fi
# The sample configuration server's passphrase (a documented sample value), for
# UnifiedAgentConfigurator.sh of the sample packages. Never printed here.
passphrase_file=.mobility/sandbox/etc/mobility-sample/cs-passphrase
if [ ! -f "$passphrase_file" ]; then
  mkdir -p "$(dirname "$passphrase_file")"
  (umask 077 && printf '%s\n' 'sample-passphrase-change-me' >"$passphrase_file")
fi
echo "embedded default: the sample configuration server's passphrase is in $PWD/$passphrase_file"
exec node dist/mobilityd.cjs --config scripts/embedded-default.json "$@"
