#!/usr/bin/env bash
# kernel/configs/svafuzz.config is well formed (sections all/x86_64/arm64,
# CONFIG_X=value lines, each block of them under a comment saying why), and
# build-kernel.sh --check-config holds a .config to it per arch: one with
# every line passes, one lacking a line, with =y for =m, or with a line
# "is not set" fails naming the symbol; the other arch's lines are not asked.
set -u
SRC=$2
BK=$SRC/kernel/vm/build-kernel.sh
FRAG=$SRC/kernel/configs/svafuzz.config
fail=0
d=$(mktemp -d); trap 'rm -rf "$d"' EXIT

# Form: every line is blank, a comment, a section or CONFIG_X=value, and a
# block of CONFIG lines starts right after a comment.
awk '
/^$/ { prev = "blank"; next }
/^# \[(all|x86_64|arm64)\]$/ { prev = "section"; next }
/^#/ { prev = "comment"; next }
/^CONFIG_[A-Z0-9_]+=(y|m|n|[0-9]+|"[^"]*")$/ {
	if (prev != "comment" && prev != "config") { print FILENAME ":" NR ": no comment above " $0; bad = 1 }
	prev = "config"; next
}
{ print FILENAME ":" NR ": not a fragment line: " $0; bad = 1 }
END { exit bad }' "$FRAG" || fail=1
for s in all x86_64 arm64; do
	grep -qx "# \[$s\]" "$FRAG" || { echo "no # [$s] section"; fail=1; }
done

# lines_for ARCH: the CONFIG lines build-kernel.sh merges for ARCH
lines_for() {
	awk -v arch="$1" '/^# \[[a-z0-9_]+\]$/ { sec = substr($2, 2, length($2) - 2); next }
	(sec == "all" || sec == arch) && /^CONFIG_/' "$FRAG"
}
# expect NAME RC WORDS ARGS...: exit RC, and each of WORDS (|-separated) in stderr
expect() {
	local name=$1 want=$2 words=$3 err rc w
	shift 3
	err=$(bash "$BK" "$@" 2>&1 >/dev/null); rc=$?
	[ "$rc" = "$want" ] || { echo "$name: exit $rc, want $want: $err"; fail=1; }
	IFS='|' read -ra ws <<<"$words"
	for w in "${ws[@]}"; do
		grep -qF -- "$w" <<<"$err" || { echo "$name: no '$w' in: $err"; fail=1; }
	done
}

for a in x86_64 arm64; do
	lines_for $a >"$d/$a.config"
	[ "$(wc -l <"$d/$a.config")" -gt 40 ] || { echo "$a: only $(wc -l <"$d/$a.config") lines"; fail=1; }
	echo "CONFIG_SOMETHING_ELSE=y" >>"$d/$a.config"
	expect "$a complete" 0 "has every $a line" --arch $a --check-config "$d/$a.config"
done
expect "x86_64 lacks SMMU? not asked" 0 "" --arch x86_64 --check-config "$d/x86_64.config"
expect "arm64 config for x86_64" 1 "CONFIG_INTEL_IOMMU_SVM=y|CONFIG_SERIAL_8250_CONSOLE=y" \
	--arch x86_64 --check-config "$d/arm64.config"
grep -v '^CONFIG_IOMMUFD_TEST=' "$d/x86_64.config" >"$d/no-test.config"
expect "missing line" 1 "CONFIG_IOMMUFD_TEST=y, the .config has nothing" \
	--arch x86_64 --check-config "$d/no-test.config"
sed 's/^CONFIG_TEST_HMM=m$/CONFIG_TEST_HMM=y/' "$d/arm64.config" >"$d/hmm-y.config"
expect "y for m" 1 "CONFIG_TEST_HMM=m, the .config has y" \
	--arch arm64 --check-config "$d/hmm-y.config"
sed 's/^CONFIG_KASAN=y$/# CONFIG_KASAN is not set/' "$d/x86_64.config" >"$d/no-kasan.config"
expect "not set" 1 "CONFIG_KASAN=y, the .config has n" \
	--arch x86_64 --check-config "$d/no-kasan.config"
expect "bad arch" 1 "unsupported --arch sparc" --arch sparc --check-config "$d/x86_64.config"
expect "no file" 1 "no such readable file" --check-config "$d/nothing.config"
expect "no value" 1 "--check-config needs a .config file" --check-config
expect "bad jobs" 1 "whole number above 0" --jobs x
expect "not a tree" 1 "is not a kernel tree" --kernel-src "$d"
[ $fail = 0 ] && echo "PASS"
exit $fail
