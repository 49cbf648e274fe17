#!/usr/bin/env bash
# report refuses a run.json whose values are of the wrong type or out of
# range, or of another schema: exit 1 naming run.json and the key, and no
# report.html drawn from it (a duration of -5 s was "213503982334601d07h",
# a seed "abc" was 0, schema svafuzz-run/2 was read as /1).
set -u
B=$1
d=$(mktemp -d); trap 'rm -rf "$d"' EXIT
fail=0
good='"schema":"svafuzz-run/1","run_id":"r","backend":"sim","seed":7,"duration_s":30.2,"exit_code":0,
 "findings":[{"verdict":"STALE_WRITE","t_first_s":1.5,"dir":null,"why":"w","access":"dev-write","count":1}]'
try() {	# try NAME KEY JSON-WITH-ONE-BAD-VALUE
	mkdir -p "$d/$1"
	printf '{%s}\n' "$3" > "$d/$1/run.json"
	err=$("$B" report "$d/$1" 2>&1); rc=$?
	[ $rc = 1 ] || { echo "$1: exit $rc, want 1 ($err)"; fail=1; }
	grep -qF "$d/$1/run.json: key \"$2\"" <<<"$err" || { echo "$1: key $2 not named: $err"; fail=1; }
	[ -e "$d/$1/report.html" ] && { echo "$1: report.html written anyway"; fail=1; }
}
try schema schema "${good/svafuzz-run\/1/svafuzz-run/2}"
try negative duration_s "${good/30.2/-5}"
try seed seed "${good/\"seed\":7/\"seed\":\"abc\"}"
try exit exit_code "${good/\"exit_code\":0/\"exit_code\":\"0\"}"
try first findings[0].t_first_s "${good/1.5/-1}"
try noseed seed "${good/\"seed\":7,/}"
# and the good one is drawn
mkdir -p "$d/ok"; printf '{%s}\n' "$good" > "$d/ok/run.json"
"$B" report "$d/ok" >/dev/null 2>&1 || { echo "a good run.json refused"; fail=1; }
[ $fail = 0 ] && echo "ok"
exit $fail
