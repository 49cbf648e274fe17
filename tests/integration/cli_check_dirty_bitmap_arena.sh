#!/usr/bin/env bash
# A dirty fetch's bitmap covers 64 pages (docs/trace.md): on a smaller
# arena its bits past the arena's end are accepted when zero, and a bit
# set there is refused naming the line and "value".
set -u
B=$1
d=$(mktemp -d); trap 'rm -rf "$d"' EXIT
fail=0
fetch() {	# fetch VALUE: a 64-page fetch on a 4-page arena
	printf '# arena 4\n{"t0":10,"t1":20,"kind":"dirty","op":"dirty-check","page":0,"npages":64,"value":"%s"}\n' "$1" > "$d/t.jsonl"
}
fetch 0x5
out=$("$B" check "$d/t.jsonl" 2>&1); rc=$?
[ $rc = 0 ] || { echo "zero bits past the arena: exit $rc, want 0:"; echo "$out"; fail=1; }
fetch 0x10
out=$("$B" check "$d/t.jsonl" 2>&1); rc=$?
[ $rc = 1 ] || { echo "a bit set past the arena: exit $rc, want 1"; fail=1; }
grep -q 't.jsonl:2: page 4 is beyond the arena.*"value"' <<<"$out" || { echo "not named: $out"; fail=1; }
[ $fail = 0 ] && echo "ok"
exit $fail
