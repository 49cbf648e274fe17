#!/bin/bash
# Every sim bug knob, on two seeds, reports a finding of the class that knob
# causes (issue 3), exits 2 and prints the time to its first finding. A
# CI-sized cut of scripts/verify-sim.sh: 3 s a run instead of 20 (the
# first finding comes within the first few programs), 14 runs, about 1 min.
BIN=$1 SRC=$2
set -u
[ -x "$BIN" ] || { echo "skipped: no svafuzz binary at $BIN"; exit 77; }
command -v python3 >/dev/null || { echo "skipped: python3 is needed to read run.json"; exit 77; }
WORK=$(mktemp -d /tmp/qa_knob_XXXXXX)
trap 'rm -rf "$WORK"' EXIT

SEEDS="3 8"
SECONDS_PER_RUN=3
bad=0

# the classes each knob must produce, as issue 3 states them
classes_of() {
	case $1 in
	no-upgrade-inval) echo "FAULT_LOOP SPURIOUS_FAULT" ;;
	stale-after-cow) echo "LOST_WRITE STALE_READ STALE_WRITE" ;;
	*) echo "STALE_WRITE STALE_READ" ;;
	esac
}

# found RUN_JSON CLASS...: prints "<seconds to the first finding of one of
# the classes> <all classes found>", or "none <classes>" without one
found() {
	python3 - "$@" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
fs = d.get("findings") or []
hit = [f["t_first_s"] for f in fs if f["verdict"] in sys.argv[2:]]
print("%.3f" % min(hit) if hit else "none", ",".join(sorted({f["verdict"] for f in fs})) or "-")
EOF
}

for knob in no-upgrade-inval no-downgrade-inval range-end-off-by-one range-start-equals-end \
	    skip-multi-vma inval-before-pte-change stale-after-cow; do
	for seed in $SEEDS; do
		res=$WORK/$knob-$seed
		"$BIN" run --backend sim --inject "$knob" --seed "$seed" --duration ${SECONDS_PER_RUN}s \
			--results "$res" --quiet >"$res.out" 2>&1
		rc=$?
		json=$res/latest/run.json
		if [ ! -f "$json" ]; then
			echo "FAIL: $knob seed $seed: exit $rc and no run.json"
			tail -5 "$res.out"
			bad=$((bad + 1))
			continue
		fi
		read -r t all < <(found "$json" $(classes_of "$knob"))
		echo "$knob seed $seed: exit $rc, classes $all, first $(classes_of "$knob" | tr ' ' '|') after ${t}s"
		if [ "$rc" != 2 ]; then
			echo "FAIL: $knob seed $seed: exit $rc, want 2"
			bad=$((bad + 1))
		elif [ "$t" = none ]; then
			echo "FAIL: $knob seed $seed: no finding of class $(classes_of "$knob")"
			bad=$((bad + 1))
		elif ! grep -Eq 'first after [0-9.]+ ?s' "$res.out"; then
			echo "FAIL: $knob seed $seed: the summary does not give the time to the first finding"
			bad=$((bad + 1))
		fi
	done
done
[ "$bad" = 0 ] || { echo "FAIL: $bad runs"; exit 1; }
echo PASS
