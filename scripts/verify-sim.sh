#!/usr/bin/env bash
# Verifies issue 3's "Done when" on the sim backend: every bug knob x every
# seed reports a finding of the knob's class and exits 2; runs without a
# knob report nothing and exit 0 with accesses judged and sim steps
# counted; each knob's first reproducer replays to the same verdict every
# time. Prints one Markdown table per part and exits 1 if any cell fails.
#
# usage: scripts/verify-sim.sh [SVAFUZZ]      (default: build-qa/svafuzz, then build/svafuzz)
# environment (defaults in brackets):
#   SEEDS [1 2 ... 10]      seeds of the knob matrix
#   DURATION [20]           seconds per knob run
#   KNOBS [all seven]       knobs to run
#   CLEAN_SEEDS [1 2 3]     seeds of the no-knob runs
#   CLEAN_DURATION [60]     seconds per no-knob run
#   REPLAY_TIMES [5]        replays of each knob's first reproducer
#   OUT [mktemp -d]         where the runs' results and logs are kept
set -u
cd "$(dirname "$0")/.."

BIN=${1:-}
if [ -z "$BIN" ]; then
	for b in build-qa/svafuzz build/svafuzz; do
		[ -x "$b" ] && { BIN=$b; break; }
	done
fi
[ -n "$BIN" ] && [ -x "$BIN" ] || { echo "verify-sim: no svafuzz binary (give its path)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "verify-sim: python3 is needed to read run.json" >&2; exit 1; }

SEEDS=${SEEDS:-$(seq 1 10)}
DURATION=${DURATION:-20}
KNOBS=${KNOBS:-no-upgrade-inval no-downgrade-inval range-end-off-by-one range-start-equals-end skip-multi-vma inval-before-pte-change stale-after-cow}
CLEAN_SEEDS=${CLEAN_SEEDS:-1 2 3}
CLEAN_DURATION=${CLEAN_DURATION:-60}
REPLAY_TIMES=${REPLAY_TIMES:-5}
OUT=${OUT:-$(mktemp -d /tmp/verify-sim.XXXXXX)}
mkdir -p "$OUT"

# The verdict classes each knob must produce (issue 3).
expected_classes() {
	case $1 in
	no-upgrade-inval) echo "FAULT_LOOP SPURIOUS_FAULT" ;;
	stale-after-cow) echo "LOST_WRITE STALE_READ STALE_WRITE" ;;
	*) echo "STALE_WRITE STALE_READ" ;;
	esac
}

# summarize RUN_JSON EXPECTED...: prints, tab-separated: classes found
# (CLASS:distinct findings), whether an expected class is among them, the
# class of the first finding, seconds to the first expected finding and
# its folder. "-" where there is none.
summarize() {
	python3 - "$@" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
want = set(sys.argv[2:])
fs = d.get("findings") or []
count = {}
for f in fs:
	count[f["verdict"]] = count.get(f["verdict"], 0) + 1
classes = ",".join("%s:%d" % (k, count[k]) for k in sorted(count)) or "-"
# list order breaks ties between findings of the same program
first = min(fs, key=lambda f: f["t_first_s"])["verdict"] if fs else "-"
exp = [f for f in fs if f["verdict"] in want]
best = min(exp, key=lambda f: f["t_first_s"]) if exp else None
print("\t".join([classes, "yes" if exp else "no", first,
		 "%.3f" % best["t_first_s"] if best else "-",
		 (best["dir"] or "-") if best else "-"]))
EOF
}

# json_get FILE EXPR: a python expression over the parsed document d
json_get() {
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

# run_one NAME KNOB SEED SECONDS: one run into $OUT/NAME; sets RC and RUNDIR
run_one() {
	local res=$OUT/$1
	rm -rf "$res"
	"$BIN" run --backend sim ${2:+--inject "$2"} --seed "$3" --duration "$4"s \
		--results "$res" --quiet >"$res.log" 2>&1
	RC=$?
	RUNDIR=$(readlink -f "$res/latest" 2>/dev/null || true)
}

failures=0
declare -A FIRST_REPRO FIRST_VERDICT

echo "# svafuzz sim verification"
echo
echo "binary: $BIN ($("$BIN" --version 2>/dev/null | head -1)), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- src 2>/dev/null || echo ' + uncommitted src changes')"
echo "machine: $(uname -m), $(nproc) CPUs, kernel $(uname -r); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ); results kept in $OUT"
echo
echo "## Knob matrix ($DURATION s per run)"
echo
echo "| knob | seed | exit | classes found (distinct findings) | expected class found | first finding | s to first expected | result |"
echo "|---|---|---|---|---|---|---|---|"
for knob in $KNOBS; do
	for seed in $SEEDS; do
		run_one "$knob-seed$seed" "$knob" "$seed" "$DURATION"
		if [ -n "$RUNDIR" ] && [ -f "$RUNDIR/run.json" ]; then
			IFS=$'\t' read -r classes found first tfirst dir < \
				<(summarize "$RUNDIR/run.json" $(expected_classes "$knob"))
		else
			classes="(no run.json)" found=no first=- tfirst=- dir=-
		fi
		result=ok
		if [ "$RC" != 2 ] || [ "$found" != yes ]; then
			result=FAIL
			failures=$((failures + 1))
		fi
		# the first finding of another class is worth a look, not a failure
		case " $(expected_classes "$knob") " in
		*" $first "*) ;;
		*) [ "$first" = - ] || result="$result (first is $first)" ;;
		esac
		if [ -z "${FIRST_REPRO[$knob]:-}" ] && [ "$dir" != - ]; then
			FIRST_REPRO[$knob]=$RUNDIR/$dir/repro.sva
			FIRST_VERDICT[$knob]=$(json_get "$RUNDIR/$dir/finding.json" 'd["verdict"]')
		fi
		echo "| $knob | $seed | $RC | $classes | $found | $first | $tfirst | $result |"
	done
done

echo
echo "## No knob ($CLEAN_DURATION s per run)"
echo
echo "| seed | exit | findings | accesses judged | decisive share | sim steps | programs | result |"
echo "|---|---|---|---|---|---|---|---|"
for seed in $CLEAN_SEEDS; do
	run_one "clean-seed$seed" "" "$seed" "$CLEAN_DURATION"
	j=$RUNDIR/run.json
	if [ -n "$RUNDIR" ] && [ -f "$j" ]; then
		nf=$(json_get "$j" 'len(d["findings"] or [])')
		judged=$(json_get "$j" 'd["accesses_judged"]')
		share=$(json_get "$j" '"%.1f %%" % (100 * d["decisive_share"])')
		steps=$(json_get "$j" 'd["backend_stats"]["sim_steps"]')
		progs=$(json_get "$j" 'd["programs"]')
	else
		nf="(no run.json)" judged=0 share=- steps=0 progs=-
	fi
	result=ok
	if [ "$RC" != 0 ] || [ "$nf" != 0 ] || [ "$judged" -le 0 ] || [ "$steps" -le 0 ]; then
		result=FAIL
		failures=$((failures + 1))
	fi
	echo "| $seed | $RC | $nf | $judged | $share | $steps | $progs | $result |"
done

echo
echo "## Replay of each knob's first reproducer (--times $REPLAY_TIMES)"
echo
echo "| knob | reproducer | finding's verdict | exit | replay says | result |"
echo "|---|---|---|---|---|---|"
for knob in $KNOBS; do
	repro=${FIRST_REPRO[$knob]:-}
	if [ -z "$repro" ] || [ ! -f "$repro" ]; then
		echo "| $knob | (none saved) | - | - | - | FAIL |"
		failures=$((failures + 1))
		continue
	fi
	want=${FIRST_VERDICT[$knob]}
	"$BIN" replay "$repro" --times "$REPLAY_TIMES" >"$OUT/replay-$knob.log" 2>&1
	rc=$?
	said=$(grep '^reproduced' "$OUT/replay-$knob.log" | tail -1)
	result=ok
	[ "$rc" = 2 ] && [ "$said" = "reproduced $REPLAY_TIMES/$REPLAY_TIMES: $want" ] || {
		result=FAIL
		failures=$((failures + 1))
	}
	echo "| $knob | ${repro#"$OUT"/} | $want | $rc | $said | $result |"
done

echo
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg); failed cells: $failures"
[ "$failures" = 0 ]
