#!/bin/bash
# A guest kernel that dies mid-run still leaves its results: svafuzz runs in
# the x86_64 guest, and after 15 s (two snapshots or more; svafuzz writes
# run.json at its start) the kernel is crashed on purpose through sysrq.
# run-vm.sh must exit 3 (kernel error) promptly, with the last snapshot's
# run.json (still running: exit_code null) and the console's panic text in
# guest-panic.txt.
. "$(dirname "$0")/lib.bash"
vm_setup "$@"
t0=$(date +%s)
run_guest x86_64 240 'svafuzz run --backend svatest --duration 60s --ops-per-program 500 -q --results /results/sf &
sleep 15
echo 1 >/proc/sys/kernel/sysrq
echo c >/proc/sysrq-trigger
sleep 30' $(static_svafuzz_opt "$1" x86_64)
took=$(($(date +%s) - t0))
echo "  run-vm.sh exit $RC after $took s"
[ "$RC" = 3 ] || fail "run-vm.sh exit $RC, want 3 (guest kernel died)"
# Boot, 15 s of the command, the panic: well under the 240 s timeout
# unless the death went unnoticed.
[ "$took" -lt 200 ] || fail "the death took $took s to notice"
[ -s "$OUT/guest-panic.txt" ] || fail "no guest-panic.txt"
grep -q 'sysrq' "$OUT/guest-panic.txt" && grep -q 'Kernel panic' "$OUT/guest-panic.txt" ||
	fail "guest-panic.txt lacks the panic text: $(head -n3 "$OUT/guest-panic.txt")"
RJ=$(ls "$OUT"/sf/*/run.json 2>/dev/null | head -n1)
[ -n "$RJ" ] || fail "no run.json came back from the snapshots"
ec=$(json_get "$RJ" "j['exit_code']") || fail "run.json is not valid JSON"
[ "$ec" = None ] || fail "run.json exit_code $ec, want null (the run was going)"
echo "  run.json: $(json_get "$RJ" "j['programs']") programs, $(json_get "$RJ" "j['duration_s']") s," \
	"seed $(json_get "$RJ" "j['seed']")"
echo "  came back: $(cd "$OUT" && find . -type f | sort | tr '\n' ' ')"
echo "PASS"
