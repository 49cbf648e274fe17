#!/usr/bin/env bash
# check on a hand-written trace where a device write succeeds on a page
# made read-only before it: exit 2, and the STALE_WRITE named at its line.
set -u
B=$1
d=$(mktemp -d); trap 'rm -rf "$d"' EXIT
cat > "$d/t.jsonl" <<'T'
# arena 4
# page 1 and 2 become read-only over [100, 200] ns
{"t0":100,"t1":200,"thread":0,"kind":"mutation","op":"mprotect","page":1,"npages":2,"outcome":"ok","err":0,"seq":0,"eff":{"backing":"keep","prot":"r","set":0,"clear":0,"obj":"keep","arg":0}}
# a device write to page 1 well after that still succeeded: a stale IOTLB entry
{"t0":300,"t1":400,"thread":1,"kind":"access","op":"dev-write","page":1,"word":0,"outcome":"ok","err":0,"value":"0x1234","seq":1}
# a read of page 2 is still allowed
{"t0":500,"t1":600,"thread":1,"kind":"access","op":"dev-read","page":2,"word":3,"outcome":"ok","err":0,"value":"0x0","seq":2}
T
out=$("$B" check "$d/t.jsonl"); rc=$?
fail=0
[ $rc = 2 ] || { echo "exit $rc, want 2"; fail=1; }
grep -q "t.jsonl:5: STALE_WRITE" <<<"$out" || { echo "no STALE_WRITE at line 5:"; echo "$out"; fail=1; }
grep -q "verdicts: STALE_WRITE 1$" <<<"$out" || { echo "summary:"; echo "$out"; fail=1; }
[ $(grep -c "STALE_WRITE:" <<<"$out") = 1 ] || { echo "more than one verdict:"; echo "$out"; fail=1; }
[ $fail = 0 ] && echo "ok"
exit $fail
