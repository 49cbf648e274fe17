#!/bin/bash
# A KVM device that dies mid-run (tests/shim/kvm_run_fail.c: every KVM_RUN
# fails with EIO from 3 s on) must never end clean: svafuzz exits 5 within
# 10 s of the failure, and both stderr and run.json say "device stopped
# answering". Skipped, saying why, where there is no usable /dev/kvm or the
# shim cannot be preloaded (a static build).
BIN=$1 SRC=$2
source "$SRC/tests/integration/lib/sim_common.bash"
SHIM="$(dirname "$BIN")/libkvm_run_fail.so"
FAIL_AFTER_S=3
[ -f "$SHIM" ] || { echo "skipped: no $SHIM (a static build has no preload shims)"; exit 77; }
[ -e /dev/kvm ] || { echo "skipped: /dev/kvm absent (no hardware virtualisation, or kvm not loaded)"; exit 77; }
t0=$(date +%s.%N)
# ASan (gcc's shared runtime) wants to come first: the shim is preloaded before it
LD_PRELOAD="$SHIM" SVAFUZZ_SHIM_KVM_RUN_FAIL_AFTER_MS=$((FAIL_AFTER_S * 1000)) \
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
	"$BIN" run --backend kvm --duration 60s --seed 1 --results "$WORK/res" --quiet \
	>"$WORK/out.txt" 2>"$WORK/err.txt"
RC=$?
t1=$(date +%s.%N)
RUN="$WORK/res/latest"
if [ "$RC" = 4 ]; then
	why=$(cat "$WORK/out.txt" "$WORK/err.txt" | grep -m 1 unavailable | sed "s/^skipped: //")
	echo "skipped: ${why:-svafuzz run exited 4 (backend unavailable)}"
	exit 77
fi
after=$(python3 -c "print(f'{$t1 - $t0 - $FAIL_AFTER_S:.2f}')")
echo "exit $RC, $after s after KVM_RUN began to fail"
grep -m 1 "device stopped answering" "$WORK/err.txt"
grep -q "kvm_run_fail shim" "$WORK/err.txt" || { cat "$WORK/err.txt"; fail "the shim never failed a KVM_RUN"; }
[ "$RC" = 5 ] || { cat "$WORK/out.txt" "$WORK/err.txt"; fail "exit $RC, want 5"; }
python3 -c "import sys; sys.exit(0 if $after <= 10 else 1)" || fail "exit $after s after the failure, want <= 10 s"
grep -q "device stopped answering" "$WORK/err.txt" || fail "stderr does not say 'device stopped answering'"
[ -f "$RUN/run.json" ] || fail "no run.json"
grep -q "device stopped answering" "$RUN/run.json" || fail "run.json does not say 'device stopped answering'"
[ "$(json_get "$RUN/run.json" 'd["exit_code"]')" = 5 ] || fail "run.json exit_code"
echo PASS
