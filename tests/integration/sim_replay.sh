#!/bin/bash
# A saved reproducer replays on the sim every time: "reproduced 5/5", exit 2.
BIN=$1 SRC=$2
source "$SRC/tests/integration/lib/sim_common.bash"
run_knob no-downgrade-inval 2 10
[ "$RC" = 2 ] || fail "the run found nothing (exit $RC)"
repro=$(ls "$RUN"/findings/*/repro.sva | head -1)
[ -f "$repro" ] || fail "no repro.sva saved"
grep -q '^backend sim' "$repro" || fail "repro.sva has no backend line"
grep -q '^expect ' "$repro" || fail "repro.sva has no expect line"
out=$("$BIN" replay "$repro" --times 5)
rc=$?
echo "$out" | tail -1
[ "$rc" = 2 ] || fail "replay exit $rc, want 2"
echo "$out" | grep -q '^reproduced 5/5: ' || fail "not reproduced every time"
# replay.sh is the exact command
sh "$(dirname "$repro")/replay.sh" --times 2 | grep -q '^reproduced 2/2' || fail "replay.sh"
echo PASS
