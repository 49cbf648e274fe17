#!/usr/bin/env bash
# A corrupt timeline.jsonl is named, file:line, on stderr and in
# report.html: not described as "a run shorter than a second".
set -u
B=$1
d=$(mktemp -d); trap 'rm -rf "$d"' EXIT
fail=0
r=$d/run
mkdir -p "$r"
cat > "$r/run.json" <<'J'
{"schema":"svafuzz-run/1","run_id":"r","backend":"sim","seed":7,"duration_s":600,"exit_code":0}
J
printf '\x00\x01garbage\n{"t_s":"two"}\n' > "$r/timeline.jsonl"
err=$("$B" report "$r" 2>&1 >/dev/null); rc=$?
[ $rc = 0 ] || { echo "exit $rc: $err"; fail=1; }
grep -qF "$r/timeline.jsonl:1: " <<<"$err" || { echo "line 1 not named on stderr: $err"; fail=1; }
h=$r/report.html
grep -q "shorter than a second" "$h" && { echo "a corrupt timeline shown as a short run"; fail=1; }
grep -q "timeline.jsonl:1: " "$h" || { echo "report.html does not name the line"; fail=1; }
grep -q "2 unreadable lines" "$h" || { echo "report.html does not count the lines"; fail=1; }
[ $fail = 0 ] && echo "ok"
exit $fail
