#!/bin/bash
# A run that judged (almost) nothing never passes: --duration 1ms runs no
# program and exits 6, saying why.
BIN=$1 SRC=$2
source "$SRC/tests/integration/lib/sim_common.bash"
"$BIN" run --backend sim --seed 7 --duration 1ms --results "$WORK/res" --quiet \
	>"$WORK/out.txt" 2>"$WORK/err.txt"
rc=$?
echo "exit $rc"
RUN="$WORK/res/latest"
[ "$rc" = 6 ] || fail "exit $rc, want 6"
grep -q "fewer than 100" "$WORK/err.txt" || fail "stderr does not say why: $(cat "$WORK/err.txt")"
[ "$(json_get "$RUN/run.json" 'd["complete"]')" = False ] || fail "complete is not false"
echo PASS
