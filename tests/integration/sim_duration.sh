#!/bin/bash
# --duration holds: a 6 s run ends between 6 and 11 s of wall time.
BIN=$1 SRC=$2
source "$SRC/tests/integration/lib/sim_common.bash"
t0=$(date +%s.%N)
run_knob "" 5 6
dt=$(python3 -c "import sys; print(float(sys.argv[2]) - float(sys.argv[1]))" "$t0" "$(date +%s.%N)")
echo "exit $RC after ${dt}s"
# findings (exit 2) are another test's business; this one is about time
[ "$RC" = 0 ] || [ "$RC" = 2 ] || fail "exit $RC"
python3 -c "import sys; t=float(sys.argv[1]); sys.exit(0 if 6.0 <= t < 11.0 else 1)" "$dt" || fail "ran ${dt}s for --duration 6s"
echo PASS
