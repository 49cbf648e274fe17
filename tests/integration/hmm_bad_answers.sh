#!/bin/bash
# A test_hmm device that answers nonsense (tests/shim/hmm_bad_answers.c:
# /dev/hmm_dmirror0 is /dev/null and every ioctl "succeeds" having copied
# no page) must end the run with a clear error, never a crash or a
# verdict: exit 5 (device stopped answering), stderr naming the bad
# answer once, no finding. Skipped where the shim cannot be preloaded.
BIN=$1 SRC=$2
source "$SRC/tests/integration/lib/sim_common.bash"
SHIM="$(dirname "$BIN")/libhmm_bad_answers.so"
[ -f "$SHIM" ] || { echo "skipped: no $SHIM (a static build has no preload shims)"; exit 77; }
LD_PRELOAD="$SHIM" ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
	timeout 120 "$BIN" run --backend hmm --duration 30s --seed 1 --results "$WORK/res" --quiet \
	>"$WORK/out.txt" 2>"$WORK/err.txt"
RC=$?
echo "exit $RC"
grep -q "hmm_bad_answers shim" "$WORK/err.txt" || { cat "$WORK/err.txt"; fail "the shim never answered"; }
[ "$RC" = 5 ] || { tail -n 5 "$WORK/out.txt" "$WORK/err.txt"; fail "exit $RC, want 5"; }
n=$(grep -c "answered cpages=0" "$WORK/err.txt")
[ "$n" = 1 ] || fail "the bad answer was named $n times, want once"
grep -q "device stopped answering" "$WORK/err.txt" || fail "stderr does not say 'device stopped answering'"
RUN="$WORK/res/latest"
[ -f "$RUN/run.json" ] || fail "no run.json"
[ "$(json_get "$RUN/run.json" 'len(d["findings"])')" = 0 ] || fail "a device that did nothing made findings"
echo PASS
