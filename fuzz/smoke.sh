#!/usr/bin/env bash
# CI smoke run of one libFuzzer target: fuzz/smoke.sh BINARY FUZZDIR [SECONDS]
# Seeds from FUZZDIR/corpus/<target>/ (read-only: new inputs go to a temp
# dir), dictionary FUZZDIR/<target>.dict if present. A crash, leak, timeout
# or sanitizer report fails the test; the crashing input is kept in
# the build dir (crash-*) for `svafuzz replay` or the target itself.
set -euo pipefail
bin=$1 dir=$2 secs=${3:-${SVAFUZZ_FUZZ_SECONDS:-10}}
name=$(basename "$bin")
target=${name#fuzz_}
seeds=$dir/corpus/$target
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
args=(-max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1)
[ -f "$dir/$target.dict" ] && args+=(-dict="$dir/$target.dict")
corp=("$work")
[ -d "$seeds" ] && corp+=("$seeds")
echo "fuzz smoke: $name for ${secs}s, seeds: ${seeds}"
"$bin" "${args[@]}" "${corp[@]}"
