#!/bin/bash
# The seed bug on arm64: an SMMUv3-like device that ignores the
# invalidations that follow read-only -> writable upgrades faults forever
# on the next device write; svafuzz reports SPURIOUS_FAULT or FAULT_LOOP.
. "$(dirname "$0")/lib.bash"
vm_setup "$@"
run_guest arm64 600 'svafuzz run --backend svatest --arch smmuv3 --inject ignore-upgrade-inval \
--profile cow-upgrade --ops-per-program 300 --duration 60s --max-findings 1 -q --results /results/sf' \
	$(static_svafuzz_opt "$1" arm64)
RJ=$(ls "$OUT"/sf/*/run.json 2>/dev/null | head -n1)
[ -n "$RJ" ] || fail "no run.json came back (exit $RC)"
check_findings "$RJ" 'SPURIOUS_FAULT|FAULT_LOOP' || fail "seed bug not found"
echo "PASS"
