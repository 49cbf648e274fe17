#!/bin/bash
# svafuzz against the real module on x86_64 for 60 s: no finding, accesses
# judged, invalidation coverage reported. A fixed seed (SVAFUZZ_VM_SEED to
# change it): CI judges this code on the same programs every time, and a
# rare, timing-bound finding of a random draw goes to triage
# (docs/triage.md), not into whichever submission happened to draw it.
. "$(dirname "$0")/lib.bash"
vm_setup "$@"
ARCH=${ARCH:-x86_64}
run_guest "$ARCH" 600 "svafuzz run --backend svatest --seed ${SVAFUZZ_VM_SEED:-1} --duration 60s --ops-per-program 500 -q --results /results/sf" \
	$(static_svafuzz_opt "$1" "$ARCH")
RJ=$(ls "$OUT"/sf/*/run.json 2>/dev/null | head -n1)
[ -n "$RJ" ] || fail "no run.json came back (exit $RC)"
KNOWN=
[ "$ARCH" = arm64 ] && KNOWN=$KNOWN_OPEN_ARM64
expect_clean "$RJ" "$RC" "$KNOWN" ""
judged=$(json_get "$RJ" "j['accesses_judged']")
[ "$judged" -gt 0 ] || fail "no access judged"
echo "  judged $judged, decisive share $(json_get "$RJ" "j['decisive_share']")"
echo "  backend: $(json_get "$RJ" "j['backend_stats']")"
echo "PASS"
