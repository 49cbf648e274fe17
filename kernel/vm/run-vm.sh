#!/bin/bash
# Boots a Debian 6.12 kernel (or yours) in QEMU TCG with the svatest module
# loaded and runs one command in the guest; brings back the guest's results
# folder and kernel log. Exit status = the guest command's exit status
# (125 = harness error, 124 = timeout). See docs/vm.md.
#
#   run-vm.sh [options] [--] svafuzz run --backend svatest --duration 60s
#   run-vm.sh --cmd 'svatest-selftest' --arch arm64
set -u -o pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
SRCDIR=$(cd "$HERE/../.." && pwd)
. "$HERE/lib.sh"

ARCH=$(host_arch)
SERIES=6.12
FLAVOUR=
KVER=
USER_KERNEL=
USER_KDIR=
SVAFUZZ_BIN=
CMD=
OUT=
MEM=1G
SMP=2
NUMA=false
TIMEOUT=900
PARAMS=
NOINSTALL=false
KVM=false
CACHE=${SVAFUZZ_VM_CACHE:-$HERE/cache}

usage() {
	cat <<'EOT'
usage: run-vm.sh [options] [--] [guest command...]
  --arch x86_64|arm64     guest architecture (default: the host's)
  --series 6.12|6.1       Debian kernel series (default 6.12)
  --flavour NAME          Debian flavour (default cloud-amd64 / arm64)
  --kver VER              exact Debian kernel version, e.g. 6.12.117+deb12
  --kernel IMAGE          boot your own bzImage/Image instead of Debian's
  --kdir DIR              ... and build the module against this build tree
  --svafuzz BIN           a static svafuzz for the guest (default: build one)
  --no-svafuzz            do not build svafuzz (the guest command does not need it)
  --cmd 'SHELL COMMAND'   guest command (default: the arguments after --)
  --out DIR               where results go (default: kernel/vm/cache/out/<time>)
  --mem SIZE --smp N      guest size (default 1G, 2)
  --numa                  two NUMA nodes
  --kvm                   x86_64 guest with emulated AMD SVM + nested paging and
                          kvm_amd loaded, so /dev/kvm works in the guest (the
                          kvm backend's home where the host has no VMX/SVM)
  --timeout SEC           kill the guest after SEC seconds (default 900)
  --params 'k=v ...'      svatest module parameters
  --no-install            never apt-get install; fail instead
  --prepare               only fetch and build, do not boot
The guest has busybox, svafuzz and svatest-selftest in /bin; its working
directory /results comes back to --out together with dmesg.txt.
EOT
}

PREPARE_ONLY=false
while [ $# -gt 0 ]; do
	case $1 in
	--arch) ARCH=$2; shift ;;
	--series) SERIES=$2; shift ;;
	--flavour) FLAVOUR=$2; shift ;;
	--kver) KVER=$2; shift ;;
	--kernel) USER_KERNEL=$(realpath "$2"); shift ;;
	--kdir) USER_KDIR=$(realpath "$2"); shift ;;
	--svafuzz) SVAFUZZ_BIN=$(realpath "$2"); shift ;;
	--no-svafuzz) SVAFUZZ_BIN=none ;;
	--cmd) CMD=$2; shift ;;
	--out) OUT=$2; shift ;;
	--mem) MEM=$2; shift ;;
	--smp) SMP=$2; shift ;;
	--numa) NUMA=true ;;
	--kvm) KVM=true ;;
	--timeout) TIMEOUT=$2; shift ;;
	--params) PARAMS=$2; shift ;;
	--no-install) NOINSTALL=true ;;
	--prepare) PREPARE_ONLY=true ;;
	-h|--help) usage; exit 0 ;;
	--) shift; break ;;
	-*) usage >&2; exit 125 ;;
	*) break ;;
	esac
	shift
done
[ -z "$CMD" ] && [ $# -gt 0 ] && CMD="$*"
[ -z "$CMD" ] && CMD="svatest-selftest"
case $ARCH in x86_64|arm64) ;; *) die "unsupported arch $ARCH" ;; esac
if [ -n "$USER_KERNEL" ] && [ -z "$USER_KDIR" ]; then
	die "--kernel needs --kdir (its build tree or headers dir)"
fi

t_start=$(date +%s.%N)
ensure_tools "$ARCH"
ensure_static_libs "$(deb_arch "$ARCH")"
mkdir -p "$CACHE"

if $KVM; then
	ARCH=x86_64
	[ -z "$FLAVOUR" ] && FLAVOUR=amd64	# the cloud flavour has no kvm_amd
fi
if [ -n "$USER_KERNEL" ]; then
	IMAGE=$USER_KERNEL
	KDIR=$USER_KDIR
	TAG=user-$(basename "$KDIR")-$ARCH
else
	[ -z "$FLAVOUR" ] && FLAVOUR=$([ "$ARCH" = x86_64 ] && echo cloud-amd64 || echo arm64)
	[ -z "$KVER" ] && KVER=$(resolve_kver "$FLAVOUR" "$SERIES")
	if [ -z "$KVER" ]; then
		apt-get update -qq >&2 || true
		KVER=$(resolve_kver "$FLAVOUR" "$SERIES")
	fi
	[ -n "$KVER" ] || die "no linux-image-$SERIES.*-$FLAVOUR-unsigned in apt (apt-get update?)"
	KROOT="$CACHE/kernel-$KVER-$FLAVOUR"
	fetch_debian_kernel "$KROOT" "$KVER" "$FLAVOUR" "$(deb_arch "$ARCH")"
	IMAGE="$KROOT/root/boot/vmlinuz-$KVER-$FLAVOUR"
	KDIR="$KROOT/root/usr/src/linux-headers-$KVER-$FLAVOUR"
	TAG=$KVER-$FLAVOUR
fi
log "kernel $TAG"
KVM_MODS=
if $KVM; then
	[ -n "${KROOT:-}" ] || die "--kvm needs a Debian kernel (its kvm modules)"
	KVM_MODS=$(kvm_modules "$KROOT" "$CACHE/kvm-$TAG")
fi
t0=$(date +%s.%N)
KO=$(build_module "$KDIR" "$CACHE/module-$TAG" "$ARCH")
t1=$(date +%s.%N)
log "module built in $(echo "$t1 - $t0" | bc) s: $KO"
build_user "$CACHE/user-$ARCH" "$ARCH"
t2=$(date +%s.%N)
log "user binaries ready in $(echo "$t2 - $t1" | bc) s"
$PREPARE_ONLY && exit 0

[ -z "$OUT" ] && OUT="$CACHE/out/$(date +%Y%m%d-%H%M%S)-$ARCH"
mkdir -p "$OUT"
OUT=$(realpath "$OUT")
printf '%s\n' "$CMD" >"$OUT/cmd"
make_initramfs "$OUT/initrd.gz" "$CACHE/user-$ARCH/bin" "$KO" "$ARCH" "$OUT/cmd" "$PARAMS" "$KVM_MODS"

NCPU_MEM=()
if $NUMA; then
	half=$(( $(numfmt --from=iec "$MEM") / 2 / 1048576 ))M
	NCPU_MEM=(-object "memory-backend-ram,id=m0,size=$half"
		-object "memory-backend-ram,id=m1,size=$half"
		-numa "node,nodeid=0,memdev=m0" -numa "node,nodeid=1,memdev=m1")
fi
case $ARCH in
x86_64)
	QEMU=(qemu-system-x86_64 -accel tcg -cpu max)
	$KVM && QEMU=(qemu-system-x86_64 -accel tcg -cpu qemu64,+svm,+npt)
	CONSOLE=ttyS0
	;;
arm64)
	QEMU=(qemu-system-aarch64 -machine virt,iommu=smmuv3 -cpu max,pauth-impdef=on -accel tcg)
	CONSOLE=ttyAMA0
	;;
esac
QEMU+=(-nographic -no-reboot -m "$MEM" -smp "$SMP" "${NCPU_MEM[@]}"
	-kernel "$IMAGE" -initrd "$OUT/initrd.gz"
	-append "console=$CONSOLE panic=-1 oops=panic quiet loglevel=4")

log "booting: ${QEMU[*]}"
t3=$(date +%s.%N)
# The blob between the markers is results; everything else is the console.
timeout -k 10 "$TIMEOUT" "${QEMU[@]}" </dev/null 2>&1 | tee "$OUT/console.log" |
	awk '/=====SVATEST-RESULTS-BEGIN=====/ {skip=1}
		!skip {print; fflush()}
		/=====SVATEST-RESULTS-END=====/ {skip=0}' >&2
qrc=${PIPESTATUS[0]}
rm -f "$OUT/initrd.gz"
t4=$(date +%s.%N)
tr -d '\r' <"$OUT/console.log" |
	sed -n '/=====SVATEST-RESULTS-BEGIN=====/,/=====SVATEST-RESULTS-END=====/p' |
	grep -E '^[A-Za-z0-9+/=]+$' | base64 -d 2>/dev/null | tar xzf - -C "$OUT" 2>/dev/null ||
	log "warning: no results blob in the console (guest crashed or timed out?)"
rc=$(tr -d '\r' <"$OUT/console.log" | sed -n 's/^SVATEST-VM-EXIT=\([0-9]*\)$/\1/p' | tail -n1)
log "guest ran $(echo "$t4 - $t3" | bc) s (total $(echo "$t4 - $t_start" | bc) s); results in $OUT"
if [ -z "$rc" ]; then
	[ "$qrc" = 124 ] && { log "timeout after $TIMEOUT s"; exit 124; }
	log "guest did not report an exit status (qemu $qrc); see $OUT/console.log"
	exit 125
fi
exit "$rc"
