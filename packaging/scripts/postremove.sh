#!/bin/sh
# mobility-control postremove: the .deb's postrm and the .rpm's %postun.
# Arguments: deb `remove`, `purge` (or `upgrade`, `abort-install`, ...);
# rpm `0` on removal, `1` or more on an upgrade. rpm has no purge: state and
# /etc/mobilityd stay after `rpm -e` (docs/release.md says how to remove them).
set -e

ROOT="${DPKG_ROOT:-${MOBILITYD_ROOT:-}}"
case "$1" in
  purge)
    # dpkg removes the conffile itself; the rest is mobilityd's own:
    # job history, the package repository, logs, the certificate and the tokens.
    rm -rf "$ROOT/var/lib/mobilityd" "$ROOT/var/log/mobilityd" "$ROOT/etc/mobilityd"
    ;;
esac
case "$1" in
  remove|purge|0)
    if [ -z "$ROOT" ] && [ -d /run/systemd/system ]; then systemctl daemon-reload || true; fi
    ;;
esac
exit 0
