#!/bin/bash
# The iommufd backend on svafuzz's arm64 test kernel (QEMU virt, TCG):
# 60 s of svafuzz judge accesses, run every IOAS op and dirty-check,
# consult MD_CHECK_MAP, MD_CHECK_REFS and the dirty log, find nothing and
# leave the kernel log free of errors (iommufd_common.bash).
# Skips, saying so, when the arm64 test kernel is not built: CI builds it first.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/iommufd_common.bash"
vm_setup "$@"
need_test_kernel arm64
SVAFUZZ_OPT=$(static_svafuzz_opt "$1" arm64)

iommufd_clean arm64 60
echo "PASS"
