#!/usr/bin/env bash
# A file that cannot be opened is named with the system's reason and no
# line or column (not "nope.sva:0:0: ..."), exit 1, for every reader.
set -u
B=$1
source "$(dirname "$0")/lib/expect_error.bash"
d=$(mktemp -d); trap 'rm -rf "$d"' EXIT
for args in "run --dry-run --config $d/nope.conf" "replay $d/nope.sva" "minimize $d/nope.sva" \
	    "check $d/nope.jsonl"; do
	set -- $args
	expect_error "${*: -1}: cannot open: No such file or directory" "$@"
	! grep -qE ':[0-9]+(:[0-9]+)?:' <<<"$err" || { echo "svafuzz $*: a line number in: $err"; fail=1; }
done
[ $fail = 0 ] && echo "ok"
exit $fail
