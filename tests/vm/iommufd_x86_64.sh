#!/bin/bash
# The iommufd backend on svafuzz's x86_64 test kernel (IOMMUFD_TEST's mock
# domain and access object, docs/iommufd.md): probe says it is available;
# 45 s of svafuzz (seed 1, fail-nth armed on a share of the IOAS calls)
# judge accesses, run every IOAS op and dirty-check, consult MD_CHECK_MAP,
# MD_CHECK_REFS and the dirty log, find nothing and leave the kernel log
# free of errors (iommufd_common.bash). Then, when the broken-unmap variant is built
# (kernel/vm/build-variant.sh --patch kernel/patches/iommufd-unmap-keeps-cut-area.patch),
# the same backend, on the IOAS ops and accesses alone, finds its DMA after
# unmap as STALE_READ or STALE_WRITE within 10 s, and the finding's
# reproducer replays.
# Skips, saying so, when the test kernel is not built: CI builds it first.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/iommufd_common.bash"
vm_setup "$@"
need_test_kernel x86_64
SVAFUZZ_OPT=$(static_svafuzz_opt "$1" x86_64)

iommufd_clean x86_64 45

PATCH=$SRC/kernel/patches/iommufd-unmap-keeps-cut-area.patch
if ! V=$(bash "$SRC/kernel/vm/build-variant.sh" --patch "$PATCH" --print-dir 2>/dev/null); then
	echo "PASS (the broken-unmap variant is not built: kernel/vm/build-variant.sh --patch $PATCH)"
	exit 0
fi
OUT=$(mktemp -d /tmp/svafuzz-vm.XXXXXX)
# the IOAS ops and accesses alone: the mix finds it too, in 10 s about half the time
OPS=ioas-map,ioas-unmap,ioas-copy,dev-read,dev-write,cpu-read,cpu-write,barrier
run_guest x86_64 600 "for i in 1 2 3; do svafuzz run --backend iommufd --duration 10s --ops-per-program 500 \
--ops $OPS --max-findings 1 -q --results /results/v\$i >/dev/null; echo \"variant exit \$?\"; \
ls -d /results/v\$i/*/findings/001-* >/dev/null 2>&1 && break; done
R=\$(ls -d /results/v*/*/findings/001-* | head -n 1); svafuzz replay --times 4 \$R/repro.sva | tail -n 1" \
	--kernel "$V/image" --kdir "$V/build" $SVAFUZZ_OPT
G=$OUT/guest-output.txt
RJ=$(ls "$OUT"/v*/*/run.json 2>/dev/null | tail -n1)
[ -n "$RJ" ] || fail "no run.json from the variant runs"
check_findings "$RJ" 'STALE_READ|STALE_WRITE' || fail "the broken unmap went unnoticed in $(grep -c 'variant exit' "$G") runs of 10 s"
t=$(json_get "$RJ" "min(f['t_first_s'] for f in j['findings'])")
python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) <= 10 else 1)" "$t" || fail "first finding after $t s, want within 10 s"
rep=$(sed -n 's/^reproduced \([0-9]*\)\/4.*/\1/p' "$G")
# a reproducer of this race replays 2/10 to 10/10 (docs/iommufd.md): it must replay at all
[ "${rep:-0}" -ge 1 ] || fail "the reproducer never replayed in 4 runs: $(tail -n 3 "$G")"
echo "  variant: found after $t s in run $(grep -c 'variant exit' "$G"), replayed $rep/4"
echo "PASS"
