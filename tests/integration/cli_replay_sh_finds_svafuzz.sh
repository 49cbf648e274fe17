#!/usr/bin/env bash
# A finding's replay.sh, copied away from the machine (and build) that
# wrote it, finds svafuzz: $SVAFUZZ first, else svafuzz on PATH, else the
# binary that wrote it if it is still there; with none, a clear error.
BIN=$1 SRC=$2
source "$SRC/tests/integration/lib/sim_common.bash"
source "$SRC/tests/integration/lib/finding.bash"
make_finding
f=$(dirname "$REPRO")
[ -x "$f/replay.sh" ] || fail "no replay.sh"
# the results copied elsewhere, and the writing binary "gone" (its path made one that is not there)
mkdir -p "$WORK/copy" "$WORK/bin"
cp -r "$f" "$WORK/copy/finding"
sed -i "s|^built='.*'\$|built='$WORK/gone/svafuzz'|" "$WORK/copy/finding/replay.sh"
grep -q "^built='$WORK/gone/svafuzz'\$" "$WORK/copy/finding/replay.sh" || fail "replay.sh names no writing binary"
# a stand-in svafuzz that says which one ran
cat > "$WORK/bin/svafuzz" <<SH
#!/bin/sh
echo "ran \$0 \$*"
SH
chmod 755 "$WORK/bin/svafuzz"
cp "$WORK/bin/svafuzz" "$WORK/bin/other-svafuzz"
rs=$WORK/copy/finding/replay.sh
out=$(SVAFUZZ="$WORK/bin/other-svafuzz" PATH=/usr/bin:/bin sh "$rs" --times 2)
grep -q "^ran $WORK/bin/other-svafuzz replay $WORK/copy/finding/repro.sva --times 5 --times 2\$" <<<"$out" ||
	fail "SVAFUZZ not used: $out"
out=$(PATH="$WORK/bin:/usr/bin:/bin" sh "$rs")
grep -q "^ran .*/bin/svafuzz replay $WORK/copy/finding/repro.sva --times 5\$" <<<"$out" || fail "PATH not used: $out"
PATH=/usr/bin:/bin command -v svafuzz >/dev/null && { echo "svafuzz is in /usr/bin here: the none-found case is not checked"; echo PASS; exit 0; }
err=$(PATH=/usr/bin:/bin sh "$rs" 2>&1 >/dev/null); rc=$?
[ "$rc" = 127 ] || fail "no svafuzz anywhere: exit $rc, want 127"
grep -q "set SVAFUZZ=" <<<"$err" || fail "no clear error: $err"
err=$(SVAFUZZ="$WORK/nope" sh "$rs" 2>&1 >/dev/null); rc=$?
[ "$rc" = 127 ] && grep -q "SVAFUZZ=$WORK/nope is not a program" <<<"$err" || fail "a bad SVAFUZZ: $rc $err"
# the original, on the machine that wrote it, still replays with the writing binary
PATH=/usr/bin:/bin sh "$f/replay.sh" --times 1 | grep -q '^reproduced 1/1' || fail "the original replay.sh"
echo PASS
