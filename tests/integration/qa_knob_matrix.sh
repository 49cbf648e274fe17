#!/bin/bash
# Every sim bug knob, on two seeds, reports a finding of the class that knob
# causes (issue 3), exits 2 and prints the time to its first finding. A
# CI-sized cut of scripts/verify-sim.sh: 2 s a run instead of 20 (the
# first finding of the knob's class comes within the first second even on
# a loaded machine), 16 runs.
BIN=$1 SRC=$2
set -u
source "$SRC/tests/integration/lib/qa_common.bash"
qa_test_setup qa_knob

bad=0
for knob in no-upgrade-inval no-downgrade-inval range-end-off-by-one range-start-equals-end \
	    skip-multi-vma inval-before-pte-change stale-after-cow ioas-unmap-skips-domain; do
	want=$(qa_classes "$knob")
	for seed in 3 8; do
		res=$WORK/$knob-$seed
		qa_sim "$res" --inject "$knob" --seed "$seed" --duration 2s
		if [ -z "$QA_JSON" ]; then
			echo "FAIL: $knob seed $seed: exit $QA_RC and no run.json"
			tail -5 "$res.out"
			bad=$((bad + 1))
			continue
		fi
		IFS=$'\t' read -r all found _ t _ < <(qa_findings "$QA_JSON" $want)
		echo "$knob seed $seed: exit $QA_RC, classes $all, first ${want// /|} after ${t}s"
		if [ "$QA_RC" != 2 ]; then
			echo "FAIL: $knob seed $seed: exit $QA_RC, want 2"
			bad=$((bad + 1))
		elif [ "$found" != yes ]; then
			echo "FAIL: $knob seed $seed: no finding of class ${want// /|}"
			bad=$((bad + 1))
		elif ! grep -Eq 'first after [0-9.]+ ?s' "$res.out"; then
			echo "FAIL: $knob seed $seed: the summary does not give the time to the first finding"
			bad=$((bad + 1))
		fi
	done
done
[ "$bad" = 0 ] || { echo "FAIL: $bad runs"; exit 1; }
echo PASS
