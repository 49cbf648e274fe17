#!/bin/bash
# A finite run stopped by SIGTERM before its --duration is not a clean
# pass: exit 6, run.json complete=false ended_by=signal, junit's
# run-complete case fails.
BIN=$1 SRC=$2
source "$SRC/tests/integration/lib/sim_common.bash"
signal_run TERM 3 --backend sim --seed 4 --duration 60s
rc=$RC
[ "$rc" = 6 ] || { cat "$WORK/out.txt"; fail "exit $rc, want 6 (incomplete)"; }
[ "$(json_get "$RUN/run.json" 'd["exit_code"]')" = 6 ] || fail "run.json exit_code"
[ "$(json_get "$RUN/run.json" 'd["complete"]')" = False ] || fail "run.json complete is not false"
[ "$(json_get "$RUN/run.json" 'd["ended_by"]')" = signal ] || fail "run.json ended_by is not signal"
[ "$(json_get "$RUN/run.json" 'd["end_reason"]')" = SIGTERM ] || fail "end_reason is not SIGTERM"
python3 - "$RUN/junit.xml" <<'PY' || fail "junit.xml does not fail run-complete"
import sys, xml.etree.ElementTree as E
t = E.parse(sys.argv[1])
c = [x for x in t.iter("testcase") if x.get("name") == "run-complete"]
sys.exit(0 if c and c[0].find("failure") is not None else 1)
PY
grep -q "ended by signal: SIGTERM (incomplete" "$WORK/out.txt" || fail "summary does not say how it ended"
echo PASS
