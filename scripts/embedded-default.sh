#!/usr/bin/env bash
# The embedded default (`npm start`, `npm run embedded`): a local mobilityd on
# 127.0.0.1:50051 over a sample host, a sandbox root inside the checkout
# (.mobility/, ignored by git), so everything can be tried without touching the
# machine. Runs in the foreground; Ctrl-C stops it.
#   --prepare-only  prepare the sample host and exit (VS Code's "mobilityd
#                   (embedded default)" runs this, then mobilityd in the debugger)
#   --reset         delete the sample host and mobilityd's state first (refused
#                   while a mobilityd serves them), then prepare them afresh
# Any other argument goes to mobilityd, e.g. --listen 127.0.0.1:0.
# MOBILITY_EMBEDDED_DIR puts the sample host in another folder than .mobility/.
set -euo pipefail
# Resolved before the cd, so a relative MOBILITY_EMBEDDED_DIR is relative to where the command was run.
dir=$(realpath -m "${MOBILITY_EMBEDDED_DIR:-$(dirname "$0")/../.mobility}")
cd "$(dirname "$0")/.."
config=scripts/embedded-default.json
prepare_only=false reset=false daemon_args=()
for arg in "$@"; do
  case $arg in
    --prepare-only) prepare_only=true ;;
    --reset) reset=true ;;
    *) daemon_args+=("$arg") ;;
  esac
done
sandbox=$dir/sandbox state=$dir/state
# The config file names .mobility/; another folder is given to mobilityd as flags.
[ -z "${MOBILITY_EMBEDDED_DIR:-}" ] || daemon_args=(--root "$sandbox" --state-dir "$state" "${daemon_args[@]}")
[ -d node_modules ] || npm ci
# The daemon needs the build; so does --reset, which asks a running mobilityd what it serves.
if ! $prepare_only || $reset; then
  [ -f dist/mobilityd.cjs ] && [ -f dist/mobilityctl.cjs ] || npm run build
fi

# Prints the root of the mobilityd answering at $1, if one does.
served_root() {
  node dist/mobilityctl.cjs status --json --host "$1" --timeout 2000 2>/dev/null |
    node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => { try { process.stdout.write(JSON.parse(s).daemon.root); } catch {} });'
}

# The addresses mobilityd is to listen on: --listen flags, else the config file's.
listen_addresses() {
  local i found=false
  for ((i = 0; i < ${#daemon_args[@]}; i++)); do
    case ${daemon_args[i]} in
      --listen) found=true && echo "${daemon_args[i + 1]:-}" ;;
      --listen=*) found=true && echo "${daemon_args[i]#--listen=}" ;;
    esac
  done
  $found || node -e 'for (const a of [].concat(require(process.argv[1]).listen ?? "127.0.0.1:50051")) console.log(a)' "$PWD/$config"
}

# Deleting the state of a daemon that is serving it would leave that daemon
# answering about files that are gone: a mobilityd serving this sample host at
# the embedded default's address must be stopped first.
reset_sample_host() {
  local address root
  while read -r address; do
    [[ -z $address || $address == *:0 ]] && continue
    root=$(served_root "$address") || true
    if [ -n "$root" ] && [ "$(realpath -m "$root")" = "$sandbox" ]; then
      echo "embedded default: mobilityd at $address serves this sample host ($sandbox); stop it (Ctrl-C where it runs), then run the reset again" >&2
      exit 1
    fi
  done < <(listen_addresses)
  echo "embedded default: deleting the sample host $sandbox and mobilityd's state $state"
  rm -rf "$sandbox" "$state"
}

$reset && reset_sample_host
mkdir -p "$sandbox/etc" "$state"
# The sample host's identity, refreshed each start so it stays labelled as a sample.
cp scripts/sample-host/etc/os-release "$sandbox/etc/os-release"
# SAMPLE installer packages (not Microsoft's; scripts/sample-packages/) in the
# daemon's default repository (<stateDir>/repository), unless it already holds
# an installer package.
repository=$state/repository
if ! compgen -G "$repository/Microsoft-ASR_UA_*" >/dev/null; then
  echo "embedded default: generating the sample installer packages into $repository"
  node --import tsx scripts/sample-packages/make-sample-packages.ts --out "$repository" --os-tag UBUNTU-20.04-64
fi
# The sample configuration server's passphrase (a documented sample value),
# never printed here: the server's own copy, which UnifiedAgentConfigurator.sh
# of the sample packages checks against, and the host's copy in mobilityd's
# default passphrase folder (/etc/mobilityd/passphrases under the sandbox
# root), where an administrator puts the MobSvc.passphrase file.
server_passphrase=$sandbox/etc/mobility-sample/cs-passphrase
passphrase_file=$sandbox/etc/mobilityd/passphrases/cs-passphrase
if [ ! -f "$server_passphrase" ]; then
  mkdir -p "$(dirname "$server_passphrase")"
  (umask 077 && printf '%s\n' 'sample-passphrase-change-me' >"$server_passphrase")
fi
if [ ! -f "$passphrase_file" ]; then
  (umask 077 && mkdir -p "$(dirname "$passphrase_file")" && cp "$server_passphrase" "$passphrase_file")
fi
echo "embedded default: the sample configuration server's passphrase is in $passphrase_file"
echo "embedded default: mobilityd sees it as /etc/mobilityd/passphrases/cs-passphrase (for --host-passphrase-file)"
$prepare_only && exit 0
exec node dist/mobilityd.cjs --config "$config" "${daemon_args[@]}"
