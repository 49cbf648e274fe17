#!/bin/bash
# The kvm backend on this host's own KVM, no knob: 30 s of every mutator and
# the memslot worker against real vCPUs; exit 0, no finding, decisive
# accesses, device faults and memslot changes seen. Where there is no usable
# /dev/kvm the run exits 4 and the test says "skipped:" with svafuzz's why.
BIN=$1 SRC=$2
source "$SRC/tests/integration/lib/sim_common.bash"
"$BIN" run --backend kvm --seed 11 --duration 30s --results "$WORK/res" --quiet \
	>"$WORK/out.txt" 2>"$WORK/err.txt"
RC=$?
RUN="$WORK/res/latest"
if [ "$RC" = 4 ]; then
	why=$(cat "$WORK/out.txt" "$WORK/err.txt" | grep -m 1 unavailable | sed "s/^skipped: //")
	echo "skipped: ${why:-svafuzz run exited 4 (backend unavailable)}"
	exit 77
fi
[ "$RC" = 0 ] || { cat "$WORK/out.txt" "$WORK/err.txt"; fail "exit $RC, want 0"; }
n=$(json_get "$RUN/run.json" 'd["accesses_decisive"]')
echo "kvm: $(json_get "$RUN/run.json" 'd["accesses_judged"]') judged, $n decisive," \
	"$(json_get "$RUN/run.json" 'd["faults_seen"]') faults," \
	"$(json_get "$RUN/run.json" 'sum(d["counts"][k] for k in ("slot-add","slot-del","slot-flags"))') memslot changes"
[ "$n" -gt 1000 ] || fail "only $n decisive accesses"
[ "$(json_get "$RUN/run.json" 'len(d["findings"])')" = 0 ] || fail "findings without a knob"
[ "$(json_get "$RUN/run.json" 'd["faults_seen"]')" -gt 0 ] || fail "no device fault: mutations never reached the guest"
[ "$(json_get "$RUN/run.json" 'd["counts"]["slot-flags"]')" -gt 0 ] || fail "no memslot re-flag"
[ "$(json_get "$RUN/run.json" 'd["exit_code"]')" = 0 ] || fail "run.json exit_code"
echo PASS
