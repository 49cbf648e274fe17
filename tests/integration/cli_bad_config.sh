#!/usr/bin/env bash
# A bad job file exits 1 and names FILE:LINE; so does one with an unknown
# key or section; a good one runs (checked with --dry-run).
set -u
B=$1
fail=0
d=$(mktemp -d); trap 'rm -rf "$d"' EXIT
check() {	# check NAME LINE WORD TEXT
	printf '%b' "$4" > "$d/$1.conf"
	err=$("$B" run --config "$d/$1.conf" --dry-run 2>&1 >/dev/null); rc=$?
	[ $rc = 1 ] || { echo "$1: exit $rc, want 1"; fail=1; }
	grep -qF "$d/$1.conf:$2: " <<<"$err" || { echo "$1: no $1.conf:$2: in: $err"; fail=1; }
	grep -qF "$3" <<<"$err" || { echo "$1: no '$3' in: $err"; fail=1; }
}
check threads 3 "threads" '; c\n[run]\nthreads = 0\n'
check key 2 "frob" '[run]\nfrob = 1\n'
check section 3 "[sim]" '[run]\nseed = 1\n[sim]\n'
check syntax 2 "syntax" '[run]\nno equals here\n'
check duration 4 "duration" '[run]\n\n\nduration = 3 fortnights\n'
check env 2 "SVAFUZZ_SURELY_UNSET_VAR" '[run]\nresults = ${SVAFUZZ_SURELY_UNSET_VAR}\n'
# a missing file
err=$("$B" run --config "$d/none.conf" 2>&1); rc=$?
[ $rc = 1 ] && grep -q "none.conf: cannot open" <<<"$err" || { echo "missing file: $rc $err"; fail=1; }
# a good one, with an option overriding the file
printf '[run]\nthreads = 3\nduration = 2h\n' > "$d/good.conf"
out=$("$B" run --config "$d/good.conf" --duration 10s --dry-run); rc=$?
[ $rc = 0 ] || { echo "good config: exit $rc"; fail=1; }
grep -qx "threads = 3" <<<"$out" && grep -qx "duration = 10s" <<<"$out" || { echo "good config: $out"; fail=1; }
[ $fail = 0 ] && echo "ok"
exit $fail
