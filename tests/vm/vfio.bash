# Shared by tests/vm/vfio_*.sh (sourced; not a test itself: it is not *.sh).
# vfio_test SVAFUZZ ARCH PATCH: the vfio backend on a stock Debian 6.12 guest of ARCH
# (run-vm.sh --vfio-device nvme: an NVMe controller bound to vfio-pci behind
# QEMU's intel-iommu or SMMUv3, docs/vfio.md): probe says vfio is
# available; 45 s of svafuzz (seed 1) judge NVMe commands, unmap arena
# IOVAs, count the device's refusals on unmapped IOVAs and find nothing.
# Then, when the variant test kernel with kernel/patches/PATCH is built
# (its IOMMU driver skips the IOTLB invalidation after unmaps of user-space
# domains: kernel/vm/build-variant.sh --arch ARCH --patch ...), the same
# backend finds the DMA after unmap as STALE_READ or STALE_WRITE within
# 30 s and the finding replays at least 5 times in 10.
vfio_test() {
	local ARCH=$2 PATCH_NAME=$3 G RJ judged n counts after PATCH V t rep OPS
	SVAFUZZ_OPT=$(static_svafuzz_opt "$1" "$ARCH")

	run_guest "$ARCH" 600 "svafuzz probe | grep -A1 '^  vfio ' | head -n 1
	svafuzz run --backend vfio --seed ${SVAFUZZ_VM_SEED:-1} --duration 45s --ops-per-program 500 \
	-q --results /results/clean; echo \"clean exit \$?\"" --vfio-device nvme $SVAFUZZ_OPT
	G=$OUT/guest-output.txt
	[ -f "$OUT/guest-panic.txt" ] && { head -n 20 "$OUT/guest-panic.txt"; fail "the guest kernel died"; }
	grep -q '^  vfio *available' "$G" || fail "probe does not say vfio is available: $(grep -A1 vfio "$G" | head -n 2)"
	RJ=$(ls "$OUT"/clean/*/run.json 2>/dev/null | head -n1)
	[ -n "$RJ" ] || fail "no run.json from the clean run"
	expect_clean "$RJ" "$(sed -n 's/^clean exit //p' "$G")" "" "clean run: "
	judged=$(json_get "$RJ" "j['accesses_judged']")
	[ "$judged" -gt 0 ] || fail "no access judged"
	n=$(json_get "$RJ" "j['counts']['ioas-unmap']")
	[ "$n" -gt 0 ] || fail "no dma-unmap (ioas-unmap) in 45 s"
	counts=$(grep '^svafuzz: vfio: ' "$G") || fail "no summary line from the backend"
	after=$(echo "$counts" | sed -n 's/.*faults on unmapped IOVAs \([0-9]*\);.*/\1/p')
	[ "${after:-0}" -gt 0 ] || fail "the device never faulted on an unmapped IOVA: $counts"
	echo "  clean run: judged $judged, $n dma-unmaps, exit 0; $counts"

	PATCH=$SRC/kernel/patches/$PATCH_NAME
	if ! V=$(bash "$SRC/kernel/vm/build-variant.sh" --arch "$ARCH" --patch "$PATCH" --print-dir 2>/dev/null); then
		echo "PASS (the no-flush variant is not built: kernel/vm/build-variant.sh --arch $ARCH --patch $PATCH)"
		exit 0
	fi
	OUT=$(mktemp -d /tmp/svafuzz-vm.XXXXXX)
	# the IOVA ops and device accesses alone: with the default mix on the (KASAN) test kernel
	# the first finding came after 2 to 30 s
	OPS=ioas-map,ioas-unmap,dev-read,dev-write,cpu-read,cpu-write,barrier
	run_guest "$ARCH" 600 "svafuzz run --backend vfio --duration 30s --ops-per-program 500 --ops $OPS \
	--max-findings 1 -q --results /results/v >/dev/null; echo \"variant exit \$?\"
	R=\$(ls -d /results/v/*/findings/001-* | head -n 1); svafuzz replay --times 10 \$R/repro.sva | tail -n 1" \
		--vfio-device nvme --kernel "$V/image" --kdir "$V/build" $SVAFUZZ_OPT
	G=$OUT/guest-output.txt
	RJ=$(ls "$OUT"/v/*/run.json 2>/dev/null | tail -n1)
	[ -n "$RJ" ] || fail "no run.json from the variant run"
	check_findings "$RJ" 'STALE_READ|STALE_WRITE' || fail "the missing IOTLB invalidation went unnoticed in 30 s"
	t=$(json_get "$RJ" "min(f['t_first_s'] for f in j['findings'])")
	rep=$(sed -n 's/^reproduced \([0-9]*\)\/10.*/\1/p' "$G")
	[ "${rep:-0}" -ge 5 ] || fail "the reproducer replayed ${rep:-0}/10, want >= 5: $(tail -n 3 "$G")"
	echo "  variant: found after $t s, replayed $rep/10"
	echo "PASS"
}
