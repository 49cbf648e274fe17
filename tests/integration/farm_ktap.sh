#!/usr/bin/env bash
# KTAP (version 1) of a run: `run --ktap` and `export --ktap` print one
# subtest per run folder and one test per check; a strict KTAP checker
# (lib/ktap_check.py) parses both, a failed verdict kind is "not ok", a
# skipped check is "ok ... # SKIP reason", and the parent fails with its
# checks. The kernel's own parser (tools/testing/kunit/kunit_parser.py from
# Debian's linux-source-6.12, when installed) reads it without error too.
B=$1 SRC=$2
source "$SRC/tests/integration/lib/farm_common.bash"

# 1. a run with a knob, --ktap: KTAP after the summary on stdout
"$B" run --backend sim --inject no-downgrade-inval --seed 3 --duration 2s --quiet --no-klog \
	--ktap --results "$W/res" >"$W/run.ktap" 2>"$W/err.txt"
rc=$?
[ $rc = 2 ] || bad "run --ktap: exit $rc, want 2 (findings)"
"$PY" "$LIB/ktap_check.py" "$W/run.ktap" >"$W/run.tests" || { cat "$W/run.tests"; bad "run --ktap: not KTAP"; }
grep -qx 'svafuzz.sim.STALE_WRITE not_ok ' "$W/run.tests" || bad "STALE_WRITE is not 'not ok'"
grep -qx 'svafuzz.sim.SPURIOUS_FAULT ok ' "$W/run.tests" || bad "SPURIOUS_FAULT is not ok"
grep -qx 'svafuzz.sim.kernel-log ok SKIP kernel log not watched' "$W/run.tests" ||
	bad "kernel-log not skipped with its reason"
grep -qx 'svafuzz.sim.op-slot-add ok SKIP backend sim does not support slot-add' "$W/run.tests" ||
	bad "op-slot-add not skipped with its reason"
grep -qx 'svafuzz.sim not_ok ' "$W/run.tests" || bad "the run's parent test does not fail"
# one test per check: as many as junit.xml has testcases
nj=$(grep -c '<testcase ' "$W/res/latest/junit.xml")
nk=$(grep -c '^svafuzz\.sim\.' "$W/run.tests")
[ "$nj" = "$nk" ] || bad "KTAP has $nk checks, junit.xml $nj"

# 2. export --ktap of two folders (the knob run and a clean one) into a file
sim_job "$W/res2" 5 1
"$B" export --ktap "$W/res/latest" "$RUN" -o "$W/two.ktap" || bad "export --ktap failed"
head -2 "$W/two.ktap" | tr '\n' ' ' | grep -qx 'KTAP version 1 1\.\.2 ' || bad "no version line and plan 1..2"
"$PY" "$LIB/ktap_check.py" "$W/two.ktap" >"$W/two.tests" || { cat "$W/two.tests"; bad "export --ktap: not KTAP"; }
[ "$(grep -c '^svafuzz\.sim ' "$W/two.tests")" = 2 ] || bad "want two run subtests"
grep -qx 'svafuzz.sim ok ' "$W/two.tests" || bad "the clean run's parent is not ok"

# 3. the checker is strict: it refuses what is not KTAP
printf 'KTAP version 1\n1..2\nok 1 a\nok 3 b\n' >"$W/bad1.ktap"
printf 'KTAP version 1\n1..1\n  KTAP version 1\n  1..1\n  not ok 1 a\nok 1 parent\n' >"$W/bad2.ktap"
printf 'KTAP version 1\n1..2\nok 1 a\n' >"$W/bad3.ktap"
for f in bad1 bad2 bad3; do
	"$PY" "$LIB/ktap_check.py" "$W/$f.ktap" >/dev/null && bad "the checker took $f.ktap"
done

# 4. an unreadable folder: a "not ok N DIR # ERROR" test, exit 1 naming it
mkdir -p "$W/cut"; head -c 300 "$W/res/latest/run.json" >"$W/cut/run.json"
"$B" export --ktap "$W/cut" >"$W/cut.ktap" 2>"$W/cut.err"; rc=$?
[ $rc = 1 ] || bad "cut run.json: exit $rc, want 1"
grep -q "^not ok 1 .*# ERROR $W/cut/run.json:[0-9]*:[0-9]*: the text ends inside" "$W/cut.ktap" ||
	{ cat "$W/cut.ktap"; bad "cut run.json: no ERROR test naming the file and place"; }
"$PY" "$LIB/ktap_check.py" "$W/cut.ktap" >/dev/null || bad "the ERROR output is not KTAP"

# 4b. a backend unavailable here: every check and the run's test skipped with the probe's reason
"$B" run --backend svatest --duration 1s --quiet --ktap --results "$W/ures" >"$W/u.ktap" 2>/dev/null
rc=$?
if [ $rc = 4 ]; then
	"$PY" "$LIB/ktap_check.py" "$W/u.ktap" >"$W/u.tests" || bad "unavailable: not KTAP"
	grep -Eq '^svafuzz\.svatest ok SKIP .+' "$W/u.tests" || bad "unavailable: the run's test is not a SKIP with a reason"
	[ "$(grep -c '^svafuzz\.svatest\.' "$W/u.tests")" = "$(grep -c '^svafuzz\.svatest\..* ok SKIP .' "$W/u.tests")" ] ||
		bad "unavailable: a check that is not skipped with its reason"
else
	echo "note: svatest is available here (exit $rc): the unavailable case not tried"
fi

# 5. the kernel's KTAP parser, when Debian's kernel source is installed
tarball=/usr/src/linux-source-6.12.tar.xz
if [ -r "$tarball" ]; then
	tar -xJf "$tarball" -C "$W" linux-source-6.12/tools/testing/kunit/kunit_parser.py \
		linux-source-6.12/tools/testing/kunit/kunit_printer.py
	# every check line (indented: inside a run's subtest), whatever the op list holds
	nchecks=$(grep -Ec '^ +(not )?ok [0-9]+ ' "$W/two.ktap")
	"$PY" - "$W/linux-source-6.12/tools/testing/kunit" "$W/two.ktap" "$nchecks" >"$W/kunit.txt" <<'PY' ||
import sys
sys.path.insert(0, sys.argv[1])
import kunit_parser
t = kunit_parser.parse_run_tests(open(sys.argv[2]).read().splitlines(True))
c = t.counts
print("kunit_parser:", c)
assert c.errors == 0, "parse errors"
want = int(sys.argv[3])
assert want > 0 and c.passed + c.failed + c.skipped == want, f"want {want} checks"
assert [s.status.name for s in t.subtests] == ["FAILURE", "SUCCESS"], "run results"
PY
		{ tail -5 "$W/kunit.txt"; bad "kunit_parser.py does not read the KTAP as it should"; }
	tail -1 "$W/kunit.txt"
else
	echo "note: $tarball not installed: the kernel's kunit_parser not tried"
fi
[ $fail = 0 ] && echo "ok"
exit $fail
