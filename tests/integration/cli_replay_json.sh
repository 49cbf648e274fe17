#!/usr/bin/env bash
# replay --json: one JSON object (file, backend, expect, times, reproduced,
# a result per run) and nothing else on stdout, for farms.
BIN=$1 SRC=$2
source "$SRC/tests/integration/lib/sim_common.bash"
source "$SRC/tests/integration/lib/finding.bash"
make_finding
repro=$REPRO
"$BIN" replay "$repro" --times 3 --json > "$WORK/r.json"; rc=$?
cat "$WORK/r.json"
[ "$rc" = 2 ] || fail "exit $rc, want 2"
python3 - "$WORK/r.json" "$repro" <<'PY' || fail "bad JSON result"
import json, sys
d = json.load(open(sys.argv[1]))
exp = [l.split()[1] for l in open(sys.argv[2]) if l.startswith("expect ")][0]
assert d["file"] == sys.argv[2], d["file"]
assert d["backend"] == "sim" and d["knob"] == "no-downgrade-inval", d
assert d["expect"] == exp and d["times"] == 3 and d["error"] is None, d
assert len(d["runs"]) == 3 and [r["run"] for r in d["runs"]] == [1, 2, 3]
assert d["reproduced"] == sum(r["reproduced"] for r in d["runs"]) == 3
for r in d["runs"]:
    assert r["verdicts"][exp] >= 1 and r["why"], r
PY
echo PASS
