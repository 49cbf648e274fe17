# Shared by tests/integration/sim_*.sh: sourced, never run alone.
# Usage in a test: BIN=$1 SRC=$2; source "$SRC/tests/integration/lib/sim_common.bash"
set -u
[ -x "$BIN" ] || { echo "skipped: no svafuzz binary at $BIN"; exit 77; }
command -v python3 >/dev/null || { echo "skipped: python3 is needed to read run.json"; exit 77; }
WORK=$(mktemp -d /tmp/sf_it_XXXXXX)
trap 'rm -rf "$WORK"' EXIT

fail() { echo "FAIL: $*"; exit 1; }

# json_get FILE EXPR: python expression over the parsed document "d"
json_get() {
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

# run_knob KNOB SEED SECONDS: runs the sim with a knob; sets RC and RUN (the run folder)
run_knob() {
	"$BIN" run --backend sim ${1:+--inject "$1"} --seed "$2" --duration "$3"s \
		--results "$WORK/res" --quiet >"$WORK/out.txt" 2>"$WORK/err.txt"
	RC=$?
	RUN="$WORK/res/latest"
}

# expect_class KNOB SEED CLASS_REGEX: exit 2 and a finding whose verdict matches
expect_class() {
	run_knob "$1" "$2" 20
	[ "$RC" = 2 ] || { cat "$WORK/out.txt" "$WORK/err.txt"; fail "$1 seed $2: exit $RC, want 2"; }
	[ -f "$RUN/run.json" ] || fail "no run.json"
	local v
	v=$(json_get "$RUN/run.json" '" ".join(f["verdict"] for f in d["findings"])')
	echo "$1 seed $2: findings: $v"
	echo "$v" | grep -Eq "$3" || fail "$1 seed $2: no finding of class $3"
	echo "time to first: $(json_get "$RUN/run.json" 'min(f["t_first_s"] for f in d["findings"])')s"
}

# signal_run SIG AFTER_S ARGS...: `svafuzz run ARGS` (results in $WORK/res,
# output in $WORK/out.txt), sent SIG after AFTER_S seconds; sets RC and RUN
signal_run() {
	local sig=$1 after=$2 pid
	shift 2
	"$BIN" run "$@" --results "$WORK/res" --quiet >"$WORK/out.txt" 2>&1 &
	pid=$!
	sleep "$after"
	kill -"$sig" $pid
	wait $pid
	RC=$?
	RUN="$WORK/res/latest"
	echo "exit $RC (SIG$sig after ${after}s)"
}
