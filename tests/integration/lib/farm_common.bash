# Shared by tests/integration/farm_*.sh: sourced, never run alone.
# Usage in a test: B=$1 SRC=$2; source "$SRC/tests/integration/lib/farm_common.bash"
# Python is Debian's (/usr/bin/python3): the checks use the Debian packages
# scripts/install-deps.sh farm installs, not whatever python3 is first on PATH.
set -u
[ -x "$B" ] || { echo "skipped: no svafuzz binary at $B"; exit 77; }
B=$(readlink -f "$B")
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3) || { echo "skipped: no python3"; exit 77; }
W=$(mktemp -d /tmp/sf_farm_XXXXXX)
trap 'rm -rf "$W"' EXIT
LIB=$SRC/tests/integration/lib
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# need_py MODULE PACKAGE: skip (77) when $PY cannot import MODULE
need_py() {
	"$PY" -c "import $1" 2>/dev/null && return 0
	echo "skipped: $PY has no module $1 (Debian package $2: scripts/install-deps.sh farm)"
	exit 77
}

# sim_job PARENT SEED SECONDS [KNOB [RUN-OPTIONS...]]: a short sim run into
# PARENT; sets RC, RUN
sim_job() {
	local parent=$1 seed=$2 secs=$3 knob=${4:-}
	shift $(($# < 4 ? $# : 4))
	"$B" run --backend sim ${knob:+--inject "$knob"} --seed "$seed" --duration "$secs"s --quiet \
		--no-klog --results "$parent" "$@" >"$W/run-out.txt" 2>"$W/run-err.txt"
	RC=$?
	RUN=$(readlink -f "$parent/latest")
}

# jq_py FILE EXPR: a python expression over the parsed JSON document d
jq_py() {
	"$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}
