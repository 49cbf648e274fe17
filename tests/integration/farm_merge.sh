#!/usr/bin/env bash
# `svafuzz merge`: three sim runs with the same knob and different seeds
# into one folder whose findings are the union by signature (each count
# the sum of the jobs' counts, the first time the earliest, the reproducer
# with the fewest ops kept and copied), whose counters are the jobs' sums,
# and whose junit.xml, report.html, KTAP and KCIDB export are those of a run.
# The second job runs shorter programs, so that which reproducer is kept
# (the smallest) is a choice the test sees; and it is made to see one of
# its signatures late, so that the smallest is not the first sighting's.
B=$1 SRC=$2
source "$SRC/tests/integration/lib/farm_common.bash"

for s in 1 2 3; do
	ops=2000; [ $s = 2 ] && ops=300
	sim_job "$W/jobs" $s 2 no-downgrade-inval --ops-per-program $ops
	[ "$RC" = 2 ] || bad "job seed $s: exit $RC, want 2"
done
# Which job saw a signature first is a race of the jobs' clocks (under a
# load of 20 the short-program job can come first for all it finds,
# leaving the choice below unexercised): make job 2 see one signature,
# that another job also found, 1000 s after that job did. The earliest
# sighting is then another job's and the smallest reproducer still job 2's.
"$PY" - "$W/jobs" <<'PY' || bad "no signature found by job 2 and another job"
import glob, json, sys
jobs = sorted(glob.glob(sys.argv[1] + "/2*"))
runs = [json.load(open(j + "/run.json")) for j in jobs]
def causes(r):
    return {c["signature"]: c for f in r["findings"] for c in f["causes"]}
two = [r for r in runs if r["seed"] == 2][0]
others = [causes(r) for r in runs if r["seed"] != 2]
for sig, c in sorted(causes(two).items()):
    seen = [o[sig]["t_first_s"] for o in others if sig in o]
    if seen:
        c["t_first_s"] = min(seen) + 1000
        break
else:
    sys.exit(1)
j = jobs[runs.index(two)]
json.dump(two, open(j + "/run.json", "w"), indent=1)
print("job 2 saw %s later" % sig)
PY
out=$("$B" merge "$W/jobs" -o "$W/farm" 2>"$W/merge.err"); rc=$?
[ $rc = 0 ] || { cat "$W/merge.err"; bad "merge: exit $rc, want 0"; }
[ -s "$W/merge.err" ] && { cat "$W/merge.err"; bad "merge of whole jobs said something on stderr"; }
echo "$out" | head -1

"$PY" - "$W/farm" "$W/jobs" <<'PY' || bad "the merged run.json"
import glob, json, os, sys
farm, jobs = sys.argv[1], sorted(glob.glob(sys.argv[2] + "/2*"))
m = json.load(open(farm + "/run.json"))
runs = [json.load(open(j + "/run.json")) for j in jobs]
assert len(runs) == 3 and m["merged"]["jobs"] == 3
assert [i["status"] for i in m["merged"]["inputs"]] == ["whole"] * 3
assert m["seed"] is None and sorted(i["seed"] for i in m["merged"]["inputs"]) == [1, 2, 3]
for key in ("programs", "accesses_judged", "verdicts", "faults_seen"):
    assert m[key] == sum(r[key] for r in runs), key
for op, n in m["counts"].items():
    assert n == sum(r["counts"][op] for r in runs), op
assert m["backend"] == "sim" and m["knob"] == "no-downgrade-inval" and m["complete"] is True
assert m["exit_code"] == 2
# the union by signature, counts added, the earliest first time
want = {}
for j, r in zip(jobs, runs):
    for f in r["findings"]:
        for c in f["causes"]:
            ops = json.load(open(j + "/" + c["dir"] + "/finding.json"))["program_ops"]
            w = want.setdefault(c["signature"], {"count": 0, "t": 1e9, "ops": 1 << 60, "jobs": 0})
            w["count"] += c["count"]; w["t"] = min(w["t"], c["t_first_s"]); w["jobs"] += 1
            w["ops"] = min(w["ops"], ops)
got = {c["signature"]: (f, c) for f in m["findings"] for c in f["causes"]}
assert set(got) == set(want), set(got) ^ set(want)
for sig, w in want.items():
    f, c = got[sig]
    assert c["count"] == w["count"], (sig, c["count"], w["count"])
    assert abs(c["t_first_s"] - w["t"]) < 1e-9 and c["jobs"] == w["jobs"], sig
    # the smallest reproducer, copied whole
    assert c["reproducer_from"]["program_ops"] == w["ops"], (sig, c["reproducer_from"], w["ops"])
    src, dst = c["reproducer_from"]["dir"], farm + "/" + c["dir"]
    assert open(src + "/repro.sva").read() == open(dst + "/repro.sva").read(), sig
    assert json.load(open(dst + "/finding.json"))["signature"] == sig
    assert os.access(dst + "/replay.sh", os.X_OK), "replay.sh not executable"
# the short programs' reproducers win, also where another job saw the signature first
assert 300 in [c["reproducer_from"]["program_ops"] for _, c in got.values()]
assert any(c["first_job"] != c["reproducer_from"]["job"] for _, c in got.values()), \
    "every kept reproducer is its first sighting's: the choice was not exercised"
for f in m["findings"]:
    assert f["count"] == sum(c["count"] for c in f["causes"]), f["signature"]
    assert all(c["signature"].split("/")[0] == f["verdict"] for c in f["causes"])
fams = {f["signature"] for r in runs for f in r["findings"]}
assert {f["signature"] for f in m["findings"]} == fams
print("merged: %d distinct findings, %d signatures, %d verdicts" % (len(fams), len(want), m["verdicts"]))
PY

# junit.xml: well-formed, one testcase per check, failures where findings are
"$PY" - "$W/farm/junit.xml" "$W/farm/run.json" <<'PY' || bad "the merged junit.xml"
import json, sys, xml.etree.ElementTree as ET
s = ET.parse(sys.argv[1]).getroot().find("testsuite")
m = json.load(open(sys.argv[2]))
cases = {c.get("name"): c for c in s.findall("testcase")}
assert s.get("name") == "svafuzz.sim" and int(s.get("tests")) == len(cases)
for f in m["findings"]:
    assert cases[f["verdict"]].find("failure") is not None, f["verdict"]
assert cases["run-complete"].find("failure") is None
assert int(s.get("failures")) == len({f["verdict"] for f in m["findings"]})
PY

# report.html renders, names the jobs, links the copied findings; `report` redoes it
h=$W/farm/report.html
grep -q 'Jobs merged (3)' "$h" || bad "report.html does not list the jobs"
grep -q 'merged from <b>3 jobs</b>' "$h" || bad "report.html header does not say merged"
grep -q 'href="findings/001-' "$h" || bad "report.html does not link the findings"
rm "$h"; "$B" report "$W/farm" >/dev/null && [ -s "$h" ] || bad "svafuzz report of the merge failed"

# the merge reads as a run: KTAP and (with python3-jsonschema) KCIDB
"$B" export --ktap "$W/farm" >"$W/farm.ktap" && "$PY" "$LIB/ktap_check.py" "$W/farm.ktap" >/dev/null ||
	bad "KTAP of the merge"
if "$PY" -c 'import jsonschema, rfc3987' 2>/dev/null; then
	"$B" export --kcidb "$W/farm" -o "$W/farm.json" &&
		"$PY" "$LIB/kcidb_validate.py" "$SRC/tests/data/kcidb.schema.v5.3.json" "$W/farm.json" ||
		bad "KCIDB of the merge"
fi

# OUT must be new (or empty): never mixed with another folder's files
err=$("$B" merge "$W/jobs" -o "$W/farm" 2>&1 >/dev/null); rc=$?
[ $rc = 1 ] && grep -q "exists and is not empty" <<<"$err" || bad "merge into a full folder: exit $rc: $err"
err=$("$B" merge "$W/jobs" 2>&1 >/dev/null); rc=$?
[ $rc = 1 ] && grep -q -- "-o OUT" <<<"$err" || bad "merge without -o: exit $rc: $err"
[ $fail = 0 ] && echo "ok"
exit $fail
