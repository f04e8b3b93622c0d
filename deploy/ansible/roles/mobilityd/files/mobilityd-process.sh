#!/bin/sh
# Runs mobilityd as a plain background process, for hosts (containers, test
# machines) where systemd is not PID 1 and cannot supervise it.
#   mobilityd-process.sh start|stop|restart BINARY CONFIG PIDFILE LOGFILE
# start: does nothing when the daemon of PIDFILE runs with CONFIG; otherwise
# starts it and waits (at most 30 s) for its "listening on" line, failing with
# its log when it exits first. Prints "started" or "running" (Ansible's
# changed_when reads it). stop: SIGTERM, then waits (at most 30 s) for the exit.
set -eu
action=${1:?usage: mobilityd-process.sh start|stop|restart BINARY CONFIG PIDFILE LOGFILE}
binary=${2:?binary missing}
config=${3:?config file missing}
pidfile=${4:?pid file missing}
logfile=${5:?log file missing}

running_pid() {
  [ -f "$pidfile" ] || return 1
  pid=$(cat "$pidfile")
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  # The pid may have been reused by another program: it must be ours, with our config.
  tr '\0' '\n' <"/proc/$pid/cmdline" | grep -qxF -- "$config" || return 1
  echo "$pid"
}

start() {
  if pid=$(running_pid); then echo "running (pid $pid)"; return 0; fi
  [ -x "$binary" ] || { echo "mobilityd-process.sh: $binary is not an executable; is the package installed?" >&2; exit 1; }
  mkdir -p "$(dirname "$pidfile")" "$(dirname "$logfile")"
  # As the systemd unit: files mobilityd makes are private unless it chooses a mode.
  umask 077
  # setsid: its own session, so it outlives the ssh connection that started it.
  nohup setsid "$binary" --config "$config" >"$logfile" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$pidfile"
  tries=0
  until grep -q 'listening on' "$logfile"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "mobilityd exited before it listened; its log ($logfile):" >&2
      cat "$logfile" >&2
      rm -f "$pidfile"
      exit 1
    fi
    tries=$((tries + 1))
    [ "$tries" -le 300 ] || { echo "mobilityd did not say it listens within 30 s; see $logfile" >&2; exit 1; }
    sleep 0.1
  done
  echo "started (pid $pid)"
}

stop() {
  pid=$(running_pid) || { rm -f "$pidfile"; echo "not running"; return 0; }
  kill -TERM "$pid"
  tries=0
  # A zombie (State Z) has exited; its parent is gone, so whoever reaps it is not ours to wait for.
  while [ -d "/proc/$pid" ] && ! grep -q '^State:[[:space:]]*Z' "/proc/$pid/status" 2>/dev/null; do
    tries=$((tries + 1))
    [ "$tries" -le 300 ] || { echo "mobilityd (pid $pid) did not stop within 30 s" >&2; exit 1; }
    sleep 0.1
  done
  rm -f "$pidfile"
  echo "stopped (pid $pid)"
}

case "$action" in
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  *) echo "mobilityd-process.sh: unknown action '$action' (start, stop or restart)" >&2; exit 2 ;;
esac
