#!/bin/bash
# The kvm backend's arm64 guest for real: QEMU's virt machine with EL2
# (virtualization=on) boots Debian's arm64 6.12 at EL2, so its built-in KVM
# starts (VHE) and /dev/kvm works inside, nested under TCG. There: the
# backend's fault classes, negative control and stamps pass, and 60 s of svafuzz
# with every mutator and memslot churn finds nothing on the real kernel,
# with accesses judged, faults seen, memslot changes and dirty logs.
# 77-105 s here warm, 122 s after a source change (docs/kvm.md).
. "$(dirname "$0")/lib.bash"
vm_setup "$@"
run_guest arm64 600 'test_kvm_fault_classes && test_kvm_negative_control && test_kvm_stamps &&
svafuzz run --backend kvm --duration 60s --ops-per-program 400 -q --results /results/sf' --kvm
grep -q "SVATEST-VM: kvm loaded" "$OUT/console.log" ||
	fail "no /dev/kvm in the arm64 guest (booted at EL2? see $OUT/console.log)"
grep "passed," "$OUT/guest-output.txt" | sed "s/^/  KVM unit test: /"
RJ=$(ls "$OUT"/sf/*/run.json 2>/dev/null | head -n1)
[ -n "$RJ" ] || fail "no run.json came back (exit $RC): a KVM test failed first? see $OUT/guest-output.txt"
[ "$(json_get "$RJ" "j['machine']['arch']")" = aarch64 ] || fail "the run was not on arm64"
kvm_expect_clean "$RJ"
echo "PASS"
