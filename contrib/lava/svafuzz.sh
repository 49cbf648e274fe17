#!/bin/sh
# svafuzz.sh: the LAVA test definition's script (svafuzz.yaml), in the
# Linaro test-definitions way: results go to output/result.txt, one line
# "NAME pass|fail|skip [MEASUREMENT UNITS]" each, for send-to-lava.sh.
#   1. install from the tree, as README.md does (scripts/install-deps.sh base,
#      then cmake into build/), unless -s true
#   2. probe: which backends work on this board, and why the others do not
#   3. run the profile with --ktap: one result per check from the KTAP
#   4. the results folder as a tarball in output/ (uploaded with -u), and
#      its KCIDB JSON beside it (svafuzz export --kcidb)
# Usage: svafuzz.sh [-p PROFILE] [-b BACKEND] [-d DURATION] [-S SEED]
#                   [-s SKIP_INSTALL] [-u UPLOAD_URL] [-t UPLOAD_TOKEN]
# Environment (for trying it outside LAVA, as tests/integration/farm_lava.sh
# does): SVAFUZZ, the binary to use with -s true; SVAFUZZ_LAVA_OUTPUT,
# another folder for output/.
set -u
here=$(cd "$(dirname "$0")" && pwd)
tree=$(cd "$here/../.." && pwd)
OUTPUT=${SVAFUZZ_LAVA_OUTPUT:-$here/output}
RESULT_FILE=$OUTPUT/result.txt
PROFILE=configs/quick.conf BACKEND='' DURATION=5m SEED='' SKIP_INSTALL=false UPLOAD_URL='' UPLOAD_TOKEN=''

usage() {
	echo "usage: $0 [-p PROFILE] [-b BACKEND] [-d DURATION] [-S SEED] [-s true|false] [-u URL] [-t TOKEN]" >&2
	exit 1
}
while getopts "p:b:d:S:s:u:t:h" o; do
	case $o in
	p) PROFILE=$OPTARG ;;
	b) BACKEND=$OPTARG ;;
	d) DURATION=$OPTARG ;;
	S) SEED=$OPTARG ;;
	s) SKIP_INSTALL=$OPTARG ;;
	u) UPLOAD_URL=$OPTARG ;;
	t) UPLOAD_TOKEN=$OPTARG ;;
	*) usage ;;
	esac
done

rm -rf "$OUTPUT"
mkdir -p "$OUTPUT"
: >"$RESULT_FILE"
result() { echo "$*" >>"$RESULT_FILE"; }

# 1. install from the tree (README.md: scripts/install-deps.sh, then cmake)
bin=
if [ "$SKIP_INSTALL" = true ]; then
	if [ -n "${SVAFUZZ:-}" ]; then bin=$SVAFUZZ
	elif [ -x "$tree/build/svafuzz" ]; then bin=$tree/build/svafuzz
	else bin=$(command -v svafuzz); fi
	if [ -n "$bin" ]; then result "svafuzz-install skip"; else result "svafuzz-install fail"; fi
else
	if (cd "$tree" && scripts/install-deps.sh base &&
	    cmake -S . -B build && cmake --build build --target svafuzz -j"$(nproc)") \
	    >"$OUTPUT/install.log" 2>&1; then
		bin=$tree/build/svafuzz
		result "svafuzz-install pass"
	else
		tail -n 40 "$OUTPUT/install.log"
		result "svafuzz-install fail"
	fi
fi
[ -n "$bin" ] || exit 0	# nothing to run: the install's failure is the result

# 2. probe
"$bin" --version
if "$bin" probe >"$OUTPUT/probe.txt" 2>&1; then result "svafuzz-probe pass"; else result "svafuzz-probe fail"; fi
cat "$OUTPUT/probe.txt"

# 3. run the profile; the KTAP at the end of stdout gives one result per check
set -- --config "$tree/$PROFILE" --results "$OUTPUT/results" --ktap --quiet
[ -f "$tree/$PROFILE" ] || set -- --config "$PROFILE" --results "$OUTPUT/results" --ktap --quiet
[ -n "$BACKEND" ] && set -- "$@" --backend "$BACKEND"
[ -n "$DURATION" ] && set -- "$@" --duration "$DURATION"
[ -n "$SEED" ] && set -- "$@" --seed "$SEED"
echo "svafuzz run $*"
"$bin" run "$@" >"$OUTPUT/run.txt" 2>"$OUTPUT/run.err"
rc=$?
cat "$OUTPUT/run.txt" "$OUTPUT/run.err"
# the run itself: 0 clean, 4 unavailable here (skip), anything else a failure
case $rc in
0) result "svafuzz-run pass" ;;
4) result "svafuzz-run skip" ;;
*) result "svafuzz-run fail $rc exit-code" ;;
esac
# "  ok 3 NAME", "  not ok 1 NAME", "  ok 9 NAME # SKIP why" inside the run's subtest
backend=$(sed -n 's/^  # Subtest: svafuzz\.//p' "$OUTPUT/run.txt" | head -n 1)
sed -n 's/^  \(ok\|not ok\) [0-9][0-9]* \([^ #]*\)\( # SKIP.*\)\{0,1\}$/\1 \2\3/p' "$OUTPUT/run.txt" |
while read -r first rest; do
	if [ "$first" = not ]; then
		name=${rest#ok }
		result "svafuzz-$backend-$name fail"
	else
		name=${rest%% *}
		case $rest in *"# SKIP"*) result "svafuzz-$backend-$name skip" ;; *) result "svafuzz-$backend-$name pass" ;; esac
	fi
done
run=$(readlink -f "$OUTPUT/results/latest" 2>/dev/null)
if [ -n "$run" ] && [ -f "$run/run.json" ]; then
	# figures as measurements: what the oracle judged, and the distinct findings
	judged=$(sed -n 's/^ *"accesses_judged": *\([0-9]*\).*/\1/p' "$run/run.json" | head -n 1)
	result "svafuzz-$backend-accesses-judged pass ${judged:-0} accesses"
	"$bin" export --kcidb "$run" -o "$OUTPUT/kcidb.json" || echo "svafuzz.sh: KCIDB export failed"
fi

# 4. attach the results folder: a tarball, uploaded when there is somewhere to put it
if [ -d "$OUTPUT/results" ]; then
	tar -C "$OUTPUT" -cJf "$OUTPUT/svafuzz-results.tar.xz" results && echo "results: $OUTPUT/svafuzz-results.tar.xz"
	if [ -n "$UPLOAD_URL" ] && command -v curl >/dev/null 2>&1; then
		url=$(curl -sSf -F "path=@$OUTPUT/svafuzz-results.tar.xz" -F "token=$UPLOAD_TOKEN" "$UPLOAD_URL")
		if [ -n "$url" ] && command -v lava-test-reference >/dev/null 2>&1; then
			lava-test-reference svafuzz-results --result pass --reference "$url"
		fi
		echo "results uploaded: ${url:-upload failed}"
	fi
fi
exit 0
