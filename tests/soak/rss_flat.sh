#!/bin/bash
# Memory over a soak: svafuzz runs N minutes on each backend (side by side)
# and its RSS must stay within +10% from minute 1 to the end; prints RSS
# and malloc's figures (timeline.jsonl) at minute 1, the middle and the end.
# Label "soak": not in CI's default run (scripts/test.sh -L soak runs it).
#   SOAK_MINUTES (default 60), SOAK_BACKENDS (default "sim kvm"), SOAK_SEED.
# usage: rss_flat.sh SVAFUZZ [SRCDIR]
set -uo pipefail
SVAFUZZ=${1:?usage: rss_flat.sh SVAFUZZ [SRCDIR]}
MIN=${SOAK_MINUTES:-60}
SEED=${SOAK_SEED:-424242}
LIMIT_PCT=10
OUT=$(mktemp -d /tmp/svafuzz-soak.XXXXXX)
fail=0

declare -A pid
for be in ${SOAK_BACKENDS:-sim kvm}; do
	if [ "$be" = kvm ] && [ ! -w /dev/kvm ]; then
		echo "$be: skipped: /dev/kvm is not there or not writable"
		continue
	fi
	"$SVAFUZZ" run --backend "$be" --seed "$SEED" --duration "${MIN}m" -q \
		--results "$OUT/$be" >"$OUT/$be.log" 2>&1 &
	pid[$be]=$!
done
[ ${#pid[@]} -gt 0 ] || { echo "skipped: no backend could run"; exit 77; }
echo "soak: ${MIN} min, seed $SEED, backends ${!pid[*]}, load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

for be in "${!pid[@]}"; do
	wait "${pid[$be]}"
	rc=$?
	tl=$(ls "$OUT/$be"/*/timeline.jsonl 2>/dev/null | head -n1)
	if [ "$rc" -ne 0 ] || [ -z "$tl" ]; then
		echo "$be: FAIL: exit $rc, timeline ${tl:-missing}: $(tail -n 3 "$OUT/$be.log")"
		fail=1
		continue
	fi
	python3 - "$be" "$tl" "$LIMIT_PCT" <<'PY' || fail=1
import json, sys
be, path, limit = sys.argv[1], sys.argv[2], float(sys.argv[3])
rows = [json.loads(l) for l in open(path) if l.strip()]
if len(rows) < 3:
    sys.exit(f"{be}: FAIL: {len(rows)} timeline lines, too few to judge")
def at(t):  # the first line at or after second t
    return next((r for r in rows if r["t_s"] >= t), rows[-1])
first, last = at(60), rows[-1]
mid = at((first["t_s"] + last["t_s"]) // 2)
for name, r in (("minute 1", first), ("middle", mid), ("end", last)):
    print(f"  {be} {name:8} t={r['t_s']:5d} s  rss {r['rss_kb']} kB  heap in use "
          f"{r.get('heap_kb', '?')} kB  heap free {r.get('heap_free_kb', '?')} kB")
peak = max(r["rss_kb"] for r in rows if r["t_s"] >= first["t_s"])
grow = 100.0 * (last["rss_kb"] - first["rss_kb"]) / first["rss_kb"]
print(f"  {be}: RSS {first['rss_kb']} -> {last['rss_kb']} kB ({grow:+.1f}%), "
      f"peak after minute 1 {peak} kB, limit +{limit:.0f}%")
if grow > limit:
    sys.exit(f"{be}: FAIL: RSS grew {grow:.1f}% (> {limit:.0f}%)")
print(f"{be}: PASS")
PY
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg); results in $OUT"
exit $fail
