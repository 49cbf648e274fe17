#!/usr/bin/env bash
# export and merge on damaged run.json files never crash: a run.json cut at
# 40 places and 10 with a value of the wrong type (a string for a count, an
# object for a list, a cause that is not an object, ...) give exit 1 (or 6
# for merge) and a message naming the file, never a signal.
B=$1 SRC=$2
source "$SRC/tests/integration/lib/farm_common.bash"

sim_job "$W/res" 3 1 no-downgrade-inval
[ -f "$RUN/run.json" ] || { bad "no run.json"; exit 1; }
size=$(stat -c %s "$RUN/run.json")
variants=()
for i in $(seq 1 40); do	# cut at 40 places spread over the file
	v=$W/cut$i; mkdir -p "$v"
	head -c $((size * i / 41)) "$RUN/run.json" >"$v/run.json"
	variants+=("$v")
done
"$PY" - "$RUN/run.json" "$W" <<'PY'
import json, os, sys
r = json.load(open(sys.argv[1]))
def variant(name, f):
    d = json.loads(json.dumps(r)); f(d)
    os.makedirs("%s/%s" % (sys.argv[2], name), exist_ok=True)
    json.dump(d, open("%s/%s/run.json" % (sys.argv[2], name), "w"))
variant("t1", lambda d: d.update(findings={"a": 1}))
variant("t2", lambda d: d.update(accesses_judged="many"))
variant("t3", lambda d: d["findings"][0].update(causes=[1, "x", None]))
variant("t4", lambda d: d["findings"][0]["causes"][0].update(count=-3))
variant("t5", lambda d: d["findings"][0].update(causes="mprotect"))
variant("t6", lambda d: d.update(machine=[1, 2]))
variant("t7", lambda d: d.update(skipped=[{"what": 5}]))
variant("t8", lambda d: d.update(counts={"mprotect": "x"}))
variant("t9", lambda d: d["findings"][0]["causes"][0].update(signature=None))
variant("t10", lambda d: d.update(schema="svafuzz-run/9"))
PY
for i in $(seq 1 10); do variants+=("$W/t$i"); done

for v in "${variants[@]}"; do
	for cmd in "export --kcidb" "export --ktap"; do
		err=$("$B" $cmd "$v" 2>&1 >/dev/null); rc=$?
		[ $rc = 1 ] || bad "$cmd $(basename "$v"): exit $rc, want 1"
		grep -qF "$v/run.json" <<<"$err" || bad "$cmd $(basename "$v"): the file is not named: $err"
	done
done
# merge them all with one whole job: written, exit 6, every bad one named
"$B" merge "$RUN" "${variants[@]}" -o "$W/farm" >/dev/null 2>"$W/merge.err"; rc=$?
[ $rc = 6 ] || bad "merge of damaged inputs: exit $rc, want 6"
for v in "${variants[@]}"; do
	grep -qF "svafuzz merge: $v: $v/run.json" "$W/merge.err" || bad "merge does not name $(basename "$v")"
done
[ -s "$W/farm/run.json" ] && "$B" report "$W/farm" >/dev/null || bad "the merge is not a readable folder"
[ $fail = 0 ] && echo "ok: ${#variants[@]} damaged run.json files, 3 commands each"
exit $fail
