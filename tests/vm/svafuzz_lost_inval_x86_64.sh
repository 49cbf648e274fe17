#!/bin/bash
# Coverage as a verdict: with svatest's ignore-cow-inval knob (the device
# ignores every invalidation sent from inside do_wp_page, as a kernel whose
# COW-break path forgot the secondary MMUs would), a COW break leaves the
# device a translation of the old page while the model's permission and
# content stay the same. svafuzz must name it LOST_INVAL within 60 s, on
# Debian 6.12 and 6.1 (x86_64). The clean runs of svafuzz_clean_x86_64.sh
# are the negative control.
. "$(dirname "$0")/lib.bash"
vm_setup "$@"
BASE_OUT=$OUT
bad=0
for series in 6.12 6.1; do
	OUT=$BASE_OUT/$series
	mkdir -p "$OUT"
	# the whole 60 s: the first finding may be the STALE_READ of the same lost
	# invalidation (an unrelated invalidation in flight skips the stale check)
	run_guest x86_64 600 "svafuzz run --backend svatest --inject ignore-cow-inval \
--duration 60s --ops-per-program 500 -q --results /results/cow" \
		--series "$series" $(static_svafuzz_opt "$1" x86_64)
	RJ=$(ls "$OUT"/cow/*/run.json 2>/dev/null | head -n1)
	echo "Debian $series: svafuzz exit $RC"
	if [ -z "$RJ" ]; then
		echo "  no run.json (console: $OUT/console.log)"
		bad=1
		continue
	fi
	check_findings "$RJ" "LOST_INVAL" || { echo "  no LOST_INVAL"; bad=1; continue; }
	first=$(json_get "$RJ" "min(f['t_first_s'] for f in j['findings'] if f['verdict'] == 'LOST_INVAL')")
	echo "  LOST_INVAL after $first s: $(json_get "$RJ" "[f['why'] for f in j['findings'] if f['verdict'] == 'LOST_INVAL'][0][:300]")"
	python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) <= 60 else 1)" "$first" ||
		{ echo "  later than 60 s"; bad=1; }
	[ "$RC" = 2 ] || { echo "  exit $RC, want 2"; bad=1; }
done
[ $bad = 0 ] || fail "a lost COW-break invalidation went unnoticed"
echo "PASS"
