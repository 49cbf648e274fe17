#!/bin/bash
# A whole-process stop (SIGSTOP for 14 s, longer than the 10 s op
# watchdog and the 5 s device-liveness bound; a VM pause or cgroup freeze
# does the same) is not a hang: after SIGCONT the run goes on and ends
# clean (it used to end with "thread 0 stuck 20.1 s", exit 5).
BIN=$1 SRC=$2
source "$SRC/tests/integration/lib/sim_common.bash"
"$BIN" probe 2>/dev/null | grep -Eq '^  uring +available' ||
	{ echo "skipped: uring backend unavailable here"; exit 77; }
"$BIN" run --backend uring --seed 9 --duration 24s --results "$WORK/res" --quiet \
	>"$WORK/out.txt" 2>&1 &
pid=$!
sleep 4
kill -STOP $pid
sleep 14
kill -CONT $pid
wait $pid
rc=$?
echo "exit $rc"
grep -q "watchdog\|stopped answering" "$WORK/out.txt" && { cat "$WORK/out.txt"; fail "a stop taken for a hang"; }
[ "$rc" = 0 ] || { cat "$WORK/out.txt"; fail "exit $rc, want 0"; }
[ "$(json_get "$WORK/res/latest/run.json" 'd["complete"]')" = True ] || fail "complete is not true"
echo PASS
