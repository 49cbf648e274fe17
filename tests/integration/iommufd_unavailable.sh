#!/usr/bin/env bash
# Where /dev/iommu is missing (every Debian kernel, this machine), the
# iommufd backend says why in probe (no CONFIG_IOMMUFD, the test kernel
# has it), and a run on it exits 4 (unavailable) with that reason instead
# of starting. On a kernel with /dev/iommu the test has nothing to check.
set -u
B=$1
[ -e /dev/iommu ] && { echo "skipped: /dev/iommu exists here (the vm test covers it)"; exit 77; }
. "$(dirname "$0")/lib/unavailable.bash"
probe_line iommufd
grep -q 'unavailable: /dev/iommu: No such file or directory (kernel without CONFIG_IOMMUFD' <<<"$line" ||
	{ echo "probe does not say why iommufd is unavailable: '$line'"; fail=1; }
expect_unavailable CONFIG_IOMMUFD iommufd
[ $fail = 0 ] && echo "ok"
exit $fail
