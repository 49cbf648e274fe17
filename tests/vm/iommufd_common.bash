# Shared by tests/vm/iommufd_*.sh (sourced after lib.bash, never run alone).

# iommufd_clean ARCH SECONDS: SECONDS of svafuzz --backend iommufd (seed 1,
# fail-nth armed on a share of the IOAS calls) on the ARCH test kernel:
# probe says iommufd is available, exit 0 without a finding, accesses
# judged, every IOAS op and dirty-check run, MD_CHECK_MAP, MD_CHECK_REFS
# and the dirty log consulted (run.json's backend_stats), fail-nth armed,
# and the kernel log free of KASAN, lockdep and WARNING reports.
iommufd_clean() {
	local arch=$1 secs=$2 G RJ judged n op st
	run_guest "$arch" 900 "svafuzz probe | grep -A1 '^  iommufd ' | head -n 1
svafuzz run --backend iommufd --seed ${SVAFUZZ_VM_SEED:-1} --duration ${secs}s --ops-per-program 500 \
-q --results /results/clean; echo \"clean exit \$?\"" --test-kernel $SVAFUZZ_OPT
	G=$OUT/guest-output.txt
	[ -f "$OUT/guest-panic.txt" ] && { head -n 20 "$OUT/guest-panic.txt"; fail "the test kernel died"; }
	grep -q '^  iommufd *available' "$G" ||
		fail "probe does not say iommufd is available: $(grep -A1 iommufd "$G" | head -n 2)"
	RJ=$(ls "$OUT"/clean/*/run.json 2>/dev/null | head -n1)
	[ -n "$RJ" ] || fail "no run.json from the clean run"
	expect_clean "$RJ" "$(sed -n 's/^clean exit //p' "$G")" "" "clean run: "
	judged=$(json_get "$RJ" "j['accesses_judged']")
	[ "$judged" -gt 0 ] || fail "no access judged"
	for op in ioas-map ioas-unmap ioas-copy dirty-check; do
		n=$(json_get "$RJ" "j['counts']['$op']")
		[ "$n" -gt 0 ] || fail "no $op in $secs s"
	done
	for st in md_checks refs_checks dirty_marked dirty_pages_checked failnth_armed; do
		n=$(json_get "$RJ" "j['backend_stats']['$st']")
		[ "$n" -gt 0 ] || fail "backend_stats.$st is $n after $secs s"
	done
	[ "$(json_get "$RJ" "j['oracle']['dirty_pages_checked']")" -gt 0 ] ||
		fail "the oracle judged no page by a dirty log"
	echo "  clean run: judged $judged, exit 0; $(grep '^svafuzz: iommufd: ' "$G")"
	if grep -nE 'BUG: KASAN|possible circular locking|WARNING: ' "$OUT/dmesg.txt"; then
		fail "kernel errors in the test kernel's log (above)"
	fi
}

# iommufd_variant ARCH PATCH VERDICTS [RUN OPTIONS...]: on the test kernel
# variant with PATCH (kernel/vm/build-variant.sh), up to three runs of
# 10 s find a finding of VERDICTS (a regex) within 10 s, and the first
# finding's reproducer replays at least once in 10 (a replay races its
# threads as the run did: a finding that needs one interleaving replays in
# about half the runs). Skips when the variant is not built.
iommufd_variant() {
	local arch=$1 patch=$2 want=$3 V G RJ t len rep
	shift 3
	V=$(bash "$SRC/kernel/vm/build-variant.sh" --arch "$arch" --patch "$patch" --print-dir 2>/dev/null) ||
		skip "the variant is not built: kernel/vm/build-variant.sh --arch $arch --patch $patch"
	OUT=$(mktemp -d /tmp/svafuzz-vm.XXXXXX)
	run_guest "$arch" 600 "for i in 1 2 3; do svafuzz run --backend iommufd --duration 10s --ops-per-program 500 \
$* --max-findings 1 -q --results /results/v\$i >/dev/null; echo \"variant exit \$?\"; \
ls -d /results/v\$i/*/findings/001-* >/dev/null 2>&1 && break; done
R=\$(ls -d /results/v*/*/findings/001-* | head -n 1); svafuzz replay --times 10 \$R/repro.sva | tail -n 1" \
		--kernel "$V/image" --kdir "$V/build" $SVAFUZZ_OPT
	G=$OUT/guest-output.txt
	RJ=$(ls "$OUT"/v*/*/run.json 2>/dev/null | tail -n1)
	[ -n "$RJ" ] || fail "no run.json from the variant runs"
	check_findings "$RJ" "$want" || fail "$(basename "$patch") went unnoticed in $(grep -c 'variant exit' "$G") runs of 10 s"
	t=$(json_get "$RJ" "min(f['t_first_s'] for f in j['findings'])")
	# within its 10 s run: a finding judged in the run's final drain is
	# stamped a little past 10 s (CI, 2026-12-07: 10.011 s), never past the run
	len=$(json_get "$RJ" "j['duration_s']")
	python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) <= float(sys.argv[2]) <= 12 else 1)" "$t" "$len" ||
		fail "first finding after $t s of a $len s run, want within its 10 s run"
	rep=$(sed -n 's/^reproduced \([0-9]*\)\/10.*/\1/p' "$G")
	[ "${rep:-0}" -ge 1 ] || fail "the reproducer never replayed in 10 runs: $(tail -n 3 "$G")"
	echo "  $(basename "$patch" .patch): found after $t s in run $(grep -c 'variant exit' "$G"), replayed $rep/10"
}
