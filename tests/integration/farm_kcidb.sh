#!/usr/bin/env bash
# `export --kcidb` of a run with findings validates against the KCIDB I/O
# schema v5.3 kept in tests/data (published by kernelci/kcidb-io; python3-
# jsonschema, formats checked): one test per check at svafuzz.sim.CHECK and
# one per finding signature at svafuzz.sim.VERDICT.ACCESS.CAUSE, with the
# kernel as the build and the machine as the environment, files as URLs.
# The validator is shown to refuse a broken copy, and bad input is an
# error naming the file and the place.
B=$1 SRC=$2
source "$SRC/tests/integration/lib/farm_common.bash"
need_py jsonschema python3-jsonschema
need_py rfc3987 python3-rfc3987
SCHEMA=$SRC/tests/data/kcidb.schema.v5.3.json

sim_job "$W/res" 3 2 no-downgrade-inval
[ "$RC" = 2 ] || bad "the knob run: exit $RC, want 2"
"$B" export --kcidb "$RUN" -o "$W/k.json" || bad "export --kcidb failed"
"$PY" "$LIB/kcidb_validate.py" "$SCHEMA" "$W/k.json" || bad "the export does not validate"

# what is in it
"$PY" - "$W/k.json" "$RUN/run.json" "$RUN/junit.xml" <<'PY' || bad "the export's content"
import json, os, re, sys
k, run = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
ncases = open(sys.argv[3]).read().count("<testcase ")
assert k["version"] == {"major": 5, "minor": 3}, k["version"]
tests = k["tests"]
checks = [t for t in tests if t["path"].count(".") == 2]
sigs = [c["signature"] for f in run["findings"] for c in f["causes"]]
per_sig = [t for t in tests if t["path"].count(".") == 4]
assert len(checks) == ncases, "%d check tests, junit has %d" % (len(checks), ncases)
assert len(per_sig) == len(sigs), "%d signature tests for %d signatures" % (len(per_sig), len(sigs))
assert len({t["id"] for t in tests}) == len(tests), "test ids are not unique"
by = {t["path"]: t for t in tests}
assert by["svafuzz.sim.STALE_WRITE"]["status"] == "FAIL"
assert by["svafuzz.sim.SPURIOUS_FAULT"]["status"] == "PASS"
assert by["svafuzz.sim.kernel-log"]["status"] == "SKIP"
assert by["svafuzz.sim.kernel-log"]["log_excerpt"] == "kernel log not watched"
assert by["svafuzz.sim.op-slot-add"]["status"] == "SKIP"
# each signature's test: FAIL, its count, its folder's files as existing file:// URLs
for c in (c for f in run["findings"] for c in f["causes"]):
    v, acc, cause, be = c["signature"].split("/")
    t = by["svafuzz.%s.%s.%s.%s" % (be, v, acc, cause if cause != "-" else "none")]
    assert t["status"] == "FAIL" and t["number"]["value"] == c["count"], t
    assert t["misc"]["signature"] == c["signature"]
    assert t["log_url"].endswith("/" + c["dir"] + "/finding.json"), t["log_url"]
    names = {r["name"] for r in t["output_files"]}
    assert "repro.sva" in names, names
    for r in t["output_files"] + [{"url": t["log_url"]}]:
        assert r["url"].startswith("file:///") and os.path.exists(r["url"][7:]), r["url"]
# the kernel and the machine from run.json
b = k["builds"][0]
assert b["architecture"] == run["machine"]["arch"] and b["comment"] == run["kernel"], b
assert all(t["build_id"] == b["id"] for t in tests)
assert checks[0]["environment"]["misc"]["machine"] == run["machine"]
assert checks[0]["start_time"] == run["started"]
print("kcidb: %d tests (%d checks, %d signatures)" % (len(tests), len(checks), len(per_sig)))
PY

# the validator refuses a broken copy (so a pass above means something)
"$PY" - "$W/k.json" "$W" <<'PY'
import json, sys
k = json.load(open(sys.argv[1]))
def broken(name, f):
    d = json.loads(json.dumps(k)); f(d); json.dump(d, open("%s/%s.json" % (sys.argv[2], name), "w"))
broken("status", lambda d: d["tests"][0].update(status="BROKEN"))
broken("path", lambda d: d["tests"][0].update(path="svafuzz.sim.op:slot"))
broken("url", lambda d: d["tests"][0].update(log_url="not a url"))
broken("time", lambda d: d["tests"][0].update(start_time="2026-12-07 05:55"))
broken("version", lambda d: d.update(version={"major": 4}))
PY
for b in status path url time version; do
	"$PY" "$LIB/kcidb_validate.py" "$SCHEMA" "$W/$b.json" >/dev/null && bad "a broken $b validated"
done

# options: a build of another origin (tests only), published URLs, a job id in test ids
"$B" export --kcidb --origin lab_a --build-id maestro:abc123 --url-base https://farm.example/r/ \
	--id-prefix lava-4711 "$RUN" >"$W/k2.json" || bad "export with options failed"
"$PY" "$LIB/kcidb_validate.py" "$SCHEMA" "$W/k2.json" || bad "export with options does not validate"
t0=$(jq_py "$W/k2.json" 'd["tests"][0]["id"] + " " + d["tests"][0]["build_id"] + " " + d["tests"][0]["log_url"] + " " + str("builds" in d)')
case $t0 in
"lab_a:lava-4711.$(basename "$RUN").svafuzz.sim.STALE_WRITE maestro:abc123 https://farm.example/r/$(basename "$RUN")/run.json False") ;;
*) bad "options not applied: $t0" ;;
esac

# bad input: named with the place; bad options named
mkdir -p "$W/cut"; head -c 500 "$RUN/run.json" >"$W/cut/run.json"
err=$("$B" export --kcidb "$W/cut" 2>&1 >/dev/null); rc=$?
[ $rc = 1 ] && grep -q "$W/cut/run.json:[0-9]*:[0-9]*: the text ends inside a JSON value" <<<"$err" ||
	bad "cut run.json: exit $rc: $err"
err=$("$B" export --kcidb --origin Lab-A "$RUN" 2>&1 >/dev/null); rc=$?
[ $rc = 1 ] && grep -q "origin 'Lab-A'" <<<"$err" || bad "a bad origin: exit $rc: $err"
err=$("$B" export "$RUN" 2>&1 >/dev/null); rc=$?
[ $rc = 1 ] && grep -q "which format" <<<"$err" || bad "no format: exit $rc: $err"
err=$("$B" export --kcidb "$W/nothing-here" 2>&1 >/dev/null); rc=$?
[ $rc = 1 ] && grep -q "nothing-here: no such folder" <<<"$err" || bad "a missing folder: exit $rc: $err"
[ $fail = 0 ] && echo "ok"
exit $fail
