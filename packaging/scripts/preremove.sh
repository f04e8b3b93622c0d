#!/bin/sh
# mobility-control preremove: the .deb's prerm and the .rpm's %preun.
# Arguments: deb `remove` (or `upgrade NEW-VERSION`, `deconfigure`, `failed-upgrade`);
# rpm `0` on removal, `1` or more on an upgrade.
# On an upgrade the daemon keeps running until postinstall restarts it, so
# the old binary serves until the new one is in place.
set -e

ROOT="${DPKG_ROOT:-${MOBILITYD_ROOT:-}}"
case "$1" in
  remove|0)
    if [ -z "$ROOT" ] && [ -d /run/systemd/system ]; then
      systemctl stop mobilityd.service || true
      systemctl disable mobilityd.service || true
    fi
    ;;
esac
exit 0
