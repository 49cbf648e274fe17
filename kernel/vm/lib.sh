# Helpers of run-vm.sh: tools, Debian kernel resolution and extraction,
# module and svafuzz builds, initramfs. Sourced, not run. Every step is
# cached under $CACHE and idempotent: a second run only boots.

log() { printf '%s: %s\n' "${LOG_NAME:-run-vm}" "$*" >&2; }
# die MESSAGE [STATUS]: STATUS defaults to 125 (run-vm.sh's harness error)
die() { log "error: $1"; exit "${2:-125}"; }

# apt_install PKG...: installs the packages (after an apt-get update if the
# first try fails); with NOINSTALL=true names them and dies instead.
apt_install() {
	${NOINSTALL:-false} && die "missing packages: $*"
	log "installing $*"
	DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y \
		--no-install-recommends "$@" >&2 || {
		apt-get update -qq >&2
		DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y \
			--no-install-recommends "$@" >&2
	} || die "apt-get install $* failed"
}

# claim_build DIR: one build of a cache folder at a time (ctest -j2, two
# clones on one machine): holds DIR.lock on fd 8 until the caller exits;
# prints DIR and exits 0 if another run built it meanwhile (DIR/.done).
claim_build() {
	mkdir -p "$1"
	exec 8>"$1.lock"
	flock 8 || die "cannot lock $1.lock" 2
	if [ -e "$1/.done" ]; then
		log "cached: $1"
		echo "$1"
		exit 0
	fi
}

# arch name in the three vocabularies we need: debian, kernel, qemu
deb_arch() { case $1 in x86_64) echo amd64 ;; arm64) echo arm64 ;; esac; }
kbuild_arch() { case $1 in x86_64) echo x86 ;; arm64) echo arm64 ;; esac; }
host_arch() { case $(uname -m) in x86_64) echo x86_64 ;; aarch64) echo arm64 ;; *) uname -m ;; esac; }

# Installs what is missing; quick when everything is there.
ensure_tools() {
	local arch=$1 need=()
	command -v cpio >/dev/null || need+=(cpio)
	command -v pahole >/dev/null || need+=(dwarves)
	command -v depmod >/dev/null || need+=(kmod)
	command -v make >/dev/null || need+=(make)
	command -v gcc >/dev/null || need+=(gcc)
	command -v cmake >/dev/null || need+=(cmake)
	command -v bc >/dev/null || need+=(bc)
	[ -x /bin/busybox ] && file -L /bin/busybox 2>/dev/null | grep -q static ||
		need+=(busybox-static)
	command -v file >/dev/null || need+=(file)
	case $arch in
	x86_64) command -v qemu-system-x86_64 >/dev/null || need+=(qemu-system-x86) ;;
	arm64)
		command -v qemu-system-aarch64 >/dev/null || need+=(qemu-system-arm)
		command -v aarch64-linux-gnu-gcc >/dev/null || need+=(gcc-aarch64-linux-gnu)
		[ -e /usr/aarch64-linux-gnu/lib/libc.a ] || need+=(libc6-dev-arm64-cross)
		;;
	esac
	if [ "$arch" = arm64 ] && ! dpkg --print-foreign-architectures | grep -qx arm64; then
		$NOINSTALL && die "arm64 is not a dpkg architecture (dpkg --add-architecture arm64)"
		dpkg --add-architecture arm64 && apt-get update -qq || die "cannot add arm64"
	fi
	[ ${#need[@]} -eq 0 ] || apt_install "${need[@]}"
}

# The static libraries svafuzz links, for one Debian architecture.
ensure_static_libs() {
	local da=$1 triplet need=() p
	triplet=$( [ "$da" = amd64 ] && echo x86_64-linux-gnu || echo aarch64-linux-gnu)
	for p in liburing libnuma libinih libjson-c; do
		[ -e /usr/lib/$triplet/$p.a ] && continue
		case $p in
		liburing) need+=(liburing-dev:$da) ;;
		libnuma) need+=(libnuma-dev:$da) ;;
		libinih) need+=(libinih-dev:$da) ;;
		libjson-c) need+=(libjson-c-dev:$da) ;;
		esac
	done
	[ ${#need[@]} -eq 0 ] || apt_install "${need[@]}"
}

# Newest kernel version of a series with an -unsigned image of this
# flavour: "6.12.N+deb12" for 6.12, "6.1.0-N" for 6.1.
resolve_kver() {
	local flavour=$1 series=$2 pat
	case $series in
	6.1) pat='6\.1\.0-[0-9]+' ;;
	*) pat="${series//./\\.}\\.[0-9]+\\+deb12" ;;
	esac
	apt-cache search --names-only "^linux-image-${pat}-${flavour}-unsigned\$" |
		sed -E -n "s/^linux-image-(${pat})-${flavour}-unsigned .*/\1/p" |
		sort -V | tail -n1
}

# "name=version" of the kbuild package the headers package depends on.
kbuild_pkg() {
	apt-cache show "$1" 2>/dev/null | sed -n 's/^Depends: //p' | head -n1 | tr ',' '\n' |
		sed -E -n -e 's/^ *(linux-kbuild-[^ ]+) \(>?= ([^)]+)\).*/\1=\2/p' \
			-e 's/^ *(linux-kbuild-[^ ]+) *$/\1/p' | head -n1
}

# Downloads and unpacks image + headers (+ common + kbuild) into $1/root.
fetch_debian_kernel() {
	local dir=$1 kver=$2 flavour=$3 da=$4 deb pkgs
	[ -e "$dir/.done" ] && return 0
	rm -rf "$dir" && mkdir -p "$dir/debs" "$dir/root"
	local kb
	kb=$(kbuild_pkg "linux-headers-$kver-$flavour:$da")
	[ -n "$kb" ] || die "cannot tell the kbuild package of linux-headers-$kver-$flavour"
	pkgs="linux-image-$kver-$flavour-unsigned:$da linux-headers-$kver-$flavour:$da"
	local kbv=
	case $kb in *=*) kbv="=${kb#*=}" ;; esac
	pkgs+=" linux-headers-$kver-common ${kb%%=*}:$da$kbv"
	# The kbuild tools must run here: for a foreign architecture use ours.
	[ "$da" != "$(deb_arch "$(host_arch)")" ] &&
		pkgs+=" ${kb%%=*}:$(deb_arch "$(host_arch)")$kbv"
	log "downloading $pkgs"
	(cd "$dir/debs" && apt-get download $pkgs >&2) || die "apt-get download failed"
	# Foreign kbuild first, host kbuild last so its binaries win.
	for deb in "$dir"/debs/*.deb; do
		case $deb in *linux-kbuild*_$(deb_arch "$(host_arch)").deb) continue ;; esac
		dpkg-deb -x "$deb" "$dir/root"
	done
	for deb in "$dir"/debs/linux-kbuild*_$(deb_arch "$(host_arch)").deb; do
		dpkg-deb -x "$deb" "$dir/root"
	done
	# The headers' Makefile and links point at /usr/src and /usr/lib: make them private.
	local hdr="$dir/root/usr/src/linux-headers-$kver-$flavour"
	[ -d "$hdr" ] || die "no headers at $hdr"
	sed -i "s|/usr/src/|$dir/root/usr/src/|g" "$hdr/Makefile"
	local l t
	for l in $(find "$dir/root/usr/src" -maxdepth 2 -type l); do
		t=$(readlink "$l")
		case $t in /*) ln -sfn "$dir/root$t" "$l" ;; esac
	done
	rm -rf "$dir/debs"
	touch "$dir/.done"
}

# Builds kernel/svatest against a header or build tree; prints the .ko path.
build_module() {
	local kdir=$1 out=$2 arch=$3 name=${4:-svatest} cross=()
	local src="$SRCDIR/kernel/$name"
	mkdir -p "$out"
	# Rebuild only when a source is newer than the module.
	if [ -e "$out/$name.ko" ] && [ -z "$(find "$src" -maxdepth 1 \
		-newer "$out/$name.ko" -type f)" ]; then
		echo "$out/$name.ko"
		return
	fi
	cp "$src"/*.c "$src"/*.h "$src"/Kbuild "$out"/
	[ "$arch" != "$(host_arch)" ] && cross=(ARCH=$(kbuild_arch "$arch") CROSS_COMPILE=aarch64-linux-gnu-)
	make -s -C "$kdir" M="$out" "${cross[@]}" modules >&2 || die "$name module build failed"
	echo "$out/$name.ko"
}

# Builds a static svafuzz (and the module's own test) for arch into $1.
build_user() {
	local out=$1 arch=$2 tc=()
	local cc=gcc
	[ "$arch" = arm64 ] && [ "$(host_arch)" != arm64 ] && {
		tc=(-DCMAKE_TOOLCHAIN_FILE="$SRCDIR/cmake/aarch64-linux-gnu.cmake")
		cc=aarch64-linux-gnu-gcc
	}
	mkdir -p "$out/bin"
	$cc -O2 -static -Wall -Wextra -Werror -I"$SRCDIR/kernel/svatest" \
		-o "$out/bin/svatest-selftest" "$SRCDIR/kernel/svatest/tests/svatest_selftest.c" -lpthread ||
		die "selftest build failed"
	# never a stale binary from an earlier build when this one fails
	rm -f "$out/bin/svafuzz"
	if [ -z "$SVAFUZZ_BIN" ]; then
		# Optimised if it builds; the Debug build (what developers build) otherwise.
		local bt ok=false
		for bt in RelWithDebInfo Debug; do
			# -U: a build folder from before 2026-12-07 still names the
			# removed kernel/vm/static-libs.cmake in its cache
			cmake -S "$SRCDIR" -B "$out/cmake-$bt" -DCMAKE_BUILD_TYPE=$bt \
				-DSVAFUZZ_STATIC=ON -UCMAKE_PROJECT_INCLUDE \
				"${tc[@]}" >"$out/cmake-$bt.log" 2>&1 &&
				cmake --build "$out/cmake-$bt" -j"$(nproc)" --target svafuzz \
					>>"$out/cmake-$bt.log" 2>&1 &&
				cp "$out/cmake-$bt/svafuzz" "$out/bin/svafuzz" && ok=true && break
			log "static svafuzz: $bt build failed (see $out/cmake-$bt.log)"
		done
		# the KVM backend's own tests and benchmark, for --kvm guests (the tests skip
		# themselves elsewhere), and the vfio benchmark for --vfio-device guests
		local t
		for t in test_kvm_fault_classes test_kvm_negative_control test_kvm_stamps bench_kvm bench_vfio; do
			$ok && cmake --build "$out/cmake-$bt" -j"$(nproc)" --target $t \
				>>"$out/cmake-$bt.log" 2>&1 && cp "$out/cmake-$bt/$t" "$out/bin/$t"
		done
		$ok || log "warning: no static svafuzz; the guest has none"
	elif [ "$SVAFUZZ_BIN" = none ]; then
		rm -f "$out/bin/svafuzz"
	else
		cp "$SVAFUZZ_BIN" "$out/bin/svafuzz"
	fi
}

# The arm64 busybox-static .deb, unpacked; prints the binary's path.
busybox_for() {
	local arch=$1 d
	if [ "$arch" = "$(host_arch)" ]; then
		echo /bin/busybox
		return
	fi
	d="$CACHE/busybox-$(deb_arch "$arch")"
	if [ ! -x "$d/bin/busybox" ]; then
		rm -rf "$d" && mkdir -p "$d/deb"
		(cd "$d/deb" && apt-get download "busybox-static:$(deb_arch "$arch")" >&2) ||
			die "cannot download busybox-static:$(deb_arch "$arch")"
		dpkg-deb -x "$d"/deb/*.deb "$d"
	fi
	echo "$d/bin/busybox"
}

# deb_modules KROOT OUT NAME...: the Debian kernel's modules NAME (in load
# order, decompressed) into OUT with OUT/order for the guest's /init.
deb_modules() {
	local kroot=$1 out=$2 m f
	shift 2
	mkdir -p "$out"
	: >"$out/order"
	for m in "$@"; do
		f=$(find "$kroot/root/lib/modules" -name "$m.ko*" | head -n1)
		[ -n "$f" ] || die "no $m module in $kroot"
		case $f in
		*.xz) xz -dc "$f" >"$out/$m.ko" ;;
		*.zst) zstd -qdc "$f" >"$out/$m.ko" ;;
		*) cp "$f" "$out/$m.ko" ;;
		esac
		echo "$m" >>"$out/order"
	done
	echo "$out"
}

# kvm_amd and what it needs, from the Debian kernel in $1 into $2.
kvm_modules() { deb_modules "$1" "$2" irqbypass ccp kvm kvm-amd; }

# vfio_modules KROOT OUT ARCH: vfio with type1 and vfio-pci (irqbypass where
# the kernel has it as a module: amd64's vfio-pci-core needs it). On arm64
# type1 gets allow_unsafe_interrupts=1: virt's GICv2m MSIs are not isolated
# and type1 refuses the group without it (a test guest risks nothing).
vfio_modules() {
	local mods=(vfio vfio_iommu_type1 vfio-pci-core vfio-pci)
	find "$1/root/lib/modules" -name 'irqbypass.ko*' | grep -q . && mods=(irqbypass "${mods[@]}")
	deb_modules "$1" "$2" "${mods[@]}" >/dev/null
	[ "$3" = arm64 ] && sed -i 's/^vfio_iommu_type1$/& allow_unsafe_interrupts=1/' "$2/order"
	echo "$2"
}

# initramfs: busybox, init, module, binaries in $2 (copied to /bin), the
# guest command in file $5 and module parameters in $6; $7 a folder of kvm
# modules with their load order, $8 a modules_install tree (lib/modules/VER)
# for modprobe, then extra .ko files for /lib/modules/extra.
make_initramfs() {
	local out=$1 bindir=$2 ko=$3 arch=$4 cmd=$5 params=$6 kvm=${7:-} mods=${8:-} root
	shift 8 2>/dev/null || shift $#
	root=$(mktemp -d "$CACHE/initrd.XXXXXX")
	mkdir -p "$root"/{bin,sbin,proc,sys,dev,tmp,results,lib/modules,mnt}
	cp "$(busybox_for "$arch")" "$root/bin/busybox"
	local a
	for a in sh mount umount mkdir cat echo sleep insmod rmmod lsmod dmesg tar gzip base64 \
		poweroff reboot modprobe ls rm cp mv ps kill date uname nproc grep sed head tail wc true \
		false env find sync test timeout md5sum free awk dd tee stat seq xargs cut sort uniq \
		basename readlink lspci; do
		ln -sf busybox "$root/bin/$a"
	done
	cp "$SRCDIR/kernel/vm/init.sh" "$root/init"
	chmod +x "$root/init"
	cp "$ko" "$root/lib/modules/svatest.ko"
	if [ -n "$kvm" ]; then
		mkdir -p "$root/lib/modules/kvm"
		cp "$kvm"/*.ko "$kvm/order" "$root/lib/modules/kvm/"
	fi
	[ -n "$mods" ] && cp -a "$mods/lib/modules/." "$root/lib/modules/"
	if [ $# -gt 0 ]; then
		mkdir -p "$root/lib/modules/extra"
		cp "$@" "$root/lib/modules/extra/"
	fi
	cp "$bindir"/* "$root/bin/"
	cp "$cmd" "$root/cmd"
	printf '%s\n' "$params" >"$root/modparams"
	(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$out"
	rm -rf "$root"
}

# ---- Results on the console (the blobs init.sh frames) ----

# split_console OUT: reads the guest's serial console on stdin. Its text
# goes to stderr and OUT/console.log as it comes; each blob's base64 goes
# to OUT/.blobs/KIND-SEQ.b64, and a blob whose end marker came is announced
# on stdout as "KIND SEQ SIZE MD5 FILE" for take_blobs. Inside a blob, a
# line that is not base64 is console text (a kernel message interleaved):
# it is logged, and the blob will fail its md5. Blob lines themselves stay
# out of console.log (snapshots would make it grow without end), their
# markers stay in.
split_console() {
	local out=$1
	mkdir -p "$out/.blobs"
	awk -v dir="$out/.blobs" -v clog="$out/console.log" '
	function text(l) {
		print l >clog; fflush(clog)
		print l >"/dev/stderr"; fflush("/dev/stderr")
	}
	{ sub(/\r+$/, "") }
	/^=====SVATEST-(SNAPSHOT|RESULTS)-BEGIN [0-9]+ [0-9]+ [0-9a-f]+=====$/ {
		if (file != "") close(file)	# a blob cut short: never announced
		s = $0; gsub(/=====/, "", s); split(s, f, " ")
		kind = f[1]; sub(/^SVATEST-/, "", kind); sub(/-BEGIN$/, "", kind)
		seq = f[2]; size = f[3]; sum = f[4]
		file = dir "/" kind "-" seq ".b64"
		printf "" >file
		print >clog; fflush(clog)
		next
	}
	file != "" && $0 == "=====SVATEST-" kind "-END " seq "=====" {
		close(file)
		print kind, seq, size, sum, file; fflush()
		file = ""
		print >clog; fflush(clog)
		next
	}
	file != "" && /^[A-Za-z0-9+\/=]+$/ { print >file; next }
	{ text($0) }'
}

# blob_whole B64 SIZE MD5: decodes B64 into B64.tgz; true when that has the
# size and md5 the guest announced (so it is neither torn nor cut short).
blob_whole() {
	local b64=$1 size=$2 sum=$3
	base64 -d "$b64" >"$b64.tgz" 2>/dev/null &&
		[ "$(stat -c %s "$b64.tgz")" = "$size" ] &&
		[ "$(md5sum <"$b64.tgz" | cut -d' ' -f1)" = "$sum" ]
}

# take_blobs OUT: reads split_console's announcements and unpacks each
# whole blob into OUT as it comes, a snapshot over the one before, the
# final results over the last snapshot; drops the others. At the end
# writes "GOOD TORN LAST-SNAPSHOT-SEQ" to OUT/.blobs/summary, and
# OUT/.blobs/results-ok when the final results came whole.
take_blobs() {
	local out=$1 kind seq size sum file good=0 torn=0 last=none
	while read -r kind seq size sum file; do
		if blob_whole "$file" "$size" "$sum" &&
			tar xzf "$file.tgz" -C "$out" 2>/dev/null; then
			good=$((good + 1))
			case $kind in
			RESULTS) touch "$out/.blobs/results-ok" ;;
			SNAPSHOT) last=$seq ;;
			esac
		else
			torn=$((torn + 1))
			log "$kind blob $seq torn or cut short: not taken"
		fi
		rm -f "$file" "$file.tgz"
	done
	echo "$good $torn $last" >"$out/.blobs/summary"
}

# What an Oops, BUG or panic prints first on x86_64 and arm64 (Debian's
# kernels panic on an Oops: oops=panic), and the sysrq crash line.
DEATH_RE='Kernel panic - not syncing|Oops: |kernel BUG at|BUG: |general protection fault|Internal error: |Unable to handle kernel|sysrq: Trigger a crash'

# death_text CONSOLE: the console from its first death line on; empty when
# there is none.
death_text() {
	awk -v re="$DEATH_RE" '!on && $0 ~ re { on = 1 } on' "$1"
}

# name_running_programs OUT: after a guest death, says for each svafuzz
# run that came back (last snapshot) what was running. svafuzz keeps the
# running program only when the device stopped answering
# (last-program.sva); otherwise run.json's seed and program count say
# where it was: program i's seed derives from the run's seed and i, so a
# run with the same seed and options generates the same programs.
name_running_programs() {
	local out=$1 rj dir seed progs t
	find "$out" -name run.json ! -path '*/findings/*' | sort | while read -r rj; do
		dir=$(dirname "$rj")
		if [ -e "$dir/last-program.sva" ]; then
			log "running program: ${dir#"$out"/}/last-program.sva"
			continue
		fi
		seed=$(sed -n 's/.*"seed": *\([0-9]*\).*/\1/p' "$rj" | head -n1)
		progs=$(sed -n 's/.*"programs": *\([0-9]*\).*/\1/p' "$rj" | head -n1)
		t=$(sed -n 's/.*"duration_s": *\([0-9.]*\).*/\1/p' "$rj" | head -n1)
		log "running: ${dir#"$out"/}: seed ${seed:-?}, ${progs:-?} programs done at ${t:-?} s" \
			"(the last snapshot); the one running at the death was program ${progs:-?} or a" \
			"later one: svafuzz run --seed ${seed:-?} with the same options runs the same programs"
	done
}
