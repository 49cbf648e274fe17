#!/bin/bash
# SIGHUP (a closed terminal) ends an unbounded run like SIGTERM: exit 0,
# a complete run.json and junit.xml (it used to kill the run with 129).
BIN=$1 SRC=$2
source "$SRC/tests/integration/lib/sim_common.bash"
signal_run HUP 3 --backend sim --seed 5 --duration 0
rc=$RC
[ "$rc" = 0 ] || { cat "$WORK/out.txt"; fail "exit $rc, want 0"; }
[ "$(json_get "$RUN/run.json" 'd["exit_code"]')" = 0 ] || fail "run.json exit_code"
[ "$(json_get "$RUN/run.json" 'd["complete"]')" = True ] || fail "complete is not true"
[ "$(json_get "$RUN/run.json" 'd["end_reason"]')" = SIGHUP ] || fail "end_reason is not SIGHUP"
python3 -c 'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])' "$RUN/junit.xml" ||
	fail "junit.xml is not valid XML"
[ -f "$RUN/report.html" ] || fail "no report.html"
echo PASS
