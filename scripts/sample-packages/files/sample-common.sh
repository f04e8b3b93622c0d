# shellcheck shell=bash
# SAMPLE — NOT MICROSOFT CODE. Helpers shared by the sample `install` and the
# sample `UnifiedAgentConfigurator.sh`. make-sample-packages.ts inlines this
# file in place of the SAMPLE_COMMON placeholder line of either script, so each
# script in a package stands alone. Nothing here starts a background process.

# ---------------------------------------------------------------------------
# Host root: mobilityd sets MOBILITY_HOST_ROOT (its --root, "/" on a real
# host); every host path the sample reads or writes is under it. "/" → "".
# ---------------------------------------------------------------------------
resolve_host_root() {
  local root=${MOBILITY_HOST_ROOT:-/}
  [[ $root == /* ]] || root="$PWD/$root"
  while [[ $root == */ ]]; do root=${root%/}; done
  HOST_ROOT=$root
  VX_FILE="$HOST_ROOT/usr/local/.vx_version"
  SAMPLE_CONFIG_DIR="$HOST_ROOT/etc/mobility-sample"
}

# True when an absolute path lies inside the host root (no ".." escapes).
inside_host_root() {
  local p=$1
  [[ $p == /* ]] || return 1
  [[ $p == */.. || $p == */../* ]] && return 1
  [[ -z $HOST_ROOT || $p == "$HOST_ROOT" || $p == "$HOST_ROOT"/* ]]
}

# trim VAR VALUE: VAR = VALUE without leading/trailing whitespace.
trim() {
  local _trim_v=$2
  _trim_v=${_trim_v#"${_trim_v%%[![:space:]]*}"}
  _trim_v=${_trim_v%"${_trim_v##*[![:space:]]}"}
  printf -v "$1" '%s' "$_trim_v"
}

# ---------------------------------------------------------------------------
# Output: "YYYY-MM-DD HH:MM:SS [program] LEVEL: message" appended to LOG_FILE
# (the agent's ua_install.log) when set. CONSOLE=1 (the configurator) also
# prints it, ERROR on stderr; the installer sets CONSOLE=0, because the real
# installer's console output is not something mobilityd may rely on: the
# lines go only to its log, and to stderr when no log can be written.
# ---------------------------------------------------------------------------
LOG_FILE=""
PROGRAM_TAG="sample"
CONSOLE=1

log_line() {
  local line
  printf -v line '%(%Y-%m-%d %H:%M:%S)T [%s] %s: %s' -1 "$PROGRAM_TAG" "$1" "$2"
  if ((CONSOLE)) || [[ -z $LOG_FILE ]]; then
    if [[ $1 == ERROR || $CONSOLE == 0 ]]; then printf '%s\n' "$line" >&2; else printf '%s\n' "$line"; fi
  fi
  if [[ -n $LOG_FILE ]]; then printf '%s\n' "$line" >>"$LOG_FILE" 2>/dev/null || true; fi
}
info() { log_line INFO "$*"; }
warn() { log_line WARNING "$*"; }
error() { log_line ERROR "$*"; }

open_log() {
  LOG_FILE=$1
  if ! mkdir -p "${LOG_FILE%/*}" 2>/dev/null || ! : >>"$LOG_FILE" 2>/dev/null; then
    LOG_FILE=""
    warn "cannot write the log file $1; logging to the console only"
  fi
}

# ---------------------------------------------------------------------------
# Faults (tests and demos): <root>/etc/mobility-sample/faults, one word a line
# ("#" starts a comment), and MOBILITY_SAMPLE_FAULTS, comma-separated.
# Words: prereq vss slow slow=<seconds per phase> errors lock.
# ---------------------------------------------------------------------------
declare -A FAULT=()
UNKNOWN_FAULTS=()
SLOW_TICKS=100 # tenths of a second per slow phase (10 s); at most 150 (15 s)

add_fault() {
  local word
  trim word "$1"
  word=${word,,}
  [[ -z $word ]] && return 0
  case $word in
    prereq | vss | slow | errors | lock) FAULT[$word]=1 ;;
    slow=*)
      if [[ ${word#slow=} =~ ^([0-9]{1,2})(\.([0-9]))?$ ]]; then
        local ticks=$((10#${BASH_REMATCH[1]} * 10 + 10#${BASH_REMATCH[3]:-0}))
        ((ticks < 1)) && ticks=1
        ((ticks > 150)) && ticks=150
        SLOW_TICKS=$ticks
        FAULT[slow]=1
      else
        UNKNOWN_FAULTS+=("$word")
      fi
      ;;
    *) UNKNOWN_FAULTS+=("$word") ;;
  esac
}

load_faults() {
  local line word words=()
  local file="$SAMPLE_CONFIG_DIR/faults"
  if [[ -f $file && -r $file ]]; then
    while IFS= read -r line || [[ -n $line ]]; do
      add_fault "${line%%#*}"
    done <"$file"
  fi
  if [[ -n ${MOBILITY_SAMPLE_FAULTS:-} ]]; then
    IFS=, read -r -a words <<<"$MOBILITY_SAMPLE_FAULTS"
    for word in "${words[@]}"; do add_fault "$word"; done
  fi
}

has_fault() { [[ -n ${FAULT[$1]:-} ]]; }

report_faults() {
  local word active=()
  for word in prereq vss slow errors lock; do has_fault "$word" && active+=("$word"); done
  if ((${#active[@]} > 0)); then info "SAMPLE faults active: ${active[*]}"; fi
  for word in "${UNKNOWN_FAULTS[@]}"; do warn "ignoring unknown sample fault '$word'"; done
}

# slow_phase WHAT: with fault "slow", a progress line every 100 ms for
# SLOW_TICKS ticks, also on stdout (labelled: they exist only for tests and
# demos that need to see a run in progress; mobilityd reads nothing from
# them). Each wait is a foreground `sleep 0.1`, so a SIGTERM trap
# runs within 100 ms and no child outlives the script.
slow_phase() {
  has_fault slow || return 0
  local i
  for ((i = 1; i <= SLOW_TICKS; i++)); do
    sleep 0.1
    info "$1 ... $((i * 100 / SLOW_TICKS))% (sample fault: slow)"
    ((CONSOLE)) || printf '%s ... %s%% (sample fault: slow)\n' "$1" "$((i * 100 / SLOW_TICKS))"
  done
}

# ---------------------------------------------------------------------------
# Versions: two to four dotted numbers, compared numerically part by part.
# ---------------------------------------------------------------------------
valid_version() { [[ $1 =~ ^[0-9]{1,6}(\.[0-9]{1,6}){1,3}$ ]]; }

# compare_versions A B → VERSION_CMP = -1, 0 or 1
compare_versions() {
  local -a a b
  local i x y
  IFS=. read -r -a a <<<"$1"
  IFS=. read -r -a b <<<"$2"
  VERSION_CMP=0
  for ((i = 0; i < 4; i++)); do
    x=$((10#${a[i]:-0}))
    y=$((10#${b[i]:-0}))
    if ((x < y)); then VERSION_CMP=-1; return 0; fi
    if ((x > y)); then VERSION_CMP=1; return 0; fi
  done
}

# major_of VERSION: its first number, in VERSION_MAJOR.
major_of() { VERSION_MAJOR=$((10#${1%%.*})); }

# ---------------------------------------------------------------------------
# .vx_version: KEY=value lines, read the way mobilityd reads them (keys in
# upper case, optional quotes, inline comments after whitespace).
# Helpers that return through a variable name use prefixed locals so that the
# caller's variable is never shadowed.
# ---------------------------------------------------------------------------
declare -A VX=()
VX_LINES=()

unquote_value() {
  local _uq_v=$2 _uq_out="" _uq_i _uq_c
  if [[ ${#_uq_v} -ge 2 && $_uq_v == \"*\" ]]; then
    _uq_v=${_uq_v:1:${#_uq_v}-2}
    for ((_uq_i = 0; _uq_i < ${#_uq_v}; _uq_i++)); do
      _uq_c=${_uq_v:_uq_i:1}
      if [[ $_uq_c == \\ && ${_uq_v:_uq_i+1:1} == [\"\\\`\$] ]]; then
        _uq_i=$((_uq_i + 1))
        _uq_c=${_uq_v:_uq_i:1}
      fi
      _uq_out+=$_uq_c
    done
  elif [[ ${#_uq_v} -ge 2 && $_uq_v == \'*\' ]]; then
    _uq_out=${_uq_v:1:${#_uq_v}-2}
  else
    _uq_out=${_uq_v%%[[:space:]]#*}
    trim _uq_out "$_uq_out"
  fi
  printf -v "$1" '%s' "$_uq_out"
}

# vx_key VAR LINE: VAR = the line's key in upper case, or "" for other lines.
vx_key() {
  local _vk_t _vk_key=""
  trim _vk_t "$2"
  if [[ -n $_vk_t && $_vk_t != \#* && $_vk_t == *=* ]]; then
    trim _vk_key "${_vk_t%%=*}"
    [[ $_vk_key =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || _vk_key=""
  fi
  printf -v "$1" '%s' "${_vk_key^^}"
}

read_vx() {
  local line key value
  VX=()
  VX_LINES=()
  [[ -f $VX_FILE ]] || return 1
  while IFS= read -r line || [[ -n $line ]]; do
    line=${line%$'\r'}
    VX_LINES+=("$line")
    vx_key key "$line"
    [[ -z $key ]] && continue
    trim value "${line#*=}"
    unquote_value value "$value"
    VX[$key]=$value
  done <"$VX_FILE"
}

# vx_pick VAR KEY...: the first non-empty value among KEYs (as mobilityd picks).
vx_pick() {
  local _vp_var=$1 _vp_key
  shift
  for _vp_key in "$@"; do
    if [[ -n ${VX[$_vp_key]:-} ]]; then
      printf -v "$_vp_var" '%s' "${VX[$_vp_key]}"
      return 0
    fi
  done
  printf -v "$_vp_var" '%s' ""
}

quote_value() {
  local _qv_v=$2
  if [[ ! $_qv_v =~ ^[A-Za-z0-9_./:+@,%-]*$ ]]; then
    _qv_v=${_qv_v//\\/\\\\}
    _qv_v=${_qv_v//\"/\\\"}
    _qv_v=${_qv_v//\`/\\\`}
    _qv_v=${_qv_v//\$/\\\$}
    _qv_v="\"$_qv_v\""
  fi
  printf -v "$1" '%s' "$_qv_v"
}

# write_vx KEY=value...: sets those keys in .vx_version (read with read_vx
# first), keeping every other line; written to a temporary file and renamed
# so that a reader never sees half a file.
write_vx() {
  local -A updates=() written=()
  local -a order=() out=()
  local kv key line value tmp
  for kv in "$@"; do
    key=${kv%%=*}
    updates[$key]=${kv#*=}
    order+=("$key")
  done
  for line in "${VX_LINES[@]}"; do
    vx_key key "$line"
    if [[ -n $key && -n ${updates[$key]+set} ]]; then
      [[ -n ${written[$key]:-} ]] && continue
      quote_value value "${updates[$key]}"
      out+=("$key=$value")
      written[$key]=1
    else
      out+=("$line")
    fi
  done
  for key in "${order[@]}"; do
    [[ -n ${written[$key]:-} ]] && continue
    quote_value value "${updates[$key]}"
    out+=("$key=$value")
    written[$key]=1
  done
  mkdir -p "${VX_FILE%/*}" || return 1
  tmp="$VX_FILE.tmp.$$"
  printf '%s\n' "${out[@]}" >"$tmp" && mv -f "$tmp" "$VX_FILE"
}
