#!/bin/bash
# The vfio backend on Debian 6.12 x86_64 behind QEMU's intel-iommu, and the
# VT-d variant that skips the IOTLB flush after unmaps (tests/vm/vfio.bash).
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/vfio.bash"
vm_setup "$@"
vfio_test "$1" x86_64 intel-iommu-unmanaged-skips-iotlb-sync.patch
