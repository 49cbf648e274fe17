#!/usr/bin/env bash
# --help of every subcommand exits 0 and shows its usage; `svafuzz --help`
# lists them all; --version names the version, revision and backends.
set -u
B=$1
fail=0
out=$("$B" --help) || { echo "svafuzz --help exited $?"; fail=1; }
for sub in run replay minimize probe check report; do
	echo "$out" | grep -q "^  $sub  *[a-z]" || { echo "svafuzz --help does not list $sub"; fail=1; }
	h=$("$B" $sub --help) || { echo "svafuzz $sub --help exited $?"; fail=1; }
	echo "$h" | grep -q "^usage: svafuzz $sub" || { echo "svafuzz $sub --help: no usage line"; fail=1; }
	"$B" help $sub | grep -q "^usage: svafuzz $sub" || { echo "svafuzz help $sub: no usage"; fail=1; }
done
v=$("$B" --version) || { echo "--version exited $?"; fail=1; }
echo "$v" | grep -Eq '^svafuzz [0-9]+\.[0-9]+\.[0-9]+ \(git [0-9a-f]+|unknown\)' || { echo "--version: $v"; fail=1; }
echo "$v" | grep -q '^backends: .*sim' || { echo "--version lists no sim backend: $v"; fail=1; }
# no command at all is a usage error
"$B" >/dev/null 2>&1; rc=$?
[ $rc = 1 ] || { echo "svafuzz with no command exited $rc, want 1"; fail=1; }
[ $fail = 0 ] && echo "ok"
exit $fail
