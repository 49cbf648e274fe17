#!/bin/bash
# The sim without a bug knob is a correct kernel: several seeds, both TLB
# rules and both generator profiles, each run exits 0 with zero verdicts,
# while accesses were judged (most of them decisive) and sim steps counted.
# Any verdict here is a false positive of the oracle or the sim. ~1 min.
BIN=$1 SRC=$2
set -u
source "$SRC/tests/integration/lib/qa_common.bash"
qa_test_setup qa_clean

bad=0
for cell in 11:smmuv3:mix 12:vtd:mix 13:smmuv3:cow-upgrade 14:vtd:cow-upgrade 15:smmuv3:mix 16:smmuv3:mix; do
	IFS=: read -r seed arch profile <<<"$cell"
	qa_sim "$WORK/$seed" --seed "$seed" --arch "$arch" --profile "$profile" --duration 8s
	if [ -z "$QA_JSON" ]; then
		echo "FAIL: seed $seed: exit $QA_RC and no run.json"
		tail -5 "$WORK/$seed.out"
		bad=$((bad + 1))
		continue
	fi
	read -r verdicts findings judged decisive steps rejected jrc < <(qa_json "$QA_JSON" \
		'" ".join(str(x) for x in (d["verdicts"], len(d["findings"] or []), d["accesses_judged"],
		 d["accesses_decisive"], d["backend_stats"]["sim_steps"], d["oracle"]["rejected"], d["exit_code"]))')
	echo "seed $seed $arch $profile: exit $QA_RC, $verdicts verdicts, $judged accesses judged ($decisive decisive), $steps sim steps"
	why=""
	[ "$QA_RC" = 0 ] || why="$why exit $QA_RC (want 0);"
	[ "$jrc" = 0 ] || why="$why run.json exit_code $jrc;"
	[ "$verdicts" = 0 ] && [ "$findings" = 0 ] || why="$why $verdicts verdicts without a knob (false positives);"
	[ "$judged" -gt 0 ] || why="$why no access judged;"
	# a run whose accesses are seldom decisive could not find anything either
	[ "$((decisive * 2))" -gt "$judged" ] || why="$why only $decisive of $judged accesses decisive;"
	[ "$steps" -gt 0 ] || why="$why no sim steps counted;"
	[ "$rejected" = 0 ] || why="$why the oracle rejected $rejected events;"
	if [ -n "$why" ]; then
		echo "FAIL: seed $seed:$why"
		grep -m3 '^finding' "$WORK/$seed.out"
		bad=$((bad + 1))
	fi
done
[ "$bad" = 0 ] || { echo "FAIL: $bad runs"; exit 1; }
echo PASS
