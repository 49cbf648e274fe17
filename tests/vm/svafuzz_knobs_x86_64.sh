#!/bin/bash
# Each svatest bug knob that makes the device keep a stale translation is
# found within 30 s, in one guest: as a stale access (or a lost write or
# invalidation); with
# SMMUv3 rules (arm64) also as a fault loop, since a lost or late upgrade
# invalidation leaves a read-only entry that the device keeps retrying.
. "$(dirname "$0")/lib.bash"
vm_setup "$@"
ARCH=${ARCH:-x86_64}
KNOBS="ignore-inval drop-inval range-end-off-by-one delay-inval"
WANT=$(knob_verdicts "$ARCH")
run_guest "$ARCH" 900 "for k in $KNOBS; do svafuzz run --backend svatest --inject \$k \
--duration 30s --ops-per-program 500 --max-findings 1 -q --results /results/k-\$k; echo \"knob \$k exit \$?\"; done; true" \
	$(static_svafuzz_opt "$1" "$ARCH")
bad=0
for k in $KNOBS; do
	RJ=$(ls "$OUT"/k-$k/*/run.json 2>/dev/null | head -n1)
	echo "knob $k:"
	[ -n "$RJ" ] || { echo "  no run.json"; bad=1; continue; }
	check_findings "$RJ" "$WANT" || bad=1
done
[ $bad = 0 ] || fail "a knob went unnoticed"
echo "PASS"
