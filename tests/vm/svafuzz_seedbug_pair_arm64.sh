#!/bin/bash
# The 2023 arm64 seed bug on real kernels, with NO bug knob and the module
# in its default (SMMUv3) model: Debian 6.1 upgrades a PTE from read-only to
# writable (COW reuse after fork) without a secondary-TLB invalidation, so
# the device keeps its read-only entry and fault-loops on the next write;
# svafuzz must report FAULT_LOOP or SPURIOUS_FAULT and exit 2. Debian 6.12
# has the fix: the same run must find nothing and exit 0.
# Figures and the commands behind them: docs/seedbug.md.
. "$(dirname "$0")/lib.bash"
vm_setup "$@"
# Both arm64 kernels are needed; qemu itself is installed by run-vm.sh.
for s in 6.1 6.12; do
	[ -n "$(resolve_kver arm64 "$s")" ] ||
		skip "no Debian $s arm64 kernel known to apt (dpkg --add-architecture arm64; apt-get update)"
done
command -v qemu-system-aarch64 >/dev/null ||
	apt-cache show qemu-system-arm >/dev/null 2>&1 ||
	skip "qemu-system-aarch64 is neither installed nor known to apt"

BASE=$OUT
SVAFUZZ_OPT=$(static_svafuzz_opt "$1" arm64)
RUN='svafuzz run --backend svatest --ops-per-program 300 -q --results /results/sf'

# run_series SERIES 'extra svafuzz options': sets RC and RJ (the run.json)
run_series() {
	OUT=$BASE/$1
	mkdir -p "$OUT"
	echo "Debian $1 arm64:"
	# shellcheck disable=SC2086 # SVAFUZZ_OPT is two words or none
	run_guest arm64 600 "$RUN $2" --series "$1" $SVAFUZZ_OPT
	RJ=$(ls "$OUT"/sf/*/run.json 2>/dev/null | head -n1)
	[ -n "$RJ" ] || fail "$1: no run.json came back (exit $RC)"
}

run_series 6.1 '--duration 90s --max-findings 1'
check_findings "$RJ" 'SPURIOUS_FAULT|FAULT_LOOP' ||
	fail "6.1: the seed bug was not found (exit $RC)"
[ "$RC" = 2 ] || fail "6.1: svafuzz exit $RC, want 2"

run_series 6.12 '--duration 90s'
# The seed bug's own path is fixed there; the open FAULT_LOOP of
# docs/triage.md (a fork, a concurrent madvise) is not explained yet.
expect_clean "$RJ" "$RC" "$KNOWN_OPEN_ARM64" "6.12: "
judged=$(json_get "$RJ" "j['accesses_judged']")
[ "$judged" -gt 0 ] || fail "6.12: no access judged"
echo "  judged $judged"
echo "PASS"
