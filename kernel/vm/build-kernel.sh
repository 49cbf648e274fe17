#!/bin/bash
# Builds svafuzz's test kernel: Debian's linux-source-6.12 (the newest in
# apt) or your own tree, configured as `make allnoconfig` plus
# kernel/configs/svafuzz.config, for x86_64 (native) or arm64 (cross).
# The build lives outside the clone, in a folder keyed by the source's
# version and the fragment's hash, so a second run (or CI on the same
# machine, from another clone) only prints where it is. See docs/testkernel.md.
#
#   build-kernel.sh [--arch x86_64|arm64]         Debian's source
#   build-kernel.sh --kernel-src ~/linux          your tree, same fragment
#   build-kernel.sh --print-dir                   where it is (or would be); no build
#   build-kernel.sh --check-config .config        has this .config every fragment line?
# Prints the build's folder on stdout (its kernel image, its build tree for
# external modules, its installed modules: see below). Exit 0 built or
# cached (--print-dir: built), 1 bad usage or a fragment line the kernel did
# not take (--print-dir: not built), 2 unpacking, configuring or building
# failed, 125 a package could not be installed.
set -u -o pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
SRCDIR=$(cd "$HERE/../.." && pwd)
FRAGMENT=$SRCDIR/kernel/configs/svafuzz.config
# Bump when the steps below change what a build folder holds.
RECIPE=1

# shellcheck disable=SC2034 # read by lib.sh's log()
LOG_NAME=build-kernel
# shellcheck source=lib.sh
. "$HERE/lib.sh"

usage() {
	cat <<'EOT'
usage: build-kernel.sh [options]
  --arch x86_64|arm64   target (default: the host's); arm64 on an x86_64 host
                        cross-compiles with aarch64-linux-gnu-gcc
  --kernel-src DIR      build your kernel tree instead of Debian's
                        linux-source-6.12 (out of tree: DIR is not written;
                        it must be clean: make mrproper)
  --cache DIR           where builds live (default $SVAFUZZ_KERNEL_CACHE,
                        else /var/cache/svafuzz/testkernel)
  --jobs N              make -j (default: nproc)
  --print-dir           print the build folder and exit 0 if it is built, 1 if not
  --check-config FILE   check a kernel .config against the arch's fragment lines:
                        exit 0 if it has them all, 1 naming each it lacks
  --no-install          never apt-get install; fail instead
The build folder (printed on stdout) holds:
  image        the kernel (bzImage / Image)
  build/       the O= build tree: make -C build M=... modules
  modules/     modules_install output (lib/modules/VERSION/...)
  source       what was built (Debian package version or the tree's path)
  times        how long each step took, in seconds
EOT
}

ARCH=
KSRC=
CACHE=${SVAFUZZ_KERNEL_CACHE:-/var/cache/svafuzz/testkernel}
JOBS=$(nproc)
PRINT_ONLY=false
CHECK=
NOINSTALL=false
while [ $# -gt 0 ]; do
	case $1 in
	--arch) [ $# -ge 2 ] || die "--arch needs a value" 1; ARCH=$2; shift ;;
	--kernel-src) [ $# -ge 2 ] || die "--kernel-src needs a folder" 1; KSRC=$2; shift ;;
	--cache) [ $# -ge 2 ] || die "--cache needs a folder" 1; CACHE=$2; shift ;;
	--jobs) [ $# -ge 2 ] || die "--jobs needs a number" 1; JOBS=$2; shift ;;
	--print-dir) PRINT_ONLY=true ;;
	--check-config) [ $# -ge 2 ] || die "--check-config needs a .config file" 1; CHECK=$2; shift ;;
	--no-install) NOINSTALL=true ;;
	-h|--help) usage; exit 0 ;;
	*) usage >&2; die "unknown argument: $1" 1 ;;
	esac
	shift
done
[ -z "$ARCH" ] && case $(uname -m) in aarch64) ARCH=arm64 ;; *) ARCH=$(uname -m) ;; esac
case $ARCH in
x86_64) KARCH=x86 IMAGE_PATH=arch/x86/boot/bzImage TARGET=bzImage ;;
arm64) KARCH=arm64 IMAGE_PATH=arch/arm64/boot/Image TARGET=Image ;;
*) die "unsupported --arch $ARCH (x86_64 or arm64)" 1 ;;
esac
case $JOBS in '' | *[!0-9]* | 0) die "--jobs takes a whole number above 0, not '$JOBS'" 1 ;; esac
CROSS=
if [ "$ARCH" = arm64 ] && [ "$(uname -m)" != aarch64 ]; then
	CROSS=aarch64-linux-gnu-
fi
[ -r "$FRAGMENT" ] || die "no fragment at $FRAGMENT" 1

# The tools a kernel build needs, and the cross compiler for arm64.
ensure_build_tools() {
	local need=() t
	for t in make:make gcc:gcc bc:bc flex:flex bison:bison perl:perl xz:xz-utils \
		cpio:cpio depmod:kmod; do
		command -v "${t%%:*}" >/dev/null || need+=("${t#*:}")
	done
	[ -e /usr/include/libelf.h ] || need+=(libelf-dev)
	[ -e /usr/include/openssl/ssl.h ] || need+=(libssl-dev)
	[ -n "$CROSS" ] && ! command -v "${CROSS}gcc" >/dev/null && need+=(gcc-aarch64-linux-gnu)
	[ ${#need[@]} -eq 0 ] || apt_install "${need[@]}"
}

# Debian's source: the newest linux-source-6.12 apt knows, unpacked once
# per version under $CACHE/src-VERSION. Sets KSRC and SRC_ID.
debian_source() {
	local inst cand
	inst=$(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null)
	cand=$(apt-cache policy linux-source-6.12 2>/dev/null | sed -n 's/^ *Candidate: //p')
	if [ -z "$cand" ] || [ "$cand" = "(none)" ]; then
		[ -n "$inst" ] || { $NOINSTALL && die "linux-source-6.12 is not installed" 2; apt-get update -qq >&2; }
		cand=$(apt-cache policy linux-source-6.12 2>/dev/null | sed -n 's/^ *Candidate: //p')
	fi
	if [ -n "$cand" ] && [ "$cand" != "(none)" ] && [ "$inst" != "$cand" ]; then
		apt_install linux-source-6.12
		inst=$(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null)
	fi
	[ -n "$inst" ] || die "linux-source-6.12 is not available from apt (bookworm-security; apt-get update?)" 2
	SRC_ID=debian-$inst
	KSRC=$CACHE/src-$inst/linux-source-6.12
	[ -e "$KSRC/.unpacked" ] && return 0
	local tarball=/usr/src/linux-source-6.12.tar.xz
	[ -r "$tarball" ] || die "linux-source-6.12 $inst is installed but $tarball is missing" 2
	log "unpacking $tarball ($inst)"
	rm -rf "$CACHE/src-$inst" && mkdir -p "$CACHE/src-$inst"
	tar xJf "$tarball" -C "$CACHE/src-$inst" || die "cannot unpack $tarball" 2
	[ -e "$KSRC/Makefile" ] || die "$tarball has no linux-source-6.12/Makefile" 2
	touch "$KSRC/.unpacked"
}

# The fragment's lines for one architecture: "# [all]" and "# [ARCH]" sections.
fragment_for() {
	awk -v arch="$1" '
	/^# \[[a-z0-9_]+\]$/ { sec = substr($2, 2, length($2) - 2); next }
	sec == "all" || sec == arch' "$FRAGMENT"
}

# Every CONFIG_X=v of the arch's fragment must be in the final .config;
# names each one that is not (a dependency the fragment lacks).
verify_config() {
	local cfg=$1 line sym want got bad=0
	while IFS= read -r line; do
		case $line in CONFIG_*=*) ;; *) continue ;; esac
		sym=${line%%=*}
		want=${line#*=}
		got=$(sed -n "s/^$sym=//p" "$cfg")
		[ -z "$got" ] && grep -qx "# $sym is not set" "$cfg" && got=n
		if [ "$got" != "$want" ]; then
			log "the fragment asks $sym=$want, the .config has ${got:-nothing}"
			bad=1
		fi
	done < <(fragment_for "$ARCH")
	return $bad
}

if [ -n "$CHECK" ]; then
	[ -f "$CHECK" ] && [ -r "$CHECK" ] || die "--check-config $CHECK: no such readable file" 1
	verify_config "$CHECK" || exit 1
	log "$CHECK has every $ARCH line of $(basename "$FRAGMENT")"
	exit 0
fi

if [ -n "$KSRC" ]; then
	[ -d "$KSRC" ] || die "--kernel-src $KSRC is not a folder" 1
	KSRC=$(realpath "$KSRC")
	[ -e "$KSRC/Makefile" ] && [ -e "$KSRC/scripts/kconfig/merge_config.sh" ] ||
		die "--kernel-src $KSRC is not a kernel tree (no Makefile or scripts/kconfig/merge_config.sh)" 1
	# A tree configured or built in place refuses O= builds.
	[ -e "$KSRC/.config" ] || [ -d "$KSRC/include/config" ] &&
		die "--kernel-src $KSRC has an in-tree build (.config): run 'make mrproper' there first (it is built out of tree, with O=)" 1
	SRC_ID="user-$(basename "$KSRC")-$(printf '%s' "$KSRC" | sha256sum | cut -c1-8)"
	if [ -d "$KSRC/.git" ] && command -v git >/dev/null; then
		SRC_ID+=-$(git -C "$KSRC" rev-parse --short=12 HEAD 2>/dev/null || echo nogit)
	fi
elif $PRINT_ONLY; then
	inst=$(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null) ||
		{ echo "no linux-source-6.12 installed" >&2; exit 1; }
	SRC_ID=debian-$inst
fi

# The key: what was built, with what fragment lines (this arch's, without
# comments: a comment edit rebuilds nothing), steps and compiler.
cc_id=$( ("${CROSS}gcc" --version 2>/dev/null || echo nocc) | head -n1)
KEY=$( { fragment_for "$ARCH" | grep '^CONFIG_'; echo "recipe $RECIPE arch $ARCH cc $cc_id"; } |
	sha256sum | cut -c1-12)
if $PRINT_ONLY; then
	DIR=$CACHE/$SRC_ID-$ARCH-$KEY
	echo "$DIR"
	[ -e "$DIR/.done" ]
	exit
fi

mkdir -p "$CACHE" || die "cannot create $CACHE" 2
ensure_build_tools
[ -z "$KSRC" ] && debian_source
DIR=$CACHE/$SRC_ID-$ARCH-$KEY
claim_build "$DIR"

OUT=$DIR/build
mk=(make -C "$KSRC" O="$OUT" ARCH="$KARCH")
[ -n "$CROSS" ] && mk+=(CROSS_COMPILE="$CROSS")
mkdir -p "$OUT"
: >"$DIR/times"
fragment_for "$ARCH" >"$DIR/fragment.config"

t0=$(date +%s)
log "configuring $SRC_ID for $ARCH: allnoconfig + $(realpath --relative-to="$SRCDIR" "$FRAGMENT")"
# merge_config.sh -n: make allnoconfig with the fragment as KCONFIG_ALLCONFIG.
(cd "$KSRC" && ARCH=$KARCH CROSS_COMPILE=$CROSS scripts/kconfig/merge_config.sh -n \
	-O "$OUT" "$DIR/fragment.config" >"$DIR/config.log" 2>&1) ||
	die "configuration failed: see $DIR/config.log" 2
verify_config "$OUT/.config" ||
	die "the configuration lacks lines of the fragment (above): a dependency the fragment does not set (make -C $KSRC O=$OUT menuconfig, / and the symbol, says which); $DIR/config.log" 1
echo "config $(($(date +%s) - t0))" >>"$DIR/times"

t1=$(date +%s)
log "building $TARGET and modules with -j$JOBS (log: $DIR/build.log)"
"${mk[@]}" -j"$JOBS" "$TARGET" modules >"$DIR/build.log" 2>&1 ||
	{ tail -n 30 "$DIR/build.log" >&2; die "kernel build failed: $DIR/build.log" 2; }
echo "build $(($(date +%s) - t1))" >>"$DIR/times"

rm -rf "$DIR/modules"
"${mk[@]}" INSTALL_MOD_PATH="$DIR/modules" INSTALL_MOD_STRIP=1 modules_install \
	>>"$DIR/build.log" 2>&1 || die "modules_install failed: $DIR/build.log" 2
ln -sfn "build/$IMAGE_PATH" "$DIR/image"
[ -s "$DIR/image" ] || die "no $IMAGE_PATH after the build" 2
"${mk[@]}" -s kernelrelease >"$DIR/release" 2>/dev/null
printf '%s\n' "$SRC_ID ($KSRC)" >"$DIR/source"
echo "total $(($(date +%s) - t0))" >>"$DIR/times"
touch "$DIR/.done"
log "built in $(($(date +%s) - t0)) s: $DIR"
echo "$DIR"
