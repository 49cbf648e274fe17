#!/usr/bin/env bash
# svafuzz's main job: installs what is missing, builds the svafuzz binary
# (and nothing else: tests, benches and fuzzers are scripts/test.sh's), then
# runs the quick profile (60 s on the best backend this machine has) and
# says where the results are and how to read them. Extra arguments go to
# `svafuzz run`, e.g. --backend sim --duration 20s.
#
# Quiet on purpose: the build prints one line, its full log goes to
# BUILD/quick-build.log and is shown only if the build fails.
# The svatest kernel module is not built here: `--backend auto` uses it
# only when it is already loaded (/dev/svatest); docs/svatest.md builds it.
#
# Environment: SVAFUZZ_BUILD (build folder, default build),
# CMAKE_BUILD_PARALLEL_LEVEL (build jobs, default: every CPU),
# SVAFUZZ_RESULTS (results parent, default results; see configs/quick.conf).
set -euo pipefail
called_from=$PWD
cd "$(dirname "$0")/.."

build=${SVAFUZZ_BUILD:-build}
jobs=${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}

# What each exit code of `svafuzz run` means, in a few words (README.md).
exit_meaning() {
	case $1 in
	0) echo "clean: nothing found" ;;
	1) echo "usage or config error (see the message above)" ;;
	2) echo "findings: each has a reproducer in the run folder" ;;
	3) echo "kernel error lines in the kernel log (kmsg.txt)" ;;
	4) echo "backend unavailable here (see the message above; svafuzz probe says why)" ;;
	5) echo "internal error, hang, full disk or lost device (run.json end_reason)" ;;
	6) echo "incomplete: cut short or too little judged, not a clean verdict" ;;
	*) echo "ended by a signal or crash" ;;
	esac
}

build_svafuzz() {
	local log=$build/quick-build.log start=$SECONDS

	mkdir -p "$build"
	printf 'building svafuzz... '
	if { cmake -S . -B "$build" && cmake --build "$build" --target svafuzz -j"$jobs"; } >"$log" 2>&1; then
		echo "done in $((SECONDS - start)) s"
		return 0
	fi
	echo "FAILED after $((SECONDS - start)) s; the build log ($log):"
	cat "$log"
	exit 1
}

# Where the run put its results, from the "results: DIR" line of its summary.
results_of() {
	sed -n 's/^results: //p' "$1" | tail -n 1
}

# A path as the user can type it where they called us from.
shown() {
	case $1 in
	/*) echo "$1" ;;
	*) [ "$called_from" = "$PWD" ] && echo "$1" || echo "$PWD/$1" ;;
	esac
}

show_results() {
	local dir rc=$2 bin

	dir=$(shown "$1")
	bin=$(shown "$build/svafuzz")
	echo
	echo "exit $rc: $(exit_meaning "$rc")"
	[ -n "$1" ] && [ -d "$1" ] || return 0
	echo "results in $dir (and $(dirname "$dir")/latest):"
	if [ -f "$dir/report.html" ]; then
		echo "  open $dir/report.html in a browser: figures, findings, timeline"
	fi
	echo "  $bin report $dir   rebuilds that page"
	echo "  run.json: the figures for machines; findings/NNN-*/replay.sh replays one (results/README.md)"
}

scripts/install-deps.sh base
build_svafuzz
summary=$(mktemp)
trap 'rm -f "$summary"' EXIT
# tee -i: a Ctrl-C stops the run (it writes its results and summary), not the copy
rc=0
"$build/svafuzz" run --config configs/quick.conf "$@" | tee -i "$summary" || rc=${PIPESTATUS[0]}
show_results "$(results_of "$summary")" "$rc"
exit "$rc"
