#!/bin/bash
# The root cause of vm/kvm_x86_64's rare "Oops: int3" in __schedule: each
# VM created or destroyed makes the guest kernel patch its own text (the
# preempt-notifier static key, used in __schedule) with int3-based
# patching, which multi-threaded TCG races (a vCPU runs the stale int3).
# 400 VM creations (svafuzz probe) while io_uring threads keep both vCPUs
# scheduling: with `-accel tcg` this Oopsed after 9-15 s of guest time in
# 4 of 4 tries (int3 at __schedule+0x428 or finish_task_switch+0xa9);
# the harness runs --kvm guests with one TCG thread (run-vm.sh), and then
# the loop must finish with the kernel alive.
. "$(dirname "$0")/lib.bash"
vm_setup "$@"
run_guest x86_64 600 'svafuzz run --backend uring --duration 0 -q --results /tmp/u >/dev/null 2>&1 &
i=0
while [ $i -lt 400 ]; do svafuzz probe >/dev/null 2>&1; i=$((i + 1)); done
echo "VM creations: $i"' --kvm $(static_svafuzz_opt "$1" x86_64)
grep -q "SVATEST-VM: kvm loaded" "$OUT/console.log" || fail "kvm_amd did not load in the guest"
[ -f "$OUT/guest-panic.txt" ] && { head -5 "$OUT/guest-panic.txt"; fail "the guest kernel died"; }
grep -q "VM creations: 400" "$OUT/guest-output.txt" || fail "the loop did not finish (exit $RC)"
[ "$RC" = 0 ] || fail "exit $RC"
echo "PASS"
