#!/bin/bash
# SIGKILL leaves usable results: junit.xml (failing run-complete: a killed
# run is never a pass), run.json, kmsg.txt and a timeline no older than
# 10 s. Uses the uring backend (real kernel accesses, kernel log watched).
BIN=$1 SRC=$2
source "$SRC/tests/integration/lib/sim_common.bash"
"$BIN" probe 2>/dev/null | grep -Eq '^  uring +available' ||
	{ echo "skipped: uring backend unavailable here"; exit 77; }
KILL_AT=12
"$BIN" run --backend uring --seed 8 --duration 60s --results "$WORK/res" --quiet \
	>"$WORK/out.txt" 2>&1 &
pid=$!
sleep $KILL_AT
kill -KILL $pid
wait $pid
echo "exit $? (SIGKILL at ${KILL_AT}s)"
RUN="$WORK/res/latest"
json_get "$RUN/run.json" 'd["schema"]' >/dev/null || fail "run.json is not valid JSON"
[ "$(json_get "$RUN/run.json" 'd["exit_code"]')" = None ] || fail "run.json claims an exit code"
python3 - "$RUN/junit.xml" <<'PY' || fail "junit.xml missing or its run-complete case does not fail"
import sys, xml.etree.ElementTree as E
t = E.parse(sys.argv[1])
c = [x for x in t.iter("testcase") if x.get("name") == "run-complete"]
sys.exit(0 if c and c[0].find("failure") is not None else 1)
PY
last=$(tail -1 "$RUN/timeline.jsonl" | python3 -c 'import json,sys; print(json.load(sys.stdin)["t_s"])') ||
	fail "timeline.jsonl missing or its last line is cut"
echo "timeline: last line at ${last}s"
[ "$last" -ge $((KILL_AT - 10)) ] || fail "timeline older than 10 s (last line ${last}s)"
if [ -r /dev/kmsg ] && [ "$(id -u)" = 0 ]; then
	grep -q "svafuzz kernel log" "$RUN/kmsg.txt" || fail "no kmsg.txt"
else
	echo "kmsg.txt not checked: /dev/kmsg not readable here"
fi
python3 - "$RUN" <<'PY' || fail "an events.jsonl line is cut"
import json, sys, glob
for p in glob.glob(sys.argv[1] + "/events*.jsonl"):
    for n, line in enumerate(open(p), 1):
        json.loads(line)
PY
echo PASS
