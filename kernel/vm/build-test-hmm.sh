#!/bin/bash
# Builds test_hmm.ko (the kernel's HMM test driver, lib/test_hmm.c) out of
# tree against svafuzz's cached test kernel, with the patches of
# kernel/patches/ applied: a module with the deliberate bugs svafuzz must
# find (drop_inval_pct=, off by default), loaded instead of the kernel's
# own with `run-vm.sh --test-kernel --module KO` and, in the guest,
# `insmod /lib/modules/extra/test_hmm.ko drop_inval_pct=N`. Prints the
# module's path. Rebuilt when the patch set or this script changes (a
# removed patch too, which a newer-than test would miss).
#   kernel/vm/build-test-hmm.sh [--arch x86_64|arm64] [--out DIR]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
SRCDIR=$(cd "$HERE/../.." && pwd)
ARCH=x86_64
OUT=
while [ $# -gt 0 ]; do
	case $1 in
	--arch) ARCH=$2; shift 2 ;;
	--out) OUT=$2; shift 2 ;;
	*) echo "usage: $0 [--arch x86_64|arm64] [--out DIR]" >&2; exit 1 ;;
	esac
done
TK=$(bash "$HERE/build-kernel.sh" --arch "$ARCH" --print-dir) ||
	{ echo "build-test-hmm: the $ARCH test kernel is not built (kernel/vm/build-kernel.sh --arch $ARCH)" >&2; exit 2; }
# the unpacked source the build came from: "VERSION (DIR)" in TK/source
KSRC=$(sed -n 's/^.*(\(.*\))$/\1/p' "$TK/source")
[ -f "$KSRC/lib/test_hmm.c" ] || { echo "build-test-hmm: no lib/test_hmm.c in '$KSRC'" >&2; exit 2; }
OUT=${OUT:-$HERE/cache/test_hmm-$(basename "$TK")}
KO=$OUT/lib/test_hmm.ko
STAMP=$(cat "$0" "$SRCDIR"/kernel/patches/*test_hmm*.patch | sha256sum | cut -c1-16)
if [ -e "$KO" ] && [ "$(cat "$OUT/.patches" 2>/dev/null)" = "$STAMP" ]; then
	echo "$KO"
	exit 0
fi
rm -rf "$OUT" && mkdir -p "$OUT/lib"
cp "$KSRC/lib/test_hmm.c" "$KSRC/lib/test_hmm_uapi.h" "$OUT/lib/"
for p in "$SRCDIR"/kernel/patches/*test_hmm*.patch; do
	patch -s -d "$OUT" -p1 <"$p" >&2 || { echo "build-test-hmm: $p does not apply" >&2; exit 2; }
done
echo 'obj-m := test_hmm.o' >"$OUT/lib/Kbuild"
cross=()
[ "$ARCH" = arm64 ] && [ "$(uname -m)" != aarch64 ] && cross=(ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-)
make -s -C "$TK/build" M="$OUT/lib" "${cross[@]}" modules >&2 ||
	{ echo "build-test-hmm: module build failed" >&2; exit 2; }
echo "$STAMP" >"$OUT/.patches"
echo "$KO"
