#!/bin/bash
# `minimize -b auto R` and `minimize R` choose the backend by one rule
# (auto = the reproducer's own): on a sim reproducer both shrink the same
# way (deterministic, no reseeds) to the same file. They disagreed when
# minimize read "auto" as "not the sim" (2000 -> 6 ops vs 2000 -> 2).
BIN=$1 SRC=$2
source "$SRC/tests/integration/lib/sim_common.bash"
run_knob no-upgrade-inval 3 5
[ "$RC" = 2 ] || fail "sim knob run: exit $RC, want 2"
R="$RUN/$(json_get "$RUN/run.json" 'd["findings"][0]["dir"]')/repro.sva"
# exit 2: a smaller reproducer was written
"$BIN" minimize -b auto -o "$WORK/a.sva" "$R" >"$WORK/a.txt" 2>&1
[ $? = 2 ] || { cat "$WORK/a.txt"; fail "minimize -b auto"; }
"$BIN" minimize -o "$WORK/b.sva" "$R" >"$WORK/b.txt" 2>&1
[ $? = 2 ] || { cat "$WORK/b.txt"; fail "minimize"; }
cmp -s "$WORK/a.sva" "$WORK/b.sva" || { diff "$WORK/a.sva" "$WORK/b.sva" | head; fail "different results"; }
echo "both: $(tail -n1 "$WORK/a.txt")"
echo PASS
