#!/usr/bin/env bash
# Unknown options, missing values and bad values exit 1 with a message
# naming the option (one the backend cannot take included); an unknown
# command exits 1 naming it.
set -u
B=$1
fail=0
expect() {	# expect WORD-IN-MESSAGE ARGS...
	local want=$1; shift
	local err rc
	err=$("$B" "$@" 2>&1 >/dev/null); rc=$?
	if [ $rc != 1 ]; then echo "svafuzz $*: exit $rc, want 1"; fail=1; fi
	if ! grep -qF -- "$want" <<<"$err"; then echo "svafuzz $*: message does not name '$want': $err"; fail=1; fi
}
expect "--frobnicate" run --frobnicate
expect "-Z" run -Z
expect "--seed" run --seed
expect "--threads" run --threads 1
expect "--duration" run --duration forever
expect "--backend" run --backend no-such-backend
# more queues than the backend opens: a usage error before anything runs,
# whether or not the backend is available here
expect "--vcpus 32: backend kvm runs at most 16" run --backend kvm --vcpus 32 --duration 1s
expect "--threads 20: backend kvm runs at most 16" run --backend kvm --threads 20 --dry-run
expect "--quiet" run --quiet=yes
expect "stray" run stray
expect "--times" replay --times 0 x.sva
expect "--bogus" replay --bogus x.sva
expect "--bogus" check --bogus t.jsonl
expect "--semantics" check --semantics sometimes t.jsonl
expect "--arena" check --arena
expect "--bogus" probe --bogus
expect "--bogus" report --bogus dir
expect "frobnicate" frobnicate
[ $fail = 0 ] && echo "ok"
exit $fail
