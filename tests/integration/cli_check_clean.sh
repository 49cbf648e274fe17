#!/usr/bin/env bash
# check on a clean trace (a fault on a read-only page, a write racing the
# downgrade, reads of what was written; lines out of t0 order): exit 0.
set -u
B=$1
d=$(mktemp -d); trap 'rm -rf "$d"' EXIT
cat > "$d/t.jsonl" <<'T'
{"t0":100,"t1":200,"thread":0,"kind":"mutation","op":"mprotect","page":1,"npages":2,"outcome":"ok","err":0,"seq":0,"eff":{"backing":"keep","prot":"r","set":0,"clear":0,"obj":"keep","arg":0}}
{"t0":300,"t1":400,"thread":1,"kind":"access","op":"dev-write","page":1,"word":0,"outcome":"fault","err":0,"value":"0x1234","seq":1}
{"t0":150,"t1":450,"thread":2,"kind":"access","op":"dev-write","page":2,"word":0,"outcome":"ok","err":0,"value":"0x77","seq":1}
{"t0":500,"t1":600,"thread":1,"kind":"access","op":"dev-read","page":2,"word":0,"outcome":"ok","err":0,"value":"0x77","seq":2}
{"t0":700,"t1":800,"thread":1,"kind":"access","op":"dev-read","page":3,"word":0,"outcome":"ok","err":0,"value":"0x0","seq":3}
T
out=$("$B" check "$d/t.jsonl"); rc=$?
fail=0
[ $rc = 0 ] || { echo "exit $rc, want 0:"; echo "$out"; fail=1; }
grep -q "verdicts: none" <<<"$out" || { echo "$out"; fail=1; }
grep -q "out of t0 order: sorted" <<<"$out" || { echo "no note about sorting:"; echo "$out"; fail=1; }
grep -q "summary: 5 events, 4 accesses judged" <<<"$out" || { echo "$out"; fail=1; }
# the same trace from stdin
"$B" check - < "$d/t.jsonl" >/dev/null; rc=$?
[ $rc = 0 ] || { echo "stdin: exit $rc"; fail=1; }
[ $fail = 0 ] && echo "ok"
exit $fail
