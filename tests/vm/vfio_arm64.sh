#!/bin/bash
# The vfio backend on Debian 6.12 arm64 behind QEMU's SMMUv3, and the
# SMMUv3 variant that skips the TLBI after unmaps (tests/vm/vfio.bash).
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/vfio.bash"
vm_setup "$@"
vfio_test "$1" arm64 arm-smmu-v3-unmanaged-skips-tlbi.patch
