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
KNOBS=${KNOBS:-no-upgrade-inval no-downgrade-inval range-end-off-by-one range-start-equals-end skip-multi-vma inval-before-pte-change stale-after-cow ioas-unmap-skips-domain}
CLEAN_SEEDS=${CLEAN_SEEDS:-1 2 3}
CLEAN_DURATION=${CLEAN_DURATION:-60}
REPLAY_TIMES=${REPLAY_TIMES:-5}
OUT=${OUT:-$(mktemp -d /tmp/verify-sim.XXXXXX)}
mkdir -p "$OUT"

BIN=$(readlink -f "$BIN")
# qa_classes, qa_sim, qa_json, qa_findings
source tests/integration/lib/qa_common.bash

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
		qa_sim "$OUT/$knob-seed$seed" --inject "$knob" --seed "$seed" --duration "$DURATION"s
		RC=$QA_RC
		RUNDIR=$(dirname "$QA_JSON")
		if [ -n "$QA_JSON" ]; then
			IFS=$'\t' read -r classes found first tfirst dir < \
				<(qa_findings "$QA_JSON" $(qa_classes "$knob"))
		else
			classes="(no run.json)" found=no first=- tfirst=- dir=-
		fi
		result=ok
		if [ "$RC" != 2 ] || [ "$found" != yes ]; then
			result=FAIL
			failures=$((failures + 1))
		fi
		# the first finding of another class is worth a look, not a failure
		case " $(qa_classes "$knob") " in
		*" $first "*) ;;
		*) [ "$first" = - ] || result="$result (first is $first)" ;;
		esac
		if [ -z "${FIRST_REPRO[$knob]:-}" ] && [ "$dir" != - ]; then
			FIRST_REPRO[$knob]=$RUNDIR/$dir/repro.sva
			FIRST_VERDICT[$knob]=$(qa_json "$RUNDIR/$dir/finding.json" 'd["verdict"]')
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
	qa_sim "$OUT/clean-seed$seed" --seed "$seed" --duration "$CLEAN_DURATION"s
	RC=$QA_RC
	j=$QA_JSON
	if [ -n "$j" ]; then
		nf=$(qa_json "$j" 'len(d["findings"] or [])')
		judged=$(qa_json "$j" 'd["accesses_judged"]')
		share=$(qa_json "$j" '"%.1f %%" % (100 * d["decisive_share"])')
		steps=$(qa_json "$j" 'd["backend_stats"]["sim_steps"]')
		progs=$(qa_json "$j" 'd["programs"]')
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
