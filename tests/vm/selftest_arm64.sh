#!/bin/bash
# The module alone on arm64 (SMMUv3 rules, QEMU virt with an SMMUv3): the selftest's checks all pass.
. "$(dirname "$0")/lib.bash"
vm_setup "$@"
run_guest arm64 300 'svatest-selftest -b' --no-svafuzz
grep -q '^[0-9]* passed, 0 failed' "$OUT/guest-output.txt" || fail "selftest failures"
[ "$RC" = 0 ] || fail "selftest exit $RC"
grep -q 'svatest: loading' "$OUT/dmesg.txt" || fail "no module load in the guest's kernel log"
grep -E '^# access rate' "$OUT/guest-output.txt"
echo "PASS"
