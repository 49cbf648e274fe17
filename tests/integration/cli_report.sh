#!/usr/bin/env bash
# report DIR rebuilds a self-contained report.html: from a hand-made
# results folder (findings table with folder links, timeline SVG with a
# marker per finding) and from a real short sim run with a bug knob.
set -u
B=$1
d=$(mktemp -d); trap 'rm -rf "$d"' EXIT
fail=0

self_contained() {	# no scripts, no external assets
	if grep -Eqi '<script|<link |src="|url\(|@import|href="(https?:)?//' "$1"; then
		echo "$1 is not self-contained:"; grep -Eoi '<script|<link [^>]*|src="[^"]*"|url\([^)]*\)|@import|href="(https?:)?//[^"]*"' "$1" | head
		fail=1
	fi
}

# 1. a hand-made run folder
r=$d/run1
mkdir -p "$r/findings/001-STALE_WRITE"
echo 'svafuzz-sequence 1' > "$r/findings/001-STALE_WRITE/repro.sva"
cat > "$r/run.json" <<'J'
{"schema":"svafuzz-run/1","run_id":"20250101T000000Z-7","backend":"sim","knob":"no-downgrade-inval","arch":null,
 "seed":7,"duration_s":30.2,"duration_asked_s":30,"exit_code":2,"counts":{"mprotect":1200,"dev-write":50000},
 "programs":40,"accesses_judged":90000,"accesses_decisive":60000,"decisive_share":0.667,"faults_seen":321,
 "interval_ns":{"median":900,"p99":15000},
 "findings":[{"verdict":"STALE_WRITE","t_first_s":12.5,"dir":"findings/001-STALE_WRITE","why":"write <after> downgrade","access":"dev-write","count":3}],
 "verdicts":3,"rss_kb":{"start":9000,"end":9100,"max":9500},"skipped":[],"backend_stats":{"sim_steps":123456},
 "oracle":{"rejected":0,"widened":0,"mem_peak":100000},"watchdog":null,"kernel_log_errors":null,
 "kernel":"6.1.0","machine":{"arch":"x86_64","cpus":2},"started":"2025-01-01T00:00:00Z","ended":"2025-01-01T00:00:30Z"}
J
for t in $(seq 1 30); do
	f=0; [ $t -ge 13 ] && f=1
	echo "{\"t_s\":$t,\"mutations\":$((1000 + t)),\"accesses\":$((3000 + t * 7)),\"faults\":$((t % 5)),\"slot_changes\":0,\"findings\":$f,\"rss_kb\":9100}"
done > "$r/timeline.jsonl"
echo '{"t_s":31,"mut' >> "$r/timeline.jsonl"	# a run killed mid-line
out=$("$B" report "$r"); rc=$?
[ $rc = 0 ] || { echo "report exited $rc"; fail=1; }
h=$r/report.html
[ -s "$h" ] || { echo "no report.html"; exit 1; }
grep -q '<svg' "$h" || { echo "no timeline svg"; fail=1; }
grep -q 'class="mark"' "$h" || { echo "no finding marker"; fail=1; }
grep -q 'href="findings/001-STALE_WRITE/"' "$h" || { echo "no link to the finding folder"; fail=1; }
grep -q 'href="findings/001-STALE_WRITE/repro.sva"' "$h" || { echo "no link to repro.sva"; fail=1; }
grep -q 'write &lt;after&gt; downgrade' "$h" || { echo "why not escaped"; fail=1; }
grep -q 'FINDINGS' "$h" || { echo "no status"; fail=1; }
self_contained "$h"
[ -e "$r/.report.html.tmp" ] && { echo "temporary file left"; fail=1; }

# 2. no run.json: exit 1 naming it
mkdir -p "$d/empty"
err=$("$B" report "$d/empty" 2>&1); rc=$?
[ $rc = 1 ] && grep -q "run.json" <<<"$err" || { echo "empty dir: $rc $err"; fail=1; }

# 3. a real short sim run with a knob (the run writes the report; rebuild it)
if "$B" probe | grep -Eq '^  sim +available$'; then
	"$B" run --backend sim --inject no-downgrade-inval --seed 3 --duration 4s --quiet --no-klog \
		--results "$d/res" >/dev/null 2>&1
	rc=$?
	if [ -f "$d/res/latest/run.json" ]; then
		rm -f "$d/res/latest/report.html"
		"$B" report "$d/res/latest" >/dev/null || { echo "report of a real run failed"; fail=1; }
		[ -s "$d/res/latest/report.html" ] || { echo "no report for the real run"; fail=1; }
		self_contained "$d/res/latest/report.html"
		if [ $rc = 2 ]; then
			grep -q 'href="findings/' "$d/res/latest/report.html" || { echo "real run: findings not linked"; fail=1; }
		fi
	else
		echo "note: the sim run left no run.json (exit $rc); real-run part not checked"
	fi
fi
[ $fail = 0 ] && echo "ok"
exit $fail
