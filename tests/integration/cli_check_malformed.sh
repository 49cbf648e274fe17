#!/usr/bin/env bash
# check on malformed traces: exit 1 with TRACE:LINE: and a reason, never a crash.
set -u
B=$1
d=$(mktemp -d); trap 'rm -rf "$d"' EXIT
fail=0
good='{"t0":1,"t1":2,"kind":"access","op":"dev-read","page":0,"word":0,"outcome":"ok","value":"0x0"}'
try() {	# try NAME LINE WORD CONTENT
	printf '%s\n' "$4" > "$d/$1.jsonl"
	err=$("$B" check "$d/$1.jsonl" 2>&1 >/dev/null); rc=$?
	[ $rc = 1 ] || { echo "$1: exit $rc, want 1 ($err)"; fail=1; }
	grep -qF "$1.jsonl:$2: $3" <<<"$err" || { echo "$1: want '$1.jsonl:$2: $3', got: $err"; fail=1; }
}
try truncated 3 "not JSON" "# arena 2
$good
{\"t0\":5,\"t1\":"
try typo 2 'unknown key "oucome"' "$good
{\"t0\":1,\"t1\":2,\"kind\":\"access\",\"op\":\"dev-read\",\"page\":0,\"word\":0,\"oucome\":\"ok\",\"value\":\"0x0\"}"
try noval 1 'missing "value"' '{"t0":1,"t1":2,"kind":"access","op":"dev-read","page":0,"word":0,"outcome":"ok"}'
try backwards 1 "t1 1 is before t0 9" '{"t0":9,"t1":1,"kind":"mark","op":"barrier"}'
try beyond 2 "page 1 is beyond the arena" "# arena 1
{\"t0\":1,\"t1\":2,\"kind\":\"access\",\"op\":\"dev-read\",\"page\":1,\"word\":0,\"outcome\":\"ok\",\"value\":\"0x0\"}"
try binary 1 "not JSON" "$(printf '\x01\x02\xff\xfe')"
# a missing file
err=$("$B" check "$d/none.jsonl" 2>&1); rc=$?
[ $rc = 1 ] && grep -q "cannot open" <<<"$err" || { echo "missing: $rc $err"; fail=1; }
[ $fail = 0 ] && echo "ok"
exit $fail
