#!/bin/bash
# The sim without a knob: 20 s, exit 0, no finding, and accesses were judged.
BIN=$1 SRC=$2
source "$SRC/tests/integration/lib/sim_common.bash"
run_knob "" 3 20
[ "$RC" = 0 ] || { cat "$WORK/out.txt" "$WORK/err.txt"; fail "exit $RC, want 0"; }
n=$(json_get "$RUN/run.json" 'd["accesses_judged"]')
f=$(json_get "$RUN/run.json" 'len(d["findings"])')
echo "accesses judged: $n, decisive share: $(json_get "$RUN/run.json" 'd["decisive_share"]')"
[ "$n" -gt 0 ] || fail "no access judged"
[ "$f" = 0 ] || fail "$f findings without a knob"
[ "$(json_get "$RUN/run.json" 'd["exit_code"]')" = 0 ] || fail "run.json exit_code"
echo PASS
