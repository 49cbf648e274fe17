#!/bin/bash
# The kvm backend for real: an x86_64 Debian 6.12 guest with emulated AMD
# SVM and nested paging runs kvm_amd, so /dev/kvm works inside it. There:
# the backend's fault classes, negative control and stamps pass, and 60 s
# of svafuzz with every mutator and memslot churn finds nothing on the real
# kernel, with accesses judged, faults seen, memslot changes and dirty logs.
. "$(dirname "$0")/lib.bash"
vm_setup "$@"
run_guest x86_64 600 'test_kvm_fault_classes && test_kvm_negative_control && test_kvm_stamps &&
svafuzz run --backend kvm --duration 60s --ops-per-program 400 -q --results /results/sf' --kvm
grep -q "SVATEST-VM: kvm loaded" "$OUT/console.log" || fail "kvm_amd did not load in the guest"
RJ=$(ls "$OUT"/sf/*/run.json 2>/dev/null | head -n1)
[ -n "$RJ" ] || fail "no run.json came back (exit $RC): a KVM test failed first? see $OUT/guest-output.txt"
kvm_expect_clean "$RJ"
echo "PASS"
