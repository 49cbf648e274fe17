#!/bin/bash
# svafuzz's own test kernel (kernel/vm/build-kernel.sh: Debian's 6.12
# source + kernel/configs/svafuzz.config, KASAN and lockdep on) in one
# x86_64 guest: the devices Debian's kernels cannot have are there
# (/dev/iommu from IOMMUFD, /dev/hmm_dmirror0 from test_hmm.ko, loaded by
# modprobe from the initramfs), svatest's selftest passes on it, 60 s of
# svafuzz with a fixed seed find nothing and the kernel log stays free of
# errors (KASAN, lockdep), and a bug knob is still found.
# Skips, saying so, when the test kernel is not built: CI builds it first.
. "$(dirname "$0")/lib.bash"
vm_setup "$@"
ARCH=${ARCH:-x86_64}
need_test_kernel "$ARCH"
WANT=$(knob_verdicts "$ARCH")
run_guest "$ARCH" 1100 "modprobe test_hmm && ls /dev/iommu /dev/hmm_dmirror0 && echo DEVICES-OK
svatest-selftest -b
svafuzz run --backend svatest --seed ${SVAFUZZ_VM_SEED:-1} --duration 60s --ops-per-program 500 \
-q --results /results/clean; echo \"clean exit \$?\"
svafuzz run --backend svatest --inject ignore-inval --duration 30s --ops-per-program 500 \
--max-findings 1 -q --results /results/knob; echo \"knob exit \$?\"" \
	--test-kernel $(static_svafuzz_opt "$1" "$ARCH")
G=$OUT/guest-output.txt
[ -f "$OUT/guest-panic.txt" ] && { head -n 20 "$OUT/guest-panic.txt"; fail "the test kernel died"; }
grep -q "SVATEST-VM: svatest loaded" "$OUT/console.log" || fail "svatest did not load on the test kernel"
grep -q '^DEVICES-OK$' "$G" || fail "modprobe test_hmm or /dev/iommu, /dev/hmm_dmirror0 failed: $(head -n 5 "$G")"
grep -q 'HMM test module loaded' "$OUT/dmesg.txt" || fail "test_hmm did not say it loaded in the guest's kernel log"
grep -q '^[0-9]* passed, 0 failed' "$G" || fail "svatest selftest failures on the test kernel"
RJ=$(ls "$OUT"/clean/*/run.json 2>/dev/null | head -n1)
[ -n "$RJ" ] || fail "no run.json from the clean run"
rc=$(sed -n 's/^clean exit //p' "$G")
KNOWN=
[ "$ARCH" = arm64 ] && KNOWN=$KNOWN_OPEN_ARM64
expect_clean "$RJ" "$rc" "$KNOWN" "clean run: "
judged=$(json_get "$RJ" "j['accesses_judged']")
[ "$judged" -gt 0 ] || fail "no access judged"
echo "  clean run: judged $judged, exit $rc"
RJ=$(ls "$OUT"/knob/*/run.json 2>/dev/null | head -n1)
[ -n "$RJ" ] || fail "no run.json from the knob run"
echo "knob ignore-inval:"
check_findings "$RJ" "$WANT" || fail "the ignore-inval knob went unnoticed on the test kernel"
[ "$(sed -n 's/^knob exit //p' "$G")" = 2 ] || fail "knob run exit $(sed -n 's/^knob exit //p' "$G"), want 2"
# No KASAN report or lockdep splat anywhere in the guest's life.
if grep -nE 'BUG: KASAN|possible circular locking|WARNING: ' "$OUT/dmesg.txt"; then
	fail "kernel errors in the test kernel's log (above)"
fi
echo "PASS"
