#!/usr/bin/env bash
# Executions per second of the libFuzzer targets: a benchmark, it prints
# figures and never fails on speed (it fails only if a target crashes).
#   fuzz/rate.sh DIR [SECONDS] [TARGET...]
# DIR holds built targets (build-fuzz/ from CMake, or $OUT of build.sh).
# Each target starts from its seeds (read-only; new inputs go to a temp
# dir) with -seed=1 and runs alone for SECONDS (default 30), so the figure
# is the steady rate of a fuzzing farm's worker, not of the seed replay.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=${1:?usage: fuzz/rate.sh DIR [SECONDS] [TARGET...]}
secs=${2:-30}
shift $(($# < 2 ? $# : 2))
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
	for t in "$here"/fuzz_*.c; do
		targets+=("$(basename "$t" .c)")
	done
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '%-16s %10s %10s %8s %8s\n' target exec/s runs cov rss_mb
for name in "${targets[@]}"; do
	bin=$dir/$name
	if [ ! -x "$bin" ]; then
		echo "rate.sh: $bin: not built" >&2
		exit 1
	fi
	short=${name#fuzz_}
	mkdir -p "$work/$short"
	args=(-max_total_time="$secs" -seed=1 -print_final_stats=1 -rss_limit_mb=2048)
	[ -f "$here/$short.dict" ] && args+=(-dict="$here/$short.dict")
	corp=("$work/$short")
	[ -d "$here/corpus/$short" ] && corp+=("$here/corpus/$short")
	log=$work/$short.log
	if ! "$bin" "${args[@]}" "${corp[@]}" >"$log" 2>&1; then
		tail -n 30 "$log" >&2
		echo "rate.sh: $name failed (log above)" >&2
		exit 1
	fi
	stat() { sed -n "s/^stat::$1: *//p" "$log"; }
	cov=$(grep -o 'DONE *cov: [0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
	printf '%-16s %10s %10s %8s %8s\n' "$name" "$(stat average_exec_per_sec)" \
		"$(stat number_of_executed_units)" "$cov" "$(stat peak_rss_mb)"
done
echo "rate.sh: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), ${secs}s a target, one process each"
