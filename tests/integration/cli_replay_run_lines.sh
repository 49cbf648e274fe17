#!/usr/bin/env bash
# replay --times N: each run's line names the verdict looked for and
# whether that run reproduced it (a run's first verdict may be another
# kind), then what else it saw; the count line stays last.
BIN=$1 SRC=$2
source "$SRC/tests/integration/lib/sim_common.bash"
source "$SRC/tests/integration/lib/finding.bash"
make_finding
repro=$REPRO
want=$(sed -n 's/^expect //p' "$repro")
out=$("$BIN" replay "$repro" --times 3); rc=$?
echo "$out"
[ "$rc" = 2 ] || fail "exit $rc, want 2"
[ "$(grep -c "^run [123]/3: $want reproduced (" <<<"$out")" = 3 ] || fail "run lines do not say $want reproduced"
[ "$(tail -1 <<<"$out")" = "reproduced 3/3: $want" ] || fail "no count line last"
# looking for a verdict this program never gives: each run says so, and what it saw instead
sed 's/^expect .*/expect LOST_WRITE/' "$repro" > "$WORK/other.sva"
out=$("$BIN" replay "$WORK/other.sva" --times 2); rc=$?
echo "$out"
[ "$rc" = 0 ] || fail "exit $rc, want 0 (not reproduced)"
[ "$(grep -c "^run [12]/2: LOST_WRITE not reproduced (saw .*$want [0-9]" <<<"$out")" = 2 ] ||
	fail "run lines do not say LOST_WRITE was not reproduced and what was seen"
echo PASS
