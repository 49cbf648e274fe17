#!/bin/bash
# `svafuzz run | head -1` must not kill the run with SIGPIPE: it runs its
# duration and writes its results (it used to die with 141, exit_code null).
BIN=$1 SRC=$2
source "$SRC/tests/integration/lib/sim_common.bash"
"$BIN" run --backend sim --seed 6 --duration 3s --results "$WORK/res" | head -1
rc=${PIPESTATUS[0]}
echo "exit $rc"
RUN="$WORK/res/latest"
[ "$rc" = 0 ] || fail "exit $rc, want 0"
[ "$(json_get "$RUN/run.json" 'd["exit_code"]')" = 0 ] || fail "run.json exit_code"
[ "$(json_get "$RUN/run.json" 'd["ended_by"]')" = duration ] || fail "ended_by is not duration"
echo PASS
