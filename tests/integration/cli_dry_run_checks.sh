#!/bin/bash
# --dry-run refuses what the run refuses (a knob the backend does not
# have) and accepts what it accepts, with the same exit codes.
BIN=$1 SRC=$2
source "$SRC/tests/integration/lib/sim_common.bash"
"$BIN" run --dry-run --backend kvm --inject no-upgrade-inval >"$WORK/a.txt" 2>&1
rc=$?
[ "$rc" = 1 ] || { cat "$WORK/a.txt"; fail "kvm + sim knob: exit $rc, want 1"; }
grep -q "has no knob 'no-upgrade-inval'" "$WORK/a.txt" || fail "no reason given: $(cat "$WORK/a.txt")"
"$BIN" run --dry-run --backend sim --inject no-upgrade-inval >"$WORK/b.txt" 2>&1
rc=$?
[ "$rc" = 0 ] || { cat "$WORK/b.txt"; fail "sim + its knob: exit $rc, want 0"; }
grep -q "^backend = sim" "$WORK/b.txt" || fail "options not printed"
"$BIN" run --dry-run --backend nosuch >"$WORK/c.txt" 2>&1
[ $? = 1 ] || fail "unknown backend accepted"
echo PASS
