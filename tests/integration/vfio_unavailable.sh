#!/usr/bin/env bash
# Where no NVMe controller is bound to vfio-pci (this machine, most
# machines), the vfio backend says why in probe (which controller, bound
# to what, or none on the bus) and a run on it exits 4 (unavailable) with
# that reason instead of starting. With SVAFUZZ_VFIO_DEVICE naming a
# device that is not an NVMe controller it says so too.
set -u
B=$1
for d in /sys/bus/pci/devices/*; do
	[ "$(cat "$d/class" 2>/dev/null)" = 0x010802 ] || continue
	[ "$(basename "$(readlink "$d/driver" 2>/dev/null)")" = vfio-pci ] &&
		{ echo "skipped: ${d##*/} is bound to vfio-pci here (the vm test covers it)"; exit 77; }
done
. "$(dirname "$0")/lib/unavailable.bash"
probe_line vfio
grep -qE 'unavailable: (no NVMe controller \(PCI class 0x010802\) on the PCI bus|NVMe controller .* is bound to .*, not vfio-pci)' <<<"$line" ||
	{ echo "probe does not say why vfio is unavailable: '$line'"; fail=1; }
expect_unavailable 'NVMe controller' vfio
expect_unavailable 'SVAFUZZ_VFIO_DEVICE=0000:99:99.9: not an NVMe controller' vfio \
	SVAFUZZ_VFIO_DEVICE=0000:99:99.9
[ $fail = 0 ] && echo "ok"
exit $fail
