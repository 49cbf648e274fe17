#!/bin/bash
# A knob run into a 200 KiB tmpfs: the disk fills within a second. The
# run must end with exit 5, say "disk full" once, keep the first finding's
# reproducer, leave a complete run.json that says why it ended, and no
# temporary files.
BIN=$1 SRC=$2
source "$SRC/tests/integration/lib/sim_common.bash"
source "$SRC/tests/integration/lib/disk_common.bash"
MNT=$WORK/tiny
mkdir -p "$MNT"
if ! err=$(mount -t tmpfs -o size=200k svafuzz-test "$MNT" 2>&1); then
	echo "skipped: cannot mount a tmpfs (needs root or CAP_SYS_ADMIN): $err"
	exit 77
fi
trap 'umount "$MNT" 2>/dev/null; rm -rf "$WORK"' EXIT
disk_run "$MNT"
disk_expect_end "$MNT"
echo PASS
