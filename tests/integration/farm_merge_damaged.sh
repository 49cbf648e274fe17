#!/usr/bin/env bash
# `svafuzz merge` of damaged jobs: a run.json cut short (a killed copy), a
# finding folder without repro.sva and one with a cut finding.json, a
# killed run's last run.json (exit_code null), and an empty folder (a job
# killed before it wrote anything). Each is merged as far as it is valid,
# named on stderr with the file and place, and in run.json's "merged";
# exit 6. Nothing readable at all: exit 1 and no folder.
B=$1 SRC=$2
source "$SRC/tests/integration/lib/farm_common.bash"

for s in 1 2 3 4; do
	sim_job "$W/res$s" $s 2 no-downgrade-inval
	[ "$RC" = 2 ] || bad "job $s: exit $RC, want 2"
	cp -r "$RUN" "$W/job$s"
done
head -c 1500 "$W/job2/run.json" >"$W/cut" && mv "$W/cut" "$W/job2/run.json"
rm "$W"/job3/findings/001-*/repro.sva
second=$(ls "$W/job3/findings" | sed -n 2p)
head -c 100 "$W/job3/findings/$second/finding.json" >"$W/cut" && mv "$W/cut" "$W/job3/findings/$second/finding.json"
"$PY" - "$W/job4/run.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
r.update(exit_code=None, ended_by=None, end_reason=None, complete=None, ended=None)
json.dump(r, open(sys.argv[1], "w"))
PY
mkdir "$W/job5"

"$B" merge "$W"/job{1,2,3,4,5} -o "$W/farm" >"$W/out.txt" 2>"$W/err.txt"; rc=$?
[ $rc = 6 ] || bad "merge of damaged jobs: exit $rc, want 6"
cat "$W/err.txt"
want() { grep -qF -- "$1" "$W/err.txt" || bad "stderr does not say: $1"; }
want "$W/job2: $W/job2/run.json:"
grep -q "job2/run.json:[0-9]*:[0-9]*: the text ends inside a JSON value" "$W/err.txt" || bad "cut run.json: no line:col"
want "$W/job3: findings/$(ls "$W/job3/findings" | head -1): no repro.sva"
grep -q "job3/findings/$second/finding.json:[0-9]*:[0-9]*: the text ends" "$W/err.txt" || bad "cut finding.json not named with its place"
want "$W/job4: killed or still running"
want "$W/job5: $W/job5/run.json: No such file or directory"
grep -q "merged 5 jobs (1 whole, 3 partial, 1 unreadable)" "$W/out.txt" || bad "summary: $(cat "$W/out.txt")"

"$PY" - "$W" <<'PY' || bad "the merged run.json"
import json, sys
w = sys.argv[1]
m = json.load(open(w + "/farm/run.json"))
st = [i["status"] for i in m["merged"]["inputs"]]
assert st == ["whole", "partial", "partial", "partial", "unreadable"], st
assert all(i["problems"] for i in m["merged"]["inputs"][1:]), "a damaged input without its problem"
assert m["complete"] is False and "1 unreadable" in m["end_reason"]
runs = {j: json.load(open("%s/job%d/run.json" % (w, j))) for j in (1, 3, 4)}
# counters: only the jobs whose run.json was read
assert m["programs"] == sum(r["programs"] for r in runs.values())
# the cut job's findings came from its folders: counted, at least once each
sigs2 = {json.load(open(f))["signature"] for f in __import__("glob").glob(w + "/job2/findings/*/finding.json")}
got = {c["signature"]: c for f in m["findings"] for c in f["causes"]}
assert sigs2 <= set(got), sigs2 - set(got)
assert any(got[s].get("count_is_floor") for s in sigs2)
# every signature of the readable run.jsons is there with its count at least
for r in runs.values():
    for f in r["findings"]:
        for c in f["causes"]:
            assert got[c["signature"]]["count"] >= c["count"], c["signature"]
# a reproducer is kept for every signature some job had whole
assert all(c["dir"] for c in got.values()), [s for s, c in got.items() if not c["dir"]]
print("merged %d signatures from damaged jobs" % len(got))
PY
grep -q 'Jobs merged (5)' "$W/farm/report.html" || bad "report.html does not list the jobs"
grep -q 'unreadable' "$W/farm/report.html" || bad "report.html does not show the unreadable job"
"$PY" -c 'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])' "$W/farm/junit.xml" || bad "junit.xml"
grep -q 'name="run-complete"' "$W/farm/junit.xml" && grep -A1 'name="run-complete"' "$W/farm/junit.xml" | grep -q '<failure' ||
	bad "run-complete does not fail in the merge of damaged jobs"

# nothing readable: exit 1, nothing written
mkdir "$W/empty1" "$W/empty2"
err=$("$B" merge "$W/empty1" "$W/empty2" -o "$W/none" 2>&1 >/dev/null); rc=$?
[ $rc = 1 ] && grep -q "no input could be read" <<<"$err" || bad "nothing readable: exit $rc: $err"
[ -e "$W/none" ] && bad "a folder was made from nothing"
[ $fail = 0 ] && echo "ok"
exit $fail
