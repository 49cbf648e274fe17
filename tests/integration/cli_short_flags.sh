#!/usr/bin/env bash
# A short option means one thing in every command (docs/cli.md, "Short
# options"): each "-x, --long" of every --help is the letter's meaning in
# the table below, and a letter outside it fails, so a new short option
# needs a look at the others first. (-n was --dry-run in run but --times in
# replay.) replay's count is -r, and the old -n says where it went.
set -u
B=$1
fail=0
declare -A meaning=(
	[-a]='--arena' [-b]='--backend' [-c]='--config' [-d]='--duration'
	[-e]='--expect' [-h]='--help' [-i]='--inject' [-m]='--max-calls'
	[-n]='--dry-run' [-p]='--profile' [-q]='--quiet' [-s]='--seed'
	[-t]='--threads'
	[-o]='--results|--out'		# where the output goes
	[-r]='--times|--runs'		# how many replays
)
for sub in run replay minimize probe check report export merge; do
	while read -r short long; do
		if ! grep -qxE -- "${meaning[$short]:-}" <<<"$long"; then
			echo "svafuzz $sub: $short is $long, but elsewhere ${meaning[$short]:-nothing}"
			fail=1
		fi
	done < <("$B" $sub --help | sed -nE 's/^  (-[a-zA-Z]), (--[a-z-]+).*/\1 \2/p')
done
err=$("$B" replay -n 3 x.sva 2>&1); rc=$?
[ $rc = 1 ] && grep -qF -- "--times is -r" <<<"$err" || { echo "replay -n: exit $rc: $err"; fail=1; }
err=$("$B" replay -r 0 x.sva 2>&1); rc=$?
[ $rc = 1 ] && grep -qF -- "--times '0'" <<<"$err" || { echo "replay -r 0: exit $rc: $err"; fail=1; }
[ $fail = 0 ] && echo "ok"
exit $fail
