#!/usr/bin/env bash
# probe's last line names the backend `run --backend auto` picks and why:
# every backend listed before it (probe order) is unavailable, with the same
# reason as in its own line; the pick itself is listed as available; and a
# real run with --backend auto drives the backend the line names.
set -u
B=$1
out=$("$B" probe); rc=$?
fail=0
[ $rc = 0 ] || { echo "probe exited $rc"; fail=1; }
last=$(tail -n 1 <<<"$out")
re='^run --backend auto picks ([a-z0-9-]+): (.+)$'
if ! [[ $last =~ $re ]]; then
	echo "last line does not say what auto picks: '$last'"
	exit 1
fi
pick=${BASH_REMATCH[1]}
why=${BASH_REMATCH[2]}
grep -Eq "^  $pick +available\$" <<<"$out" || { echo "picked $pick, not listed as available"; fail=1; }
# backends in listing order, up to the pick: each before it must be explained
before=0
while read -r name state reason; do
	[ "$name" = "$pick" ] && break
	before=$((before + 1))
	[ "$state" = "unavailable:" ] || { echo "$name is $state but listed before the pick $pick"; fail=1; continue; }
	grep -qF "$name unavailable: $reason" <<<"$why" || { echo "the pick's reason does not say why not $name ($reason): '$why'"; fail=1; }
done < <(grep -E '^  [a-z0-9-]+ +(available|unavailable: .*)$' <<<"$out")
[ $before = 0 ] && [ "$why" != "available, and first in probe order" ] && { echo "first backend picked, but: '$why'"; fail=1; }
# the run agrees: one second of `run --backend auto` names its backend in run.json
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
"$B" run --backend auto --duration 1s --seed 1 --results "$dir" -q --no-klog >/dev/null 2>&1
grep -Eq '"backend": *"'"$pick"'"' "$dir"/latest/run.json ||
	{ echo "run --backend auto did not run $pick:"; grep -o '"backend": *"[^"]*"' "$dir"/latest/run.json; fail=1; }
[ $fail = 0 ] && echo "ok (auto picks $pick)"
exit $fail
