#!/usr/bin/env bash
# contrib/lava: the test definition and the two sample jobs pass LAVA's own
# schemas (lava_common.schemas from Debian's lava-common 2023.01, strict, as
# the LAVA server checks a submitted job), which are shown to refuse broken
# copies; the jobs point at the definition in the tree with parameters it
# declares; and the definition's script, run here with svafuzz already
# built, reports every check with lava-test-case (a stand-in on PATH
# records the calls) and leaves the results tarball and KCIDB JSON.
B=$1 SRC=$2
source "$SRC/tests/integration/lib/farm_common.bash"
need_py yaml python3-yaml
need_py lava_common.schemas lava-common
L=$SRC/contrib/lava

"$PY" - "$L" <<'PY' || bad "the LAVA schemas refuse contrib/lava"
import copy, os, sys, yaml
from voluptuous import Invalid
from lava_common.schemas import validate as validate_job
from lava_common.schemas.test.testdef import validate as validate_testdef
L = sys.argv[1]
testdef = yaml.safe_load(open(L + "/svafuzz.yaml"))
validate_testdef(testdef)
params = set(testdef["params"])
steps = testdef["run"]["steps"]
assert steps[0] == "cd ./contrib/lava", steps[0]
for s in steps[1:]:
    script = s.split()[0]
    assert os.access(L + "/" + script, os.X_OK), script + " is not an executable in contrib/lava"
for p in params:
    assert "${%s}" % p in steps[1], "parameter %s is not passed to svafuzz.sh" % p
def refused(what, job):
    try:
        validate_job(job, strict=True)
    except Invalid:
        return
    raise AssertionError("a broken job passed: " + what)
for name in ("qemu-arm64.yaml", "arm64-board.yaml"):
    job = yaml.safe_load(open(L + "/jobs/" + name))
    validate_job(job, strict=True)
    tests = [a["test"] for a in job["actions"] if "test" in a]
    defs = [d for t in tests for d in t["definitions"]]
    assert defs and all(d["path"] == "contrib/lava/svafuzz.yaml" for d in defs), name
    for d in defs:
        assert set(d.get("parameters", {})) <= params, (name, set(d["parameters"]) - params)
    # the schema is not a rubber stamp
    j = copy.deepcopy(job); del j["timeouts"]; refused(name + " without timeouts", j)
    j = copy.deepcopy(job); j["actions"][1]["boot"]["method"] = "floppy"; refused(name + " bad boot", j)
    j = copy.deepcopy(job); j["visibility"] = "everyone"; refused(name + " bad visibility", j)
    print(name, "ok:", job["device_type"])
t = copy.deepcopy(testdef); t["metadata"]["format"] = "Lava-Test 2"
try:
    validate_testdef(t)
    raise AssertionError("a test definition of another format passed")
except Invalid:
    pass
print("svafuzz.yaml ok")
PY

# the script, as LAVA runs it, with svafuzz already built and a stand-in lava-test-case
mkdir -p "$W/bin"
cat >"$W/bin/lava-test-case" <<SH
#!/bin/sh
echo "\$*" >>"$W/cases.txt"
SH
chmod +x "$W/bin/lava-test-case"
(cd "$L" && PATH=$W/bin:$PATH SVAFUZZ=$B SVAFUZZ_LAVA_OUTPUT=$W/out \
	./svafuzz.sh -p configs/quick.conf -b sim -d 2s -S 3 -s true >"$W/script.log" 2>&1 &&
	PATH=$W/bin:$PATH ./send-to-lava.sh "$W/out/result.txt") || { tail "$W/script.log"; bad "svafuzz.sh failed"; }
[ -f "$W/cases.txt" ] || { tail -20 "$W/script.log"; bad "no lava-test-case call"; exit 1; }
cases=$(cat "$W/cases.txt")
grep -qx 'svafuzz-probe --result pass' <<<"$cases" || bad "probe not reported"
grep -qx 'svafuzz-run --result pass' <<<"$cases" || bad "the run not reported as pass"
grep -qx 'svafuzz-sim-STALE_WRITE --result pass' <<<"$cases" || bad "STALE_WRITE not reported"
grep -qx 'svafuzz-sim-kernel-log --result skip' <<<"$cases" || bad "kernel-log not reported as skip"
grep -Eqx 'svafuzz-sim-accesses-judged --result pass --measurement [1-9][0-9]* --units accesses' <<<"$cases" ||
	bad "accesses-judged measurement"
run=$(readlink -f "$W/out/results/latest")
nj=$(grep -c '<testcase ' "$run/junit.xml")
nc=$(grep -c '^svafuzz-sim-' <<<"$cases")
[ "$nc" = $((nj + 1)) ] || bad "$nc check cases for $nj junit testcases (+1 measurement)"
tar -tJf "$W/out/svafuzz-results.tar.xz" | grep -q 'results/.*/run.json' || bad "results tarball lacks run.json"
[ -s "$W/out/kcidb.json" ] || bad "no kcidb.json"
[ $fail = 0 ] && echo "ok"
exit $fail
