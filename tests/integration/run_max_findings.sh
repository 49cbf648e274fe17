#!/bin/bash
# --max-findings N keeps N distinct findings, even when one program raises
# more (it used to stop only at the program's end: 8 for N = 2); a distinct
# finding is a family (VERDICT/access/backend), whatever its causes.
BIN=$1 SRC=$2
source "$SRC/tests/integration/lib/sim_common.bash"
"$BIN" run --backend sim --inject inval-before-pte-change --seed 3 --duration 20s --max-findings 2 \
	--results "$WORK/res" --quiet >"$WORK/out.txt" 2>&1
rc=$?
RUN="$WORK/res/latest"
echo "exit $rc"
[ "$rc" = 2 ] || { cat "$WORK/out.txt"; fail "exit $rc, want 2"; }
n=$(json_get "$RUN/run.json" 'len(d["findings"])')
[ "$n" = 2 ] || fail "$n distinct findings kept, want 2"
[ "$(json_get "$RUN/run.json" 'd["ended_by"]')" = max-findings ] || fail "ended_by"
echo PASS
