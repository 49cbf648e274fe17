# Shared by tests/integration/cli_input_*.sh: sourced, never run alone.
# Usage in a test: B=$1; source "$(dirname "$0")/lib/expect_error.bash"
# expect_error WANT ARGS...: `svafuzz ARGS` exits 1, within 5 s (so a
# regression that hangs fails instead), and stderr holds WANT (a fixed
# string). Sets fail=1 with the reason otherwise; stderr is left in $err.
# stdin is the caller's.
fail=0
expect_error() {
	local want=$1 rc; shift
	err=$(LC_ALL=C timeout 5 "$B" "$@" 2>&1 >/dev/null); rc=$?
	[ $rc = 1 ] || { echo "svafuzz $*: exit $rc, want 1 ($err)"; fail=1; }
	grep -qF -- "$want" <<<"$err" || { echo "svafuzz $*: no '$want' in: $err"; fail=1; }
}
