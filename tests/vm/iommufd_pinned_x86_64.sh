#!/bin/bash
# The iommufd backend on the x86_64 test kernel variant whose batch_rw()
# copies every pfn run after the first from the wrong page
# (kernel/patches/iommufd-batch-rw-wrong-page.patch): the backend's reads
# through the pinned pfns (a two-page ACCESS_RW, after each ioas-copy)
# return another page's bytes, a STALE_READ found within 10 s in up to
# three runs of 10 s, and its reproducer replays (iommufd_common.bash).
# Skips, saying so, when the variant is not built:
#   kernel/vm/build-variant.sh --patch kernel/patches/iommufd-batch-rw-wrong-page.patch
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/iommufd_common.bash"
vm_setup "$@"
need_test_kernel x86_64
SVAFUZZ_OPT=$(static_svafuzz_opt "$1" x86_64)

iommufd_variant x86_64 "$SRC/kernel/patches/iommufd-batch-rw-wrong-page.patch" 'STALE_READ'
echo "PASS"
