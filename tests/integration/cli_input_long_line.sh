#!/usr/bin/env bash
# A line over the limit of its format is refused with FILE:LINE and the
# limit (job file 198 bytes, sequence and trace 64 KiB), exit 1.
set -u
B=$1
source "$(dirname "$0")/lib/expect_error.bash"
d=$(mktemp -d); trap 'rm -rf "$d"' EXIT
long() { head -c "$1" /dev/zero | tr '\0' x; }
printf '[run]\nseed = 1\n# %s\n' "$(long 300)" >"$d/j.conf"
expect_error "$d/j.conf:3: line is longer than 198 bytes, the limit for a job file" run --config "$d/j.conf" --dry-run
printf 'svafuzz-sequence 1\n#%s\n' "$(long 70000)" >"$d/s.sva"
expect_error "$d/s.sva:2:1: line is longer than 65536 bytes, the limit for a sequence file" replay "$d/s.sva"
expect_error "$d/s.sva:2:1: line is longer than 65536 bytes, the limit for a sequence file" minimize "$d/s.sva"
printf '# arena 1\n\n#%s\n' "$(long 70000)" >"$d/t.jsonl"
expect_error "$d/t.jsonl:3: line is longer than 65536 bytes, the limit for a trace" check "$d/t.jsonl"
[ $fail = 0 ] && echo "ok"
exit $fail
