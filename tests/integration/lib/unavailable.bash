# Shared by tests/integration/*_unavailable.sh: sourced, never run alone.
# Usage in a test: B=$1; source "$(dirname "$0")/lib/unavailable.bash"
# probe_line NAME: $probe is all of `svafuzz probe`, $line the backend's
# first line in it.
# expect_unavailable WANT BACKEND [VAR=VALUE ...]: `svafuzz run --backend
# BACKEND` (with those variables in its environment) exits 4 (unavailable)
# instead of starting, and its output holds WANT (a fixed string). Sets
# fail=1 with the reason otherwise.
fail=0
unavail_dir=$(mktemp -d)
trap 'rm -rf "$unavail_dir"' EXIT
probe_line() {
	probe=$("$B" probe)
	line=$(grep -E "^  $1 " <<<"$probe")
}
expect_unavailable() {
	local want=$1 be=$2 err rc
	shift 2
	err=$(env "$@" "$B" run --backend "$be" --duration 2s -q --results "$unavail_dir" 2>&1); rc=$?
	[ $rc = 4 ] || { echo "run --backend $be${*:+ $*}: exit $rc, want 4: $err"; fail=1; }
	grep -qF -- "$want" <<<"$err" || { echo "run --backend $be${*:+ $*} does not say '$want': $err"; fail=1; }
}
