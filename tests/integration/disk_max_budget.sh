#!/bin/bash
# --max-disk 100k on an ordinary disk ends a knob run the way a full disk
# does: exit 5, "disk full" said once, the first reproducer kept, run.json
# complete with its reason, no temporary files.
BIN=$1 SRC=$2
source "$SRC/tests/integration/lib/sim_common.bash"
source "$SRC/tests/integration/lib/disk_common.bash"
disk_run "$WORK/res" --max-disk 100k
disk_expect_end "$WORK/res"
# hard-linked reproducers (one program, several findings) are counted once
used=$(find "$RUN/" -type f -printf '%i %s\n' | sort -u | awk '{ s += $2 } END { print s }')
echo "bytes in the run folder: $used"
# the budget counts what the run writes; run.json, junit.xml and report.html come on top
[ "$used" -lt $((100 * 1024 + 64 * 1024)) ] || fail "run folder holds $used bytes, budget 100 KiB"
echo PASS
