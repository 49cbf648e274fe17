#!/bin/bash
# Boots a Debian 6.12 kernel (or yours) in QEMU TCG with the svatest module
# loaded and runs one command in the guest; brings back the guest's results
# folder and kernel log, as snapshots while it runs and in full at the end.
# Exit status = the guest command's exit status (125 = harness error,
# 124 = timeout, 3 = the guest kernel died: guest-panic.txt). See docs/vm.md.
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
VFIO_DEV=
IOMMU_LAZY=false
TEST_KERNEL=false
KSRC=
EXTRA_MODS=()
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
  --test-kernel           boot svafuzz's test kernel (kernel/vm/build-kernel.sh:
                          Debian's 6.12 source + kernel/configs/svafuzz.config,
                          built on first use, cached), its modules in the guest's
                          /lib/modules (modprobe test_hmm)
  --kernel-src DIR        --test-kernel from your kernel tree, same fragment
  --module FILE.ko        put FILE.ko in the guest's /lib/modules/extra/ (repeatable)
  --svafuzz BIN           a static svafuzz for the guest (default: build one)
  --no-svafuzz            do not build svafuzz (the guest command does not need it)
  --cmd 'SHELL COMMAND'   guest command (default: the arguments after --)
  --out DIR               where results go (default: kernel/vm/cache/out/<time>)
  --mem SIZE --smp N      guest size (default 1G, 2)
  --numa                  two NUMA nodes
  --kvm                   /dev/kvm in the guest: x86_64 with emulated AMD SVM +
                          nested paging and kvm_amd loaded, or with --arch arm64
                          a virt machine with EL2 (virtualization=on), where the
                          kernel's built-in KVM starts (the kvm backend's home
                          where the host has no VMX/SVM)
  --vfio-device nvme      an NVMe controller behind the platform's IOMMU (x86_64:
                          q35 + intel-iommu,caching-mode=on; arm64: virt's SMMUv3),
                          bound to vfio-pci in the guest with vfio, type1 and
                          vfio-pci loaded; iommu.strict=1 (docs/vfio.md)
  --iommu-lazy            with --vfio-device: iommu.strict=0 instead
  --timeout SEC           kill the guest after SEC seconds (default 900)
  --params 'k=v ...'      svatest module parameters
  --no-install            never apt-get install; fail instead
  --prepare               only fetch and build, do not boot
The guest has busybox, svafuzz and svatest-selftest in /bin; its working
directory /results comes back to --out together with dmesg.txt: a snapshot
every 5 s while the command runs (not events*.jsonl), all of it at the end.
Exit status: the guest command's; 3 when the guest kernel died (Oops,
panic: OUT/guest-panic.txt, OUT keeps the last snapshot), 124 timeout,
125 harness error.
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
	--test-kernel) TEST_KERNEL=true ;;
	--kernel-src) [ -d "${2:-}" ] || die "--kernel-src ${2:-}: not a folder"
		KSRC=$(realpath "$2"); TEST_KERNEL=true; shift ;;
	--module) [ -f "${2:-}" ] || die "--module ${2:-}: no such file"
		EXTRA_MODS+=("$(realpath "$2")"); shift ;;
	--svafuzz) SVAFUZZ_BIN=$(realpath "$2"); shift ;;
	--no-svafuzz) SVAFUZZ_BIN=none ;;
	--cmd) CMD=$2; shift ;;
	--out) OUT=$2; shift ;;
	--mem) MEM=$2; shift ;;
	--smp) SMP=$2; shift ;;
	--numa) NUMA=true ;;
	--kvm) KVM=true ;;
	--vfio-device) VFIO_DEV=$2; shift ;;
	--iommu-lazy) IOMMU_LAZY=true ;;
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
case $VFIO_DEV in
'' | nvme) ;;
*) die "--vfio-device $VFIO_DEV: unknown device (known: nvme)" ;;
esac
[ -n "$VFIO_DEV" ] && $KVM && die "--vfio-device and --kvm exclude each other"
if $TEST_KERNEL && [ -n "$USER_KERNEL" ]; then
	die "--test-kernel and --kernel exclude each other"
fi

t_start=$(date +%s.%N)
ensure_tools "$ARCH"
ensure_static_libs "$(deb_arch "$ARCH")"
mkdir -p "$CACHE"
if $TEST_KERNEL; then
	# Before the prepare lock: a cold build takes long and has its own lock.
	$KVM && [ "$ARCH" != arm64 ] && ARCH=x86_64
	tk=(--arch "$ARCH")
	[ -n "$KSRC" ] && tk+=(--kernel-src "$KSRC")
	$NOINSTALL && tk+=(--no-install)
	TK=$(bash "$HERE/build-kernel.sh" "${tk[@]}") ||
		die "the test kernel did not build (build-kernel.sh ${tk[*]})"
fi
# Runs share the cache (kernels, module and static binaries built in place):
# one at a time prepares, so a guest never packs a binary another run is
# still building or copying (ctest -j2 ran two --kvm guests at once and one
# found "test_kvm_fault_classes: Permission denied"). Guests then run side by side.
exec 9>"$CACHE/.prepare.lock"
flock 9 || die "cannot lock $CACHE/.prepare.lock"

KVM_MODS=
KVM_ARM64=false	# arm64 KVM is built into the kernel: it needs EL2, no module
if $KVM && [ "$ARCH" = arm64 ]; then
	KVM_ARM64=true
	KVM=false
elif $KVM; then
	ARCH=x86_64
	[ -z "$FLAVOUR" ] && FLAVOUR=amd64	# the cloud flavour has no kvm_amd
fi
TK_MODS=
if $TEST_KERNEL; then
	IMAGE=$TK/image
	KDIR=$TK/build
	TK_MODS=$TK/modules
	TAG=test-$(basename "$TK")
	if $KVM; then	# kvm is built in; kvm_amd is a module of the test kernel
		KVM_MODS=$CACHE/kvm-$TAG
		mkdir -p "$KVM_MODS"
		f=$(find "$TK_MODS" -name kvm-amd.ko | head -n1)
		[ -n "$f" ] || die "no kvm-amd.ko in $TK_MODS"
		cp "$f" "$KVM_MODS/" && echo kvm-amd >"$KVM_MODS/order"
	fi
elif [ -n "$USER_KERNEL" ]; then
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
if $KVM && ! $TEST_KERNEL; then
	[ -n "${KROOT:-}" ] || die "--kvm needs a Debian kernel (its kvm modules)"
	KVM_MODS=$(kvm_modules "$KROOT" "$CACHE/kvm-$TAG")
fi
if [ -n "$VFIO_DEV" ] && [ -n "${KROOT:-}" ]; then
	# the guest's /init loads them like kvm's, then hands the device to vfio-pci
	KVM_MODS=$(vfio_modules "$KROOT" "$CACHE/vfio-$TAG" "$ARCH")
fi
t0=$(date +%s.%N)
KO=$(build_module "$KDIR" "$CACHE/module-$TAG" "$ARCH")
# svaplant rides along, never loaded: only `svafuzz selfcheck --module` loads it
EXTRA_MODS+=("$(build_module "$KDIR" "$CACHE/plant-$TAG" "$ARCH" svaplant)")
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
make_initramfs "$OUT/initrd.gz" "$CACHE/user-$ARCH/bin" "$KO" "$ARCH" "$OUT/cmd" "$PARAMS" "$KVM_MODS" \
	"$TK_MODS" "${EXTRA_MODS[@]}"
VFIO_ARGS=() APPEND_VFIO=
if [ -n "$VFIO_DEV" ]; then
	# The namespace the NVMe device stores its blocks in (4 MiB, sparse).
	truncate -s 4M "$OUT/nvme.img" || die "cannot create $OUT/nvme.img"
	[ "$ARCH" = x86_64 ] && VFIO_ARGS=(-machine q35 -device intel-iommu,caching-mode=on)
	VFIO_ARGS+=(-drive "file=$OUT/nvme.img,if=none,id=svanvme,format=raw"
		-device nvme,serial=svafuzz,drive=svanvme)
	# svafuzz.vfio=CLASS: /init binds the devices of that PCI class to vfio-pci
	# (iommufd: the test kernel has no IRQ_REMAP, so no isolated MSI; in a test guest that
	# is no risk, and without it iommufd refuses to bind the device: EPERM)
	APPEND_VFIO=" iommu.strict=$($IOMMU_LAZY && echo 0 || echo 1) svafuzz.vfio=0x010802"
	APPEND_VFIO+=" iommufd.allow_unsafe_interrupts=1"
	# no_timer_check: with interrupt remapping on, a slow TCG guest (two beside each other
	# under ctest -j2) failed the boot-time IO-APIC timer check: "Kernel panic - not
	# syncing: timer doesn't work through Interrupt-remapped IO-APIC"
	[ "$ARCH" = x86_64 ] && APPEND_VFIO=" intel_iommu=on no_timer_check$APPEND_VFIO"
fi
exec 9>&-	# prepared: the next run may build

NCPU_MEM=()
if $NUMA; then
	half=$(( $(numfmt --from=iec "$MEM") / 2 / 1048576 ))M
	NCPU_MEM=(-object "memory-backend-ram,id=m0,size=$half"
		-object "memory-backend-ram,id=m1,size=$half"
		-numa "node,nodeid=0,memdev=m0" -numa "node,nodeid=1,memdev=m1")
fi
case $ARCH in
x86_64)
	# One TCG thread for all vCPUs: an x86 kernel patches its own text
	# (static keys: at boot in sched_clock_cpu, at VM creation in
	# __schedule), and x86's int3-based patching races multi-threaded TCG:
	# a vCPU runs a stale int3 after the patch is done, "Oops: int3"
	# (docs/vm.md). Round-robin TCG sees every write before the next block.
	QEMU=(qemu-system-x86_64 -accel tcg,thread=single -cpu max)
	$KVM && QEMU=(qemu-system-x86_64 -accel tcg,thread=single -cpu qemu64,+svm,+npt)
	CONSOLE=ttyS0
	;;
arm64)
	QEMU=(qemu-system-aarch64 -machine virt,iommu=smmuv3 -cpu max,pauth-impdef=on -accel tcg)
	# EL2 for the guest kernel, which then runs KVM in VHE mode (docs/kvm.md)
	$KVM_ARM64 && QEMU=(qemu-system-aarch64 -machine virt,iommu=smmuv3,virtualization=on
		-cpu max,pauth-impdef=on -accel tcg)
	CONSOLE=ttyAMA0
	;;
esac
QEMU+=(-nographic -no-reboot -m "$MEM" -smp "$SMP" "${NCPU_MEM[@]}" "${VFIO_ARGS[@]}"
	-kernel "$IMAGE" -initrd "$OUT/initrd.gz"
	-append "console=$CONSOLE panic=-1 oops=panic quiet loglevel=4$APPEND_VFIO")

log "booting: ${QEMU[*]}"
t3=$(date +%s.%N)
# Results stream back as the guest sends them (init.sh: a snapshot every
# 5 s, the whole folder at the end); everything else is the console.
timeout -k 10 "$TIMEOUT" "${QEMU[@]}" </dev/null 2>&1 | split_console "$OUT" | take_blobs "$OUT"
qrc=${PIPESTATUS[0]}
rm -f "$OUT/initrd.gz" "$OUT/nvme.img"
t4=$(date +%s.%N)
n_good=0 n_torn=0 last_snap=none
[ -e "$OUT/.blobs/summary" ] && read -r n_good n_torn last_snap <"$OUT/.blobs/summary"
results_ok=false
[ -e "$OUT/.blobs/results-ok" ] && results_ok=true
rm -rf "$OUT/.blobs"
rc=$(sed -n 's/^SVATEST-VM-EXIT=\([0-9]*\)$/\1/p' "$OUT/console.log" | tail -n1)
log "guest ran $(echo "$t4 - $t3" | bc) s (total $(echo "$t4 - $t_start" | bc) s);" \
	"$n_good blobs taken, $n_torn torn; results in $OUT"
if [ -n "$rc" ]; then
	# The guest finished (its status comes after the final blob).
	$results_ok && exit "$rc"
	log "the final results blob was torn (guest exit $rc): OUT has the last snapshot's; see $OUT/console.log"
	exit 125
fi

# The guest did not finish: OUT holds the last whole snapshot (if any).
# A kernel death is the guest's finding: exit 3, as svafuzz does for
# kernel errors, with the console's account of it.
death=$(death_text "$OUT/console.log")
if [ -z "$death" ] && [ "$qrc" != 124 ] &&
	grep -q 'SVATEST-VM: kernel ' "$OUT/console.log"; then	# (after the BIOS's escapes)
	# /init ran, then the machine went away silently (a reset, a triple
	# fault): a death too, told by the console's last lines.
	death="the guest stopped without its results and without a panic message; the console's last lines:
$(tail -n 40 "$OUT/console.log")"
fi
if [ -n "$death" ]; then
	printf '%s\n' "$death" >"$OUT/guest-panic.txt"
	log "guest kernel died (see $OUT/guest-panic.txt): $(head -n1 "$OUT/guest-panic.txt" | cut -c1-160)"
	if [ "$last_snap" = none ]; then
		log "no snapshot came back before the death"
	else
		log "the results of snapshot $last_snap (they come every 5 s) are in $OUT"
	fi
	name_running_programs "$OUT"
	exit 3
fi
[ "$qrc" = 124 ] && { log "timeout after $TIMEOUT s"; exit 124; }
log "the guest never reached /init (qemu $qrc); see $OUT/console.log"
exit 125
