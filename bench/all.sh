#!/usr/bin/env bash
# Every bench, plus the peers (stress-ng --mprotect 1, the bare mprotect
# loop), in one run, and one table of their figures with the machine and
# its load average before and after (docs/perf.md keeps the latest).
# Each judged figure is measured beside its raw loop by the same bench.
# Never fails on speed; exits non-zero only if a bench could not run.
#
#   bench/all.sh [BUILD_DIR (default build)] [SECONDS per variant (default 2)]
#
# Each bench's own output is kept in $BUILD_DIR/bench-all/ (one .txt each).
set -uo pipefail

build=${1:-build}
secs=${2:-2}
# stress-ng and bench_kvm take whole seconds (stress-ng's 0 means forever)
isecs=$(awk -v s="$secs" 'BEGIN { i = int(s + 0.999); print (i < 1 ? 1 : i) }')
here=$(cd "$(dirname "$0")" && pwd)
[ -d "$build" ] || build=$here/../$build
out=$build/bench-all
mkdir -p "$out" || exit 1
for b in bench_mutators bench_backend bench_sim bench_kvm bench_oracle bench_fuzz_sim bench_seq; do
	[ -x "$build/$b" ] || { echo "bench/all.sh: $build/$b missing: build first (cmake --build $build)" >&2; exit 1; }
done

rows=()
failed=0
row() { rows+=("$(printf '| %s | %s | %s | %s |' "$1" "$2" "$3" "$4")"); }
load() { cut -d' ' -f1-3 /proc/loadavg; }
# field N of the first line matching RE in a bench's output
pick() { awk -v re="$2" -v n="$3" '$0 ~ re { print $n; exit }' "$out/$1.txt"; }
run() {
	local name=$1; shift
	echo "bench/all.sh: $name ..." >&2
	# a bench that hangs must not hang the table: far above any bench's time
	if ! timeout $((isecs * 30 + 120)) "$@" >"$out/$name.txt" 2>&1; then
		echo "bench/all.sh: $name failed:" >&2
		tail -5 "$out/$name.txt" >&2
		failed=1
	fi
}

load_start=$(load)

# the CPU side: bare mprotect, the worker, recorded
run mutators "$build/bench_mutators" "$secs"
for v in "bare" "worker, no recording" "recorded" "recorded, spinning pump"; do
	# wall calls/s and %, then per CPU second of the mutating thread
	read -r w wp c cp < <(grep -F "mprotect $v " "$out/mutators.txt" | head -1 |
		sed -E 's/^mprotect [^0-9]*//' | awk '{ print $1, $3, $5, $7 }')
	row "mprotect 1 page RO/RW" "$v" "$w calls/s ($c per CPU s)" "$wp % of bare ($cp % per CPU s)"
done

# the peer
if command -v stress-ng >/dev/null; then
	run stress-ng stress-ng --mprotect 1 -t "$isecs" --metrics-brief
	row "stress-ng --mprotect 1" "8 processes, 1 worker" \
	    "$(awk '/metrc:.* mprotect / { printf "%.0f", $(NF-1) }' "$out/stress-ng.txt") bogo-ops/s" "peer"
else
	row "stress-ng --mprotect 1" "not installed" "-" "scripts/install-deps.sh bench"
fi

# every device backend: its raw loop and its judged rate
for be in uring kvm svatest hmm iommufd; do
	run "backend-$be" "$build/bench_backend" "$be" "$secs"
	if grep -q skipped "$out/backend-$be.txt"; then
		row "backend $be" "unavailable" "-" "$(sed -E 's/.*skipped: //' "$out/backend-$be.txt" | head -1)"
		continue
	fi
	row "backend $be" "raw loop" "$(pick "backend-$be" 'raw loop' 3) accesses/s" "-"
	row "backend $be" "judged" "$(pick "backend-$be" 'judged by oracle' 4) accesses/s" \
	    "$(pick "backend-$be" 'judged by oracle' 6) % of raw"
done

# the sim: alone is its raw loop
run sim "$build/bench_sim"
alone=$(pick sim '^sim alone' 7)
judged=$(pick sim '^sim\+collector' 6)
row "sim" "raw (sim alone)" "$alone events/s" "-"
row "sim" "judged (collector + oracle)" "$judged events/s" \
    "$(awk -v a="$alone" -v j="$judged" 'BEGIN { if (a > 0) printf "%.1f %% of raw", 100 * j / a }')"

# kvm's own bench: its judged phase pumps in the vCPU thread, and one with mprotect beside
run kvm "$build/bench_kvm" "$isecs"
if grep -q skipped "$out/kvm.txt"; then
	row "bench_kvm" "unavailable" "-" "$(sed -E 's/.*skipped: //' "$out/kvm.txt" | head -1)"
else
	row "bench_kvm" "raw guest loop" "$(pick kvm 'raw guest loop' 4) accesses/s" "-"
	row "bench_kvm" "judged, pump inline" "$(pick kvm 'judged by oracle' 4) accesses/s" "-"
	row "bench_kvm" "judged + mprotect thread" "$(pick kvm 'judged \+ mprotect' 4) accesses/s" "-"
fi

# the rest: oracle, fuzz pipeline, sequence language
run oracle "$build/bench_oracle"
for s in narrow overlap churn; do
	row "oracle" "$s" "$(pick oracle "^$s" 7) M events/s" "CPU time"
done
run fuzz_sim "$build/bench_fuzz_sim" "$secs"
row "fuzz_sim pipeline" "runs" "$(pick fuzz_sim 'runs/s' 9) runs/s" "-"
run seq "$build/bench_seq"
row "sequence" "generate (mix)" "$(pick seq '^generate' 7) Mops/s" "-"
row "sequence" "parse (mix)" "$(pick seq '^parse' 7) Mops/s" "-"

load_end=$(load)
echo
echo "$(nproc) CPUs, $(uname -r), $(date -u '+%Y-%m-%d %H:%M UTC'); load average $load_start at the start, $load_end at the end"
echo
echo "| bench | variant | figure | compared |"
echo "|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo
echo "(each bench's output: $out/)"
exit $failed
