#!/bin/bash
# SIGTERM mid-run: the run stops within 2 s and leaves a valid run.json
# (with its exit code) and junit.xml.
BIN=$1 SRC=$2
source "$SRC/tests/integration/lib/sim_common.bash"
"$BIN" run --backend sim --seed 4 --duration 0 --results "$WORK/res" --quiet \
	>"$WORK/out.txt" 2>&1 &
pid=$!
sleep 4
kill -TERM $pid
t0=$(date +%s.%N)
wait $pid
rc=$?
dt=$(python3 -c "import sys; print(float(sys.argv[2]) - float(sys.argv[1]))" "$t0" "$(date +%s.%N)")
echo "exit $rc, stopped in ${dt}s"
python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) < 2.0 else 1)" "$dt" || fail "took ${dt}s to stop"
RUN="$WORK/res/latest"
json_get "$RUN/run.json" 'd["schema"]' >/dev/null || fail "run.json is not valid JSON"
[ "$(json_get "$RUN/run.json" 'd["exit_code"]')" = "$rc" ] || fail "run.json exit_code != $rc"
[ "$(json_get "$RUN/run.json" 'd["programs"] > 0')" = True ] || fail "no programs recorded"
python3 -c 'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])' "$RUN/junit.xml" || fail "junit.xml is not valid XML"
echo PASS
