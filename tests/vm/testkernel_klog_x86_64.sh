#!/bin/bash
# The kernel-log watch classifies what the test kernel's checkers print: in
# one guest, a svafuzz run during which a lockdep splat is caused on purpose
# (tests/vm/splat/svafuzz_splat.c, mode=lockdep: two mutexes in both orders)
# must exit 3 with the splat in its kmsg.txt; then a run during which KASAN
# reports a use-after-free (mode=kasan) must exit 3 with the report in its
# kmsg.txt. (Lockdep first: a KASAN report taints the kernel, which turns
# lock debugging off.) Skips, saying so, when the test kernel is not built.
. "$(dirname "$0")/lib.bash"
vm_setup "$@"
ARCH=${ARCH:-x86_64}
need_test_kernel "$ARCH"
M=$OUT/splat-build
mkdir -p "$M"
cp "$SRC"/tests/vm/splat/svafuzz_splat.c "$SRC"/tests/vm/splat/Kbuild "$M"/
cross=()
[ "$ARCH" = arm64 ] && [ "$(uname -m)" != aarch64 ] && cross=(ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-)
make -s -C "$TK_DIR/build" M="$M" "${cross[@]}" modules >"$OUT/splat-build.log" 2>&1 ||
	{ cat "$OUT/splat-build.log"; fail "the splat module did not build against $TK_DIR/build"; }
RUN="svafuzz run --backend svatest --duration 40s --ops-per-program 500 -q"
run_guest "$ARCH" 900 "for m in lockdep kasan; do
$RUN --results /results/\$m & p=\$!
sleep 10
insmod /lib/modules/extra/svafuzz_splat.ko mode=\$m && rmmod svafuzz_splat
wait \$p; echo \"\$m exit \$?\"
done" --test-kernel --module "$M/svafuzz_splat.ko" $(static_svafuzz_opt "$1" "$ARCH")
G=$OUT/guest-output.txt
[ -f "$OUT/guest-panic.txt" ] && { head -n 20 "$OUT/guest-panic.txt"; fail "the test kernel died"; }
check_splat() {
	local m=$1 want=$2 rc k
	rc=$(sed -n "s/^$m exit //p" "$G")
	k=$(ls "$OUT"/$m/*/kmsg.txt 2>/dev/null | head -n1)
	echo "$m: svafuzz exit ${rc:-none}"
	[ -n "$k" ] || fail "$m: no kmsg.txt came back"
	grep -m1 "$want" "$k" || fail "$m: '$want' is not in $k"
	[ "$rc" = 3 ] || fail "$m: svafuzz exit ${rc:-none}, want 3 (kernel error)"
}
check_splat lockdep 'possible circular locking dependency'
check_splat kasan 'BUG: KASAN: slab-use-after-free'
echo "PASS"
