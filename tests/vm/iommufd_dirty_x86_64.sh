#!/bin/bash
# The iommufd backend on the x86_64 test kernel variant whose dirty walk
# skips the last area of a range (kernel/patches/iommufd-dirty-walk-skips-last-area.patch):
# a page the device wrote is missing from IOMMU_HWPT_GET_DIRTY_BITMAP, a
# DIRTY_MISS found within 10 s in up to three runs of 10 s, and its
# reproducer replays (iommufd_common.bash). Skips, saying so, when the
# variant is not built:
#   kernel/vm/build-variant.sh --patch kernel/patches/iommufd-dirty-walk-skips-last-area.patch
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/iommufd_common.bash"
vm_setup "$@"
need_test_kernel x86_64
SVAFUZZ_OPT=$(static_svafuzz_opt "$1" x86_64)

iommufd_variant x86_64 "$SRC/kernel/patches/iommufd-dirty-walk-skips-last-area.patch" 'DIRTY_MISS'
echo "PASS"
