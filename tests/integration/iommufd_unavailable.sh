#!/usr/bin/env bash
# Where /dev/iommu is missing (every Debian kernel, this machine), the
# iommufd backend says why in probe (no CONFIG_IOMMUFD, the test kernel
# has it), and a run on it exits 4 (unavailable) with that reason instead
# of starting. On a kernel with /dev/iommu the test has nothing to check.
set -u
B=$1
[ -e /dev/iommu ] && { echo "skipped: /dev/iommu exists here (the vm test covers it)"; exit 77; }
fail=0
out=$("$B" probe)
line=$(grep -E '^  iommufd ' <<<"$out")
grep -q 'unavailable: /dev/iommu: No such file or directory (kernel without CONFIG_IOMMUFD' <<<"$line" ||
	{ echo "probe does not say why iommufd is unavailable: '$line'"; fail=1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
err=$("$B" run --backend iommufd --duration 2s -q --results "$tmp" 2>&1); rc=$?
[ $rc = 4 ] || { echo "run --backend iommufd exit $rc, want 4: $err"; fail=1; }
grep -q 'CONFIG_IOMMUFD' <<<"$err" || { echo "the run does not say why: $err"; fail=1; }
[ $fail = 0 ] && echo "ok"
exit $fail
