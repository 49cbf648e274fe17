#!/usr/bin/env bash
# probe exits 0 and lists the sim backend as available, with its knobs,
# and every worker as supported or unsupported with a reason.
set -u
B=$1
out=$("$B" probe); rc=$?
fail=0
[ $rc = 0 ] || { echo "probe exited $rc"; fail=1; }
grep -Eq '^  sim +available$' <<<"$out" || { echo "sim not listed as available:"; echo "$out"; fail=1; }
grep -q 'knobs: ' <<<"$out" || { echo "no knobs line"; fail=1; }
grep -q '^workers:' <<<"$out" || { echo "no workers section"; fail=1; }
grep -Eq '^  mprotect +(supported|unsupported: .+)$' <<<"$out" || { echo "mprotect worker not listed"; fail=1; }
# every backend line says available or why not
if grep -E '^  [a-z0-9-]+ +unavailable' <<<"$out" | grep -Ev 'unavailable: .+'; then
	echo "an unavailable backend gives no reason"; fail=1
fi
[ $fail = 0 ] && echo "ok"
exit $fail
