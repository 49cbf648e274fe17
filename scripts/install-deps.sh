#!/usr/bin/env bash
# Installs what svafuzz needs from Debian's archive, and nothing that is
# already there (quick when everything is installed). Groups:
#   base  (default)  build + run: cmake, compilers, liburing, libnuma, inih, json-c
#   fuzz             clang + libFuzzer runtime
#   cross            arm64 cross compiler, :arm64 libraries, qemu-user
#   vm               QEMU system emulators and what the VM harness needs
#   farm             what the farm tests check with (docs/farm.md): python3-jsonschema
#                    and python3-rfc3987 (KCIDB schema, URL formats), python3-yaml and
#                    lava-common (LAVA's own job and test-definition schemas)
#   testkernel       Debian's 6.12 kernel source and what building it needs
#                    (kernel/vm/build-kernel.sh; also installs them itself)
#   bench            bench/all.sh's peer (stress-ng) and the profiler (perf), docs/perf.md
# Usage: scripts/install-deps.sh [base] [fuzz] [cross] [vm] [farm] [testkernel] [bench]
set -euo pipefail

declare -A GROUP
GROUP[base]="build-essential cmake pkg-config git python3 liburing-dev libnuma-dev libinih-dev libjson-c-dev"
GROUP[fuzz]="clang libclang-rt-14-dev"
GROUP[cross]="file gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user liburing-dev:arm64 libnuma-dev:arm64 libinih-dev:arm64 libjson-c-dev:arm64"
GROUP[farm]="python3-jsonschema python3-rfc3987 python3-yaml lava-common"
GROUP[testkernel]="linux-source-6.12 make gcc bc flex bison perl xz-utils cpio kmod libelf-dev libssl-dev gcc-aarch64-linux-gnu"
GROUP[bench]="stress-ng linux-perf"
GROUP[vm]="qemu-system-x86 qemu-system-arm busybox-static cpio dwarves kmod xz-utils zstd gcc-aarch64-linux-gnu libc6-dev-arm64-cross bc flex bison libelf-dev libssl-dev"

groups=("$@")
[ ${#groups[@]} -gt 0 ] || groups=(base)

if [ "$(id -u)" != 0 ]; then
	SUDO=sudo
else
	SUDO=
fi

missing=()
need_arm64=0
for g in "${groups[@]}"; do
	[ -n "${GROUP[$g]:-}" ] || { echo "install-deps: unknown group '$g' (base fuzz cross vm farm testkernel bench)" >&2; exit 1; }
	for p in ${GROUP[$g]}; do
		case $p in *:arm64) need_arm64=1 ;; esac
		if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
			missing+=("$p")
		fi
	done
done
# nothing to do prints nothing: quick.sh calls this on every run
[ ${#missing[@]} -eq 0 ] && exit 0

# apt's progress goes to a log, shown only if something fails
log=$(mktemp "${TMPDIR:-/tmp}/svafuzz-install-deps.XXXXXX")
apt_step() {
	if ! $SUDO "$@" >>"$log" 2>&1; then
		echo "failed: $*; its output ($log):"
		cat "$log"
		exit 1
	fi
}

printf 'install-deps: installing %s... ' "${missing[*]}"
start=$SECONDS
if [ $need_arm64 = 1 ] && ! dpkg --print-foreign-architectures | grep -qx arm64; then
	apt_step dpkg --add-architecture arm64
fi
export DEBIAN_FRONTEND=noninteractive
apt_step apt-get update -q
apt_step apt-get install -y -q --no-install-recommends "${missing[@]}"
echo "done in $((SECONDS - start)) s"
rm -f "$log"
