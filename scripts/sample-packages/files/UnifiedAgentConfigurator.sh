#!/usr/bin/env bash
# ============================================================================
#  SAMPLE — THIS IS NOT THE MICROSOFT CONFIGURATOR.
#
#  A stand-in for the Azure Site Recovery Mobility service agent's
#  /usr/local/ASR/Vx/bin/UnifiedAgentConfigurator.sh, shipped by Mobility
#  Control (scripts/sample-packages/) with the sample installer packages. It
#  contacts no configuration server: the "sample configuration server" is the
#  passphrase in <root>/etc/mobility-sample/cs-passphrase.
#
#  Usage: UnifiedAgentConfigurator.sh -i <configuration server IP> -P <passphrase file>
#  Exit codes: 0 registered; 14 the configuration server rejected the
#  passphrase (or has none configured); 96 invalid arguments; 1 the agent is
#  not installed or .vx_version cannot be written; 143/130/129 when stopped by
#  SIGTERM/SIGINT/SIGHUP. The passphrase is never printed or logged.
# ============================================================================
# Functions run from traps, and shared helpers this script does not use:
# shellcheck disable=SC2317,SC2034
set -u
set +x # never trace: a trace would show the passphrase

readonly EXIT_OK=0 EXIT_REJECTED=14 EXIT_BAD_ARGS=96 EXIT_FAILED=1

# @SAMPLE_COMMON@

PROGRAM_TAG=UnifiedAgentConfigurator

on_signal() {
  error "Registration stopped by SIG$1; nothing was changed"
  exit "$2"
}
trap 'on_signal TERM 143' TERM
trap 'on_signal INT 130' INT
trap 'on_signal HUP 129' HUP

valid_ipv4() {
  local -a parts
  local part
  [[ $1 =~ ^[0-9]{1,3}(\.[0-9]{1,3}){3}$ ]] || return 1
  IFS=. read -r -a parts <<<"$1"
  for part in "${parts[@]}"; do ((10#$part <= 255)) || return 1; done
}

# ipv6_groups PART: 0 when PART is empty, else its number of ":"-separated
# 1-4 digit hex groups in IPV6_GROUPS; fails on an empty or bad group.
ipv6_groups() {
  local -a groups
  local group
  IPV6_GROUPS=0
  [[ -z $1 ]] && return 0
  [[ $1 == :* || $1 == *: ]] && return 1
  IFS=: read -r -a groups <<<"$1"
  for group in "${groups[@]}"; do [[ $group =~ ^[0-9A-Fa-f]{1,4}$ ]] || return 1; done
  IPV6_GROUPS=${#groups[@]}
}

valid_ipv6() {
  local addr=$1 v4 head tail count
  [[ $addr =~ ^[0-9A-Fa-f:.]+$ && $addr == *:* ]] || return 1
  if [[ $addr == *.* ]]; then # embedded IPv4 tail (::ffff:10.0.0.1): two groups
    v4=${addr##*:}
    valid_ipv4 "$v4" || return 1
    addr="${addr%"$v4"}0:0"
  fi
  if [[ $addr == *::* ]]; then
    head=${addr%%::*}
    tail=${addr#*::}
    [[ $tail == *::* ]] && return 1
    ipv6_groups "$head" || return 1
    count=$IPV6_GROUPS
    ipv6_groups "$tail" || return 1
    ((count + IPV6_GROUPS <= 7))
  else
    ipv6_groups "$addr" && ((IPV6_GROUPS == 8))
  fi
}

# ---------------------------------------------------------------------------
# Options
# ---------------------------------------------------------------------------
cs_ip="" passphrase_file="" given_ip=0 given_file=0
arg_errors=()
OPTIND=1
while getopts ':i:P:' opt; do
  case $opt in
    i) cs_ip=$OPTARG given_ip=1 ;;
    P) passphrase_file=$OPTARG given_file=1 ;;
    :) arg_errors+=("option -$OPTARG needs a value") ;;
    *) arg_errors+=("unknown option -$OPTARG") ;;
  esac
done
shift $((OPTIND - 1))
if (($# > 0)); then arg_errors+=("unexpected argument '$1'"); fi

resolve_host_root
load_faults
open_log "$HOST_ROOT/var/log/ua_install.log"
info "Mobility service agent configurator - SAMPLE, not the Microsoft configurator"
report_faults

if ((!given_ip)); then
  arg_errors+=("-i <configuration server IP> is required")
elif ! valid_ipv4 "$cs_ip" && ! valid_ipv6 "$cs_ip"; then
  arg_errors+=("-i must be the configuration server's IPv4 or IPv6 address, got '$cs_ip'")
fi
passphrase=""
if ((!given_file)); then
  arg_errors+=("-P <passphrase file> is required")
elif [[ $passphrase_file != /* ]]; then
  arg_errors+=("-P needs the passphrase file's full path, got '$passphrase_file'")
elif [[ ! -f $passphrase_file || ! -r $passphrase_file ]]; then
  arg_errors+=("-P $passphrase_file is not a readable file")
else
  IFS= read -r -d '' passphrase <"$passphrase_file"
  trim passphrase "$passphrase"
  [[ -n $passphrase ]] || arg_errors+=("the passphrase file $passphrase_file is empty")
fi
if ((${#arg_errors[@]} > 0)); then
  for message in "${arg_errors[@]}"; do error "Invalid arguments: $message"; done
  error "Usage: UnifiedAgentConfigurator.sh -i <configuration server IP> -P <passphrase file>"
  exit "$EXIT_BAD_ARGS"
fi

if ! read_vx; then
  error "The Mobility service agent is not installed ($VX_FILE does not exist); install it first"
  exit "$EXIT_FAILED"
fi

record_status() {
  if ! write_vx "$@"; then
    error "Cannot write $VX_FILE"
    exit "$EXIT_FAILED"
  fi
}

# ---------------------------------------------------------------------------
# Registration
# ---------------------------------------------------------------------------
info "Registering the Mobility service agent with configuration server $cs_ip"
info "Connecting to configuration server $cs_ip on port 443 (sample: no connection is made)"
slow_phase "Connecting to configuration server $cs_ip"
info "Validating passphrase from $passphrase_file"
expected_file="$SAMPLE_CONFIG_DIR/cs-passphrase"
expected=""
if [[ -f $expected_file && -r $expected_file ]]; then
  IFS= read -r -d '' expected <"$expected_file"
  trim expected "$expected"
fi
if [[ -z $expected ]]; then
  passphrase="" expected=""
  error "Passphrase validation failed: the sample configuration server has no passphrase configured ($expected_file is missing or empty)"
  record_status AGENT_CONFIGURATION_STATUS=Failed
  exit "$EXIT_REJECTED"
fi
if [[ $passphrase != "$expected" ]]; then
  passphrase="" expected=""
  error "Passphrase validation failed: configuration server $cs_ip rejected the passphrase in $passphrase_file"
  record_status AGENT_CONFIGURATION_STATUS=Failed
  exit "$EXIT_REJECTED"
fi
passphrase="" expected=""
info "Passphrase validated"
slow_phase "Registering with configuration server $cs_ip"
record_status AGENT_CONFIGURATION_STATUS=Succeeded CS_IP="$cs_ip"
info "Agent registered with configuration server $cs_ip"
exit "$EXIT_OK"
