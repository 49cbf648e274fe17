#!/bin/bash
# The torn STALE_READ of a clean kvm run (docs/triage.md, 2026-12-06): as
# recorded then (no "tear" flag) `check` gives STALE_READ; with the read
# flagged as possibly byte-copied (host emulation, SF_EVF_MAY_TEAR) its
# value, byte 7 new and bytes 0-6 old, is explained: no verdict.
BIN=$1 SRC=$2
source "$SRC/tests/integration/lib/sim_common.bash"
D="$SRC/tests/data"
"$BIN" check "$D/kvm_torn_read_untagged.jsonl" >"$WORK/a.txt" 2>&1
rc=$?
[ "$rc" = 2 ] && grep -q "STALE_READ 1" "$WORK/a.txt" || { cat "$WORK/a.txt"; fail "untagged: exit $rc"; }
"$BIN" check "$D/kvm_torn_read.jsonl" >"$WORK/b.txt" 2>&1
rc=$?
[ "$rc" = 0 ] && grep -q "verdicts: none" "$WORK/b.txt" || { cat "$WORK/b.txt"; fail "tagged: exit $rc"; }
# a byte no value ever had (0x77) stays stale, flag or not
sed 's/"value":"0xdd00000000000000"/"value":"0xdd00000000770000"/' "$D/kvm_torn_read.jsonl" >"$WORK/c.jsonl"
"$BIN" check "$WORK/c.jsonl" >"$WORK/c.txt" 2>&1
rc=$?
[ "$rc" = 2 ] || { cat "$WORK/c.txt"; fail "foreign byte: exit $rc"; }
echo PASS
