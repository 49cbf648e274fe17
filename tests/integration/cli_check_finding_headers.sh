#!/usr/bin/env bash
# A finding's events.jsonl starts with the headers that make svafuzz check
# judge it as the run did (arena, the backend's semantics, the flags every
# page started with), and check finds the finding's verdict in it. The
# initial-flags header decides a verdict: a device write the dirty log
# missed is DIRTY_MISS only on a page that logs dirty from the start; a bad
# header value is an error naming its line.
set -u
B=$1
d=$(mktemp -d); trap 'rm -rf "$d"' EXIT
fail=0
"$B" probe | grep -Eq '^  sim +available$' || { echo "skipped: no sim backend"; exit 77; }
"$B" run --backend sim --inject no-downgrade-inval --seed 3 --duration 5s --max-findings 1 \
	--quiet --no-klog --results "$d/res" >/dev/null 2>&1
f=$(ls -d "$d"/res/latest/findings/001-* 2>/dev/null | head -n 1)
[ -n "$f" ] || { echo "no finding from the sim with no-downgrade-inval"; exit 1; }
head=$(head -n 3 "$f/events.jsonl" | tr '\n' '|')
[ "$head" = "# arena 64|# semantics mirror|# initial-flags 0|" ] ||
	{ echo "events.jsonl starts with '$head'"; fail=1; }
want=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["verdict"])' "$f/finding.json")
out=$("$B" check -q "$f/events.jsonl"); rc=$?
[ $rc = 2 ] || { echo "check of the finding: exit $rc, want 2"; fail=1; }
grep -q "^verdicts: .*$want" <<<"$out" || { echo "check does not find $want:"; echo "$out"; fail=1; }

trace() {
	printf '%s\n' "$@"
	cat <<'T'
{"t0":10,"t1":20,"kind":"dirty","op":"dirty-check","page":0,"npages":2,"value":"0x0"}
{"t0":30,"t1":40,"thread":1,"kind":"access","op":"dev-write","page":1,"word":0,"outcome":"ok","value":"0x5"}
{"t0":50,"t1":60,"kind":"dirty","op":"dirty-check","page":0,"npages":2,"value":"0x0"}
T
}
trace '# arena 2' > "$d/plain.jsonl"
trace '# arena 2' '# initial-flags 0x20' > "$d/logged.jsonl"
trace '# arena 2' '# initial-flags 64' > "$d/bad.jsonl"
out=$("$B" check "$d/plain.jsonl"); rc=$?
[ $rc = 0 ] || { echo "no dirty logging: exit $rc, want 0:"; echo "$out"; fail=1; }
out=$("$B" check "$d/logged.jsonl"); rc=$?
[ $rc = 2 ] || { echo "initial-flags 0x20: exit $rc, want 2"; fail=1; }
grep -q 'initial state anon-private rw log-dirty$' <<<"$out" ||
	{ echo "check does not say the pages start logging dirty:"; echo "$out"; fail=1; }
grep -q '^[^ ]*logged.jsonl:4: DIRTY_MISS' <<<"$out" || { echo "no DIRTY_MISS at line 4:"; echo "$out"; fail=1; }
err=$("$B" check "$d/bad.jsonl" 2>&1 >/dev/null); rc=$?
[ $rc = 1 ] || { echo "initial-flags 64: exit $rc, want 1"; fail=1; }
grep -q 'bad.jsonl:2: .*"# initial-flags 64": a sum of page-state flags 0..255 without 64' <<<"$err" ||
	{ echo "initial-flags 64: '$err'"; fail=1; }
[ $fail = 0 ] && echo "ok"
exit $fail
