#!/usr/bin/env bash
# Where /dev/hmm_dmirror0 is absent (every Debian kernel: TEST_HMM needs
# DEVICE_PRIVATE), probe says why in words a user can act on, and a run
# with --backend hmm exits 4 (unavailable) with the same reason, nothing
# judged. Skips where the device is there (the test kernel).
set -u
B=$1
[ -e /dev/hmm_dmirror0 ] && { echo "skipped: /dev/hmm_dmirror0 is present"; exit 77; }
. "$(dirname "$0")/lib/unavailable.bash"
probe_line hmm
grep -q 'unavailable: /dev/hmm_dmirror0 absent' <<<"$line" || { echo "probe: $line"; fail=1; }
grep -q 'needs CONFIG_TEST_HMM, which needs DEVICE_PRIVATE: no Debian kernel has it; see docs/testkernel.md' \
	<<<"$line" || { echo "probe gives no reason: $line"; fail=1; }
grep -A9 -E '^  hmm +' <<<"$probe" | grep -q 'migrate-to-dev' || { echo "probe lists no hmm ops"; fail=1; }
expect_unavailable CONFIG_TEST_HMM hmm
[ $fail = 0 ] && echo "ok"
exit $fail
