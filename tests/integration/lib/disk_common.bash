# Shared by tests/integration/disk_*.sh: sourced after sim_common.bash,
# never run alone.

# disk_run RESULTS [OPTIONS...]: the no-upgrade-inval knob run of the issue
# into RESULTS; sets RC and RUN, stderr in $WORK/err.txt
disk_run() {
	local res=$1
	shift
	"$BIN" run --backend sim --inject no-upgrade-inval --seed 2 --duration 10s \
		--results "$res" --quiet "$@" >"$WORK/out.txt" 2>"$WORK/err.txt"
	RC=$?
	RUN=$res/latest
	echo "exit $RC; stderr:"
	cat "$WORK/err.txt"
}

# disk_expect_end RESULTS: what a run ended by its disk must leave behind
disk_expect_end() {
	local n repro tmps
	[ "$RC" = 5 ] || fail "exit $RC, want 5"
	n=$(grep -c "disk full" "$WORK/err.txt")
	[ "$n" = 1 ] || fail "$n 'disk full' lines on stderr, want 1"
	# "cannot write PATH: REASON", never without the reason
	grep "cannot write" "$WORK/err.txt" | grep -vqE 'cannot write [^ ]+: [A-Z]' &&
		fail "a 'cannot write' line without a reason"
	repro=$(ls "$RUN"/findings/001-*/repro.sva 2>/dev/null | head -1)
	[ -n "$repro" ] && [ -s "$repro" ] || fail "no non-empty findings/001-*/repro.sva"
	json_get "$RUN/run.json" 'd["schema"]' >/dev/null || fail "run.json is not valid JSON"
	[ "$(json_get "$RUN/run.json" 'd["exit_code"]')" = 5 ] || fail "run.json exit_code is not 5"
	[ "$(json_get "$RUN/run.json" 'd["ended_by"]')" = error ] || fail "run.json ended_by is not error"
	json_get "$RUN/run.json" 'd["end_reason"]' | grep -q "disk full" ||
		fail "run.json end_reason does not say disk full"
	# every distinct finding the run listed has a folder
	[ "$(json_get "$RUN/run.json" 'all(f["dir"] for f in d["findings"])')" = True ] ||
		fail "a distinct finding without a folder"
	tmps=$(find "$1" -name '*.tmp*')
	[ -z "$tmps" ] || fail "temporary files left: $tmps"
	for d in "$RUN"/findings/*/; do
		[ -s "$d/repro.sva" ] || fail "$d has no repro.sva"
	done
}
