# Shared by tests/vm/*.sh (sourced; not a test itself: it is not *.sh).
# Each test boots a Debian 6.12 guest through kernel/vm/run-vm.sh, which
# downloads the kernel and installs its tools on first use.

skip() { echo "skipped: $*"; exit 77; }

# skip_if_tcg_rflags FILE...: a register frame in the guest's log whose
# RFLAGS has reserved bits 22-31 set is a state no x86 CPU can be in, so
# QEMU's TCG was wrong at that moment and the run judges nothing about
# svafuzz (docs/triage.md, 2026-12-07: three such frames, one of them a
# memcpy that ran backwards with DF set). Skips, saying so and showing it.
skip_if_tcg_rflags() {
	local f bad=
	for f in "$@"; do
		[ -f "$f" ] || continue
		python3 - "$f" <<'PY' && bad=$f && break
import re, sys
flags = [int(m, 16) for m in re.findall(r"EFLAGS: ([0-9a-f]+)", open(sys.argv[1], errors="replace").read())]
sys.exit(0 if any(f & 0xffc00000 for f in flags) else 1)
PY
	done
	[ -n "$bad" ] || return 0
	grep -m3 -E "EFLAGS|WARNING|BUG" "$bad"
	skip "the emulated CPU gave the guest an impossible RFLAGS (reserved bits 22-31 set): a QEMU TCG defect, this run says nothing about svafuzz (exit ${RC:-?})"
}
fail() { echo "FAIL: $*"; exit 1; }

vm_setup() {
	SRC=$(cd "$2" && pwd)
	RUNVM=$SRC/kernel/vm/run-vm.sh
	[ -n "${SVAFUZZ_VM_SKIP:-}" ] && skip "SVAFUZZ_VM_SKIP is set"
	[ "$(id -u)" = 0 ] || skip "needs root (apt-get, dpkg) to fetch kernels and tools"
	command -v apt-cache >/dev/null || skip "not a Debian system (no apt-cache)"
	# shellcheck source=../../kernel/vm/lib.sh
	. "$SRC/kernel/vm/lib.sh"
	[ -n "$(resolve_kver cloud-amd64 6.12)" ] ||
		skip "no Debian 6.12 kernel packages known to apt (apt-get update, bookworm-security)"
	OUT=$(mktemp -d /tmp/svafuzz-vm.XXXXXX)
}

# run_guest ARCH TIMEOUT 'guest command' [run-vm options...]: sets RC
run_guest() {
	local arch=$1 tmo=$2 cmd=$3
	shift 3
	bash "$RUNVM" --arch "$arch" --timeout "$tmo" --out "$OUT" --cmd "$cmd" "$@"
	RC=$?
	[ "$RC" = 125 ] && fail "harness error (see $OUT/console.log)"
	[ "$RC" = 124 ] && fail "guest timed out after $tmo s"
	skip_if_tcg_rflags "$OUT/dmesg.txt" "$OUT/guest-panic.txt"
	return 0
}

# json_get FILE PYTHON-EXPR (j = the parsed run.json)
json_get() {
	python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

# The svafuzz under test, when it can run in the guest (static, same arch).
# SVAFUZZ_STATIC_X86_64 / SVAFUZZ_STATIC_ARM64 name prebuilt ones; else
# run-vm.sh builds one from the source tree.
static_svafuzz_opt() {
	local bin=$1 arch=$2 want
	want=$([ "$arch" = x86_64 ] && echo x86-64 || echo aarch64)
	if [ "$arch" = x86_64 ] && [ -n "${SVAFUZZ_STATIC_X86_64:-}" ]; then
		bin=$SVAFUZZ_STATIC_X86_64
	elif [ "$arch" = arm64 ] && [ -n "${SVAFUZZ_STATIC_ARM64:-}" ]; then
		bin=$SVAFUZZ_STATIC_ARM64
	fi
	if [ -x "$bin" ] && file -L "$bin" | grep -q "statically linked" &&
		file -L "$bin" | grep -q "$want"; then
		echo "--svafuzz $bin"
	fi
}

# Open findings of docs/triage.md, by signature, that a real arm64 kernel
# raises under SMMUv3 rules until they are explained.
KNOWN_OPEN_ARM64="FAULT_LOOP/dev-write/fork/svatest"

# expect_clean RUN.JSON RC 'KNOWN SIGNATURES' LABEL: no finding and exit 0,
# or only known open findings (reported, never counted as a pass for
# anything else) and exit 2.
expect_clean() {
	local rj=$1 rc=$2 known=$3 label=$4 sigs s
	if ! check_findings "$rj" '.'; then
		[ "$rc" = 0 ] || fail "${label}svafuzz exit $rc"
		return 0
	fi
	# each cause's signature (VERDICT/access/CAUSE/backend), not the family's
	sigs=$(json_get "$rj" "' '.join(sorted(set(c['signature'] for f in j['findings'] for c in f.get('causes', [f]))))")
	for s in $sigs; do
		case " $known " in
		*" $s "*) ;;
		*) fail "${label}findings on a correct kernel and module: $s" ;;
		esac
	done
	echo "  known open finding(s), docs/triage.md: $sigs"
	[ "$rc" = 2 ] || fail "${label}svafuzz exit $rc with only known findings, want 2"
}

# check_findings RUN.JSON 'REGEX of verdicts': prints the first finding.
check_findings() {
	local rj=$1 want=$2 v t
	v=$(json_get "$rj" "' '.join(f['verdict'] for f in j['findings'])")
	t=$(json_get "$rj" "min([f['t_first_s'] for f in j['findings']] or [-1])")
	echo "  findings: ${v:-none}; first after ${t} s"
	echo "$v" | grep -qE "$want"
}

# Programs are kept short (--ops-per-program): under TCG a default-sized
# program can outlive svafuzz's per-program bound (30 s).

# need_test_kernel ARCH: sets TK_DIR to the built test kernel of ARCH
# (kernel/vm/build-kernel.sh), or skips saying how to build it.
need_test_kernel() {
	TK_DIR=$(bash "$SRC/kernel/vm/build-kernel.sh" --arch "$1" --print-dir 2>/dev/null) ||
		skip "the $1 test kernel is not built: kernel/vm/build-kernel.sh --arch $1 (docs/testkernel.md gives its build time)"
}

# knob_verdicts ARCH: the verdicts a stale-translation bug knob may be found
# as: a stale access, a lost write or a missed invalidation; with SMMUv3
# rules (arm64) also a fault loop, since a lost or late upgrade
# invalidation leaves a read-only entry that the device keeps retrying.
knob_verdicts() {
	local want="STALE_WRITE|STALE_READ|LOST_WRITE|LOST_INVAL"
	[ "$1" = arm64 ] && want+="|FAULT_LOOP|SPURIOUS_FAULT"
	echo "$want"
}

# kvm_expect_clean RUN.JSON: a kvm backend run on a real kernel (exit in
# $RC) found nothing, exited 0, and judged accesses, saw faults, changed
# memslots and fetched dirty logs (each above zero).
kvm_expect_clean() {
	local rj=$1 judged faults slots dirty
	check_findings "$rj" '.' && fail "findings on the real kernel"
	[ "$RC" = 0 ] || fail "svafuzz exit $RC"
	judged=$(json_get "$rj" "j['accesses_judged']")
	faults=$(json_get "$rj" "j['faults_seen']")
	slots=$(json_get "$rj" "j['counts']['slot-add'] + j['counts']['slot-del'] + j['counts']['slot-flags']")
	dirty=$(json_get "$rj" "j['counts']['dirty-check']")
	echo "  judged $judged (decisive share $(json_get "$rj" "j['decisive_share']")), faults $faults,"
	echo "  memslot changes $slots, dirty-log fetches $dirty"
	[ "$judged" -gt 0 ] && [ "$faults" -gt 0 ] && [ "$slots" -gt 0 ] && [ "$dirty" -gt 0 ] ||
		fail "a figure that must be above zero is not"
}
