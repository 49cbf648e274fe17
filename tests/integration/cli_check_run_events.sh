#!/usr/bin/env bash
# A run's events.jsonl (its lines have "prog") is a sample of the run, not
# a trace: check says exactly that, naming the line, with exit 1.
set -u
B=$1
d=$(mktemp -d); trap 'rm -rf "$d"' EXIT
"$B" probe | grep -Eq '^  sim +available$' || { echo "skipped: no sim backend"; exit 77; }
"$B" run --backend sim --seed 5 --duration 1s --quiet --no-klog --results "$d/res" >/dev/null 2>&1
ev=$d/res/latest/events.jsonl
[ -s "$ev" ] || { echo "the run wrote no events.jsonl"; exit 1; }
err=$("$B" check "$ev" 2>&1 >/dev/null); rc=$?
want="$ev:1: a run's events.jsonl (key \"prog\") is a sample of the run and cannot be checked; check a finding's events.jsonl instead"
fail=0
[ $rc = 1 ] || { echo "exit $rc, want 1"; fail=1; }
[ "$err" = "$want" ] || { echo "got:  $err"; echo "want: $want"; fail=1; }
[ $fail = 0 ] && echo "ok"
exit $fail
