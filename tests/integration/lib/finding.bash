# Shared by tests that need a finding folder: sourced after sim_common.bash.
# make_finding: a short sim run with a bug knob, stopped at its first
# finding; sets REPRO (its repro.sva) or fails.
make_finding() {
	"$BIN" run --backend sim --inject no-downgrade-inval --seed 2 --duration 10s --max-findings 1 \
		--quiet --no-klog --results "$WORK/res" >/dev/null 2>&1
	REPRO=$(ls "$WORK"/res/latest/findings/*/repro.sva 2>/dev/null | head -1)
	[ -f "$REPRO" ] || fail "the run saved no repro.sva"
}
