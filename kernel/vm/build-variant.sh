#!/bin/bash
# Builds a variant of svafuzz's test kernel: the cached default build
# (build-kernel.sh) with one patch of kernel/patches/ applied, into a
# folder of its own beside it. Variants carry deliberate bugs that prove
# svafuzz finds them on the real kernel path (docs/iommufd.md); they are
# never the default test kernel.
#
#   build-variant.sh --patch kernel/patches/NAME.patch [--arch x86_64|arm64]
#
# Incremental, so a variant costs minutes instead of a cold build: the
# default build's O= tree is copied, and inside a private mount namespace
# (unshare -m), for the make only, the copy is bind-mounted over the
# default build's folder and the patched files over the shared source
# tree. Every path stays what the default build recorded, so kbuild's
# command lines match and only what the patch touches is rebuilt and
# relinked (with the copy at a path of its own, objtool and then every
# object would be rebuilt: their recorded commands name the old path).
# Nobody else sees the patched files or the copy there; the default build
# and the shared tree are never written. Prints the variant's folder (same layout as the default
# build: image, build/, modules/, source, times). Exit 0 built or cached
# (--print-dir: built), 1 bad usage, 2 the base is not built, the patch
# does not apply or the build failed.
set -u -o pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck disable=SC2034 # read by lib.sh's log()
LOG_NAME=build-variant
# shellcheck source=lib.sh
. "$HERE/lib.sh"

usage() {
	cat <<'EOT'
usage: build-variant.sh --patch FILE [--arch x86_64|arm64] [--cache DIR] [--jobs N] [--print-dir]
  --patch FILE   a -p1 patch against the kernel tree (kernel/patches/*.patch)
  --arch         as build-kernel.sh (default: the host's)
  --cache DIR    as build-kernel.sh
  --jobs N       make -j (default: nproc)
  --print-dir    print the variant's folder; exit 0 if built, 1 if not
EOT
}

PATCH=
ARCH=
CACHE_OPT=()
JOBS=$(nproc)
PRINT_ONLY=false
while [ $# -gt 0 ]; do
	case $1 in
	--patch) [ $# -ge 2 ] || die "--patch needs a file" 1; PATCH=$2; shift ;;
	--arch) [ $# -ge 2 ] || die "--arch needs a value" 1; ARCH=$2; shift ;;
	--cache) [ $# -ge 2 ] || die "--cache needs a folder" 1; CACHE_OPT=(--cache "$2"); shift ;;
	--jobs) [ $# -ge 2 ] || die "--jobs needs a number" 1; JOBS=$2; shift ;;
	--print-dir) PRINT_ONLY=true ;;
	-h|--help) usage; exit 0 ;;
	*) usage >&2; die "unknown argument: $1" 1 ;;
	esac
	shift
done
if [ -z "$PATCH" ] || [ ! -r "$PATCH" ]; then
	usage >&2
	die "--patch FILE (readable) is required" 1
fi
[ -z "$ARCH" ] && ARCH=$(host_arch)
case $ARCH in
x86_64) KARCH=x86 IMAGE_PATH=arch/x86/boot/bzImage TARGET=bzImage CROSS= ;;
arm64) KARCH=arm64 IMAGE_PATH=arch/arm64/boot/Image TARGET=Image CROSS= ;;
*) die "unsupported --arch $ARCH (x86_64 or arm64)" 1 ;;
esac
[ "$ARCH" = arm64 ] && [ "$(uname -m)" != aarch64 ] && CROSS=aarch64-linux-gnu-

BASE=$("$HERE/build-kernel.sh" --arch "$ARCH" "${CACHE_OPT[@]}" --print-dir) ||
	die "the default test kernel for $ARCH is not built: kernel/vm/build-kernel.sh --arch $ARCH" 2
NAME=$(basename "$PATCH" .patch)
DIR=$BASE-$NAME-$(sha256sum <"$PATCH" | cut -c1-8)
if $PRINT_ONLY; then
	echo "$DIR"
	[ -e "$DIR/.done" ]
	exit
fi
# the base's source line: "ID (PATH)"
KSRC=$(sed -n 's/^.* (\(.*\))$/\1/p' "$BASE/source")
[ -d "$KSRC" ] || die "the base's source tree $KSRC is gone" 2
command -v unshare >/dev/null || die "unshare (util-linux) is needed" 2

claim_build "$DIR"

t0=$(date +%s)
rm -rf "${DIR:?}"/{build,overlay,modules}
log "copying the default build's tree ($BASE/build)"
cp -a "$BASE/build" "$DIR/build" || die "cannot copy $BASE/build" 2
# the files the patch touches, copied out of the tree and patched there
mapfile -t FILES < <(sed -n 's#^+++ b/\([^[:space:]]*\).*#\1#p' "$PATCH")
[ ${#FILES[@]} -gt 0 ] || die "$PATCH touches no file (want a -p1 diff: +++ b/PATH)" 1
for f in "${FILES[@]}"; do
	[ -f "$KSRC/$f" ] || die "$PATCH patches $f, which the tree lacks" 2
	mkdir -p "$DIR/overlay/$(dirname "$f")"
	cp "$KSRC/$f" "$DIR/overlay/$f"
done
patch -p1 -s -d "$DIR/overlay" <"$PATCH" || die "$PATCH does not apply to $KSRC" 2
cp "$PATCH" "$DIR/patch"
echo "copy $(($(date +%s) - t0))" >"$DIR/times"

t1=$(date +%s)
log "building $TARGET and modules with -j$JOBS, ${#FILES[@]} file(s) patched (log: $DIR/build.log)"
mk="make -C '$KSRC' O='$BASE/build' ARCH=$KARCH ${CROSS:+CROSS_COMPILE=$CROSS}"
binds="mount --bind '$DIR/build' '$BASE/build' && "
for f in "${FILES[@]}"; do
	binds+="mount --bind '$DIR/overlay/$f' '$KSRC/$f' && "
done
unshare -m bash -c "${binds} $mk -j$JOBS $TARGET modules && \
	$mk INSTALL_MOD_PATH='$DIR/modules' INSTALL_MOD_STRIP=1 modules_install && \
	$mk -s kernelrelease >'$DIR/release'" >"$DIR/build.log" 2>&1 ||
	{ tail -n 30 "$DIR/build.log" >&2; die "variant build failed: $DIR/build.log" 2; }
echo "build $(($(date +%s) - t1))" >>"$DIR/times"
ln -sfn "build/$IMAGE_PATH" "$DIR/image"
[ -s "$DIR/image" ] || die "no $IMAGE_PATH after the build" 2
printf '%s + %s\n' "$(cat "$BASE/source")" "$NAME" >"$DIR/source"
echo "total $(($(date +%s) - t0))" >>"$DIR/times"
touch "$DIR/.done"
log "built in $(($(date +%s) - t0)) s: $DIR"
echo "$DIR"
