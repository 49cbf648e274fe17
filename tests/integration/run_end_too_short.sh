#!/bin/bash
# A run that judged (almost) nothing never passes. Mutations only (no
# access to judge) for 2 s: exit 6, saying why. And --duration 1ms, which
# may run no program or one: exit 6 with fewer than 100 accesses judged,
# or exit 0 only with at least 100 (it used to exit 0 with none).
BIN=$1 SRC=$2
source "$SRC/tests/integration/lib/sim_common.bash"
"$BIN" run --backend sim --seed 7 --duration 2s --ops mprotect,munmap,mmap \
	--results "$WORK/res" --quiet >"$WORK/out.txt" 2>"$WORK/err.txt"
rc=$?
echo "mutations only: exit $rc"
RUN="$WORK/res/latest"
[ "$rc" = 6 ] || fail "exit $rc, want 6"
grep -q "judged 0 accesses, fewer than 100" "$WORK/err.txt" || fail "stderr does not say why: $(cat "$WORK/err.txt")"
[ "$(json_get "$RUN/run.json" 'd["complete"]')" = False ] || fail "complete is not false"
"$BIN" run --backend sim --seed 7 --duration 1ms --results "$WORK/res2" --quiet \
	>"$WORK/out.txt" 2>"$WORK/err.txt"
rc=$?
judged=$(json_get "$WORK/res2/latest/run.json" 'd["accesses_judged"]')
echo "1 ms: exit $rc, $judged judged"
case $rc in
6) [ "$judged" -lt 100 ] || fail "exit 6 with $judged judged" ;;
0) [ "$judged" -ge 100 ] || fail "exit 0 with $judged judged" ;;
*) fail "exit $rc" ;;
esac
echo PASS
