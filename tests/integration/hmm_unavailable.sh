#!/usr/bin/env bash
# Where /dev/hmm_dmirror0 is absent (every Debian kernel: TEST_HMM needs
# DEVICE_PRIVATE), probe says why in words a user can act on, and a run
# with --backend hmm exits 4 (unavailable) with the same reason, nothing
# judged. Skips where the device is there (the test kernel).
set -u
B=$1
[ -e /dev/hmm_dmirror0 ] && { echo "skipped: /dev/hmm_dmirror0 is present"; exit 77; }
fail=0
out=$("$B" probe)
line=$(grep -E '^  hmm +' <<<"$out")
grep -q 'unavailable: /dev/hmm_dmirror0 absent' <<<"$line" || { echo "probe: $line"; fail=1; }
grep -q 'needs CONFIG_TEST_HMM, which needs DEVICE_PRIVATE: no Debian kernel has it; see docs/testkernel.md' \
	<<<"$line" || { echo "probe gives no reason: $line"; fail=1; }
grep -A9 -E '^  hmm +' <<<"$out" | grep -q 'migrate-to-dev' || { echo "probe lists no hmm ops"; fail=1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
err=$("$B" run --backend hmm --duration 1s -q --results "$dir" 2>&1); rc=$?
[ $rc = 4 ] || { echo "run --backend hmm exited $rc, want 4: $err"; fail=1; }
grep -q 'CONFIG_TEST_HMM' <<<"$err" || { echo "run does not say why: $err"; fail=1; }
[ $fail = 0 ] && echo "ok"
exit $fail
