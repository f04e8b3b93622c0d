#!/bin/sh
# mobility-control postinstall: the same script is the .deb's postinst and the
# .rpm's %post. It prepares what mobilityd needs to start with the packaged
# /etc/mobilityd/config.json (folders, a TLS certificate, an empty token file)
# and never replaces any of them: an upgrade keeps state, jobs, tokens and the
# certificate clients have pinned.
#
# Arguments: deb `configure [OLD-VERSION]` (no OLD-VERSION on a first install);
# rpm `1` on a first install, `2` or more on an upgrade.
# Files go under $DPKG_ROOT (dpkg --root with --force-script-chrootless) or
# $MOBILITYD_ROOT (tests); systemd is left alone then.
set -e

case "$1" in
  configure) if [ -n "$2" ]; then action=upgrade; else action=install; fi ;;
  1) action=install ;;
  [0-9]*) action=upgrade ;;
  *) exit 0 ;; # abort-upgrade, abort-remove, abort-deconfigure: nothing to undo
esac

ROOT="${DPKG_ROOT:-${MOBILITYD_ROOT:-}}"
MOBILITYD="$ROOT/usr/bin/mobilityd"
ETC="$ROOT/etc/mobilityd"
TLS="$ETC/tls"
TOKENS="$ETC/tokens.json"

# mkdir -p keeps an existing folder's mode; chmod makes a first install exact.
make_dir() {
  if [ ! -d "$2" ]; then mkdir -p "$2"; chmod "$1" "$2"; fi
}
make_dir 0700 "$ROOT/var/lib/mobilityd"
make_dir 0750 "$ROOT/var/log/mobilityd"
make_dir 0755 "$ETC"
make_dir 0700 "$TLS"

if [ ! -f "$TLS/mobilityd.crt" ] && [ ! -f "$TLS/mobilityd.key" ]; then
  long_name=$(hostname -f 2>/dev/null || hostname 2>/dev/null || uname -n)
  short_name=$(hostname -s 2>/dev/null || uname -n)
  set -- --host "$long_name"
  if [ "$short_name" != "$long_name" ]; then set -- "$@" --host "$short_name"; fi
  fingerprint=$("$MOBILITYD" tls init --out "$TLS" "$@")
  echo "mobilityd: made a self-signed TLS certificate for $long_name: $TLS/mobilityd.crt"
  echo "mobilityd: its fingerprint is $fingerprint"
  echo "mobilityd: clients pin it: mobilityctl status --host $long_name --tls-fingerprint $fingerprint --token-file FILE"
fi

if [ ! -e "$TOKENS" ]; then
  # Empty on purpose: nobody can call over TCP until an administrator makes a token.
  (umask 077 && printf '%s\n' '{"version":1,"tokens":[]}' > "$TOKENS")
  echo "mobilityd: no tokens yet; make one (it is printed once) with:"
  echo "  sudo mobilityd token create --tokens /etc/mobilityd/tokens.json --name NAME --role operator"
fi

if [ -z "$ROOT" ] && [ -d /run/systemd/system ]; then
  systemctl daemon-reload || true
  if [ "$action" = install ]; then
    systemctl enable mobilityd.service || true
    systemctl start mobilityd.service || echo "mobilityd: did not start; see journalctl -u mobilityd" >&2
  else
    # A restart ends a running job as INTERRUPTED (mobilityd stops its installer on SIGTERM).
    systemctl try-restart mobilityd.service || echo "mobilityd: did not restart; see journalctl -u mobilityd" >&2
  fi
fi
exit 0
