#!/usr/bin/env bash
# A directory given as a job file, a sequence or a trace is refused by name
# with exit 1 (a directory once read as an empty job file: the defaults ran).
set -u
B=$1
source "$(dirname "$0")/lib/expect_error.bash"
d=$(mktemp -d); trap 'rm -rf "$d"' EXIT
expect_error "$d: is a directory, not a job file" run --config "$d" --dry-run
expect_error "$d: is a directory, not a sequence file" replay "$d"
expect_error "$d: is a directory, not a sequence file" minimize "$d"
expect_error "$d: is a directory, not a trace" check "$d"
[ $fail = 0 ] && echo "ok"
exit $fail
