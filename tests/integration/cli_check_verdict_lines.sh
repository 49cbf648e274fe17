#!/usr/bin/env bash
# Each verdict names the line of its own event: a DIRTY_MISS the line of
# the device write the fetch missed (not line 0), and two identical lines
# two verdicts at lines 3 and 4 (not both at the first).
set -u
B=$1
d=$(mktemp -d); trap 'rm -rf "$d"' EXIT
fail=0
cat > "$d/dirty.jsonl" <<'T'
# arena 2
{"t0":1,"t1":2,"kind":"mutation","op":"slot-flags","page":0,"npages":2,"outcome":"ok","eff":{"backing":"keep","prot":"keep","obj":"keep","set":32}}
{"t0":10,"t1":20,"kind":"dirty","op":"dirty-check","page":0,"npages":2,"value":"0x0"}
{"t0":30,"t1":40,"thread":1,"kind":"access","op":"dev-write","page":1,"word":0,"outcome":"ok","value":"0x5"}
{"t0":50,"t1":60,"kind":"dirty","op":"dirty-check","page":0,"npages":2,"value":"0x0"}
T
out=$("$B" check "$d/dirty.jsonl"); rc=$?
[ $rc = 2 ] || { echo "dirty: exit $rc, want 2"; fail=1; }
grep -q '^[^ ]*dirty.jsonl:4: DIRTY_MISS' <<<"$out" || { echo "DIRTY_MISS not at line 4:"; echo "$out"; fail=1; }
cat > "$d/twice.jsonl" <<'T'
# arena 4
{"t0":100,"t1":200,"kind":"mutation","op":"mprotect","page":1,"npages":1,"outcome":"ok","eff":{"backing":"keep","prot":"r","obj":"keep"}}
{"t0":300,"t1":400,"thread":1,"kind":"access","op":"dev-write","page":1,"word":0,"outcome":"ok","value":"0x1234"}
{"t0":300,"t1":400,"thread":1,"kind":"access","op":"dev-write","page":1,"word":0,"outcome":"ok","value":"0x1234"}
T
out=$("$B" check "$d/twice.jsonl"); rc=$?
[ $rc = 2 ] || { echo "twice: exit $rc, want 2"; fail=1; }
lines=$(grep -o 'twice.jsonl:[0-9]*: STALE_WRITE' <<<"$out" | cut -d: -f2 | sort | tr '\n' ' ')
[ "$lines" = "3 4 " ] || { echo "identical lines reported at '$lines', want '3 4 ':"; echo "$out"; fail=1; }
[ $fail = 0 ] && echo "ok"
exit $fail
