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
check_findings "$RJ" '.' && fail "findings on the real kernel"
[ "$RC" = 0 ] || fail "svafuzz exit $RC"
judged=$(json_get "$RJ" "j['accesses_judged']")
faults=$(json_get "$RJ" "j['faults_seen']")
slots=$(json_get "$RJ" "j['counts']['slot-add'] + j['counts']['slot-del'] + j['counts']['slot-flags']")
dirty=$(json_get "$RJ" "j['counts']['dirty-check']")
echo "  judged $judged (decisive share $(json_get "$RJ" "j['decisive_share']")), faults $faults,"
echo "  memslot changes $slots, dirty-log fetches $dirty"
[ "$judged" -gt 0 ] && [ "$faults" -gt 0 ] && [ "$slots" -gt 0 ] && [ "$dirty" -gt 0 ] ||
	fail "a figure that must be above zero is not"
echo "PASS"
