#!/usr/bin/env bash
# An event the oracle cannot take (here an effect setting flag 64, the
# oracle's own) stops check: exit 1 naming the line and the field, and no
# verdict, not even one that only exists because the event was dropped
# (a SPURIOUS_FAULT on a page the refused munmap had unmapped).
set -u
B=$1
d=$(mktemp -d); trap 'rm -rf "$d"' EXIT
cat > "$d/t.jsonl" <<'T'
# arena 4
{"t0":100,"t1":200,"kind":"mutation","op":"munmap","page":1,"npages":1,"outcome":"ok","eff":{"backing":"none","prot":"none","set":64,"clear":0,"obj":"keep"}}
{"t0":300,"t1":400,"thread":1,"kind":"access","op":"dev-read","page":1,"word":0,"outcome":"fault","value":"0x0"}
T
out=$("$B" check "$d/t.jsonl" 2>"$d/err"); rc=$?
err=$(cat "$d/err")
fail=0
[ $rc = 1 ] || { echo "exit $rc, want 1"; fail=1; }
grep -q 't.jsonl:2: .*"eff.set"' <<<"$err" || { echo "the refusal names no line and field: $err"; fail=1; }
grep -q "SPURIOUS_FAULT\|verdicts:" <<<"$out" && { echo "judged anyway:"; echo "$out"; fail=1; }
[ $fail = 0 ] && echo "ok"
exit $fail
