#!/usr/bin/env bash
# ============================================================================
#  SAMPLE — THIS IS NOT THE MICROSOFT UNINSTALLER.
#
#  A stand-in for the Azure Site Recovery Mobility service agent's Linux
#  `uninstall.sh`, which the real installer leaves in the install location
#  (default /usr/local/ASR). Shipped by Mobility Control with the sample
#  installer packages; the sample `install` copies it to <location>/uninstall.sh.
#  It removes only what the sample install created: <location>/Vx, itself,
#  the location folder when that is then empty, and <root>/usr/local/.vx_version
#  (which also holds the sample registration). Nothing outside MOBILITY_HOST_ROOT.
#
#  Usage: uninstall.sh -Y     (-Y: yes, uninstall without asking)
#  Without -Y it asks on standard input and refuses unless the answer is "y".
#  Exit codes: 0 uninstalled; 1 refused or failed; 96 invalid arguments;
#  143/130/129 when stopped by SIGTERM/SIGINT/SIGHUP.
#  Faults (as for install): slow (a slow removal), errors (removal fails).
# ============================================================================
# Functions run from traps, and shared helpers this script does not use:
# shellcheck disable=SC2317,SC2034
set -u

readonly EXIT_OK=0 EXIT_FAILED=1 EXIT_BAD_ARGS=96

# @SAMPLE_COMMON@

PROGRAM_TAG=uninstall.sh
SCRIPT_PATH=${BASH_SOURCE[0]}
[[ $SCRIPT_PATH == /* ]] || SCRIPT_PATH="$PWD/$SCRIPT_PATH"
location=${SCRIPT_PATH%/*}

on_signal() {
  error "Uninstall stopped by SIG$1; the agent may be partly removed: run uninstall.sh -Y again"
  exit "$2"
}
trap 'on_signal TERM 143' TERM
trap 'on_signal INT 130' INT
trap 'on_signal HUP 129' HUP

opt_yes=0
arg_errors=()
OPTIND=1
while getopts ':Y' opt; do
  case $opt in
    Y) opt_yes=1 ;;
    *) arg_errors+=("unknown option -$OPTARG") ;;
  esac
done
shift $((OPTIND - 1))
if (($# > 0)); then arg_errors+=("unexpected argument '$1'"); fi

resolve_host_root
load_faults
open_log "$HOST_ROOT/var/log/ua_uninstall.log"
info "Microsoft Azure Site Recovery Mobility service uninstaller - SAMPLE, not the Microsoft uninstaller"
report_faults

if ((${#arg_errors[@]} > 0)); then
  for message in "${arg_errors[@]}"; do error "Invalid arguments: $message"; done
  error "Usage: uninstall.sh -Y"
  exit "$EXIT_BAD_ARGS"
fi
if ! inside_host_root "$location"; then
  error "This uninstall.sh is in $location, outside the host root $HOST_ROOT (MOBILITY_HOST_ROOT); the sample removes nothing outside it"
  exit "$EXIT_FAILED"
fi
if [[ ! -f $VX_FILE ]]; then
  error "The Mobility service agent is not installed ($VX_FILE does not exist); nothing to uninstall"
  exit "$EXIT_FAILED"
fi

if ((!opt_yes)); then
  printf 'Do you want to uninstall the Mobility service agent from %s? (y/n) ' "$location"
  answer=""
  read -r answer || answer=""
  if [[ ${answer,,} != y ]]; then
    error "Uninstall refused: not confirmed (answer 'y', or run uninstall.sh -Y to uninstall without asking)"
    exit "$EXIT_FAILED"
  fi
fi

info "Uninstalling the Mobility service agent from $location"
info "Stopping the agent services vxagent, svagent and uarespawnd (sample: none is running)"
slow_phase "Uninstalling the Mobility service agent"
if has_fault errors; then
  error "Uninstall failed with errors: the agent package could not be removed (sample fault: errors)"
  exit "$EXIT_FAILED"
fi
if ! rm -rf -- "$location/Vx" || ! rm -f -- "$VX_FILE"; then
  error "Cannot remove $location/Vx or $VX_FILE"
  exit "$EXIT_FAILED"
fi
rm -f -- "$SCRIPT_PATH"
rmdir -- "$location" 2>/dev/null || true
info "Removed $location/Vx and $VX_FILE (with the registration it held)"
info "Mobility service agent uninstalled successfully"
exit "$EXIT_OK"
