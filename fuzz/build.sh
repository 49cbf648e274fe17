#!/usr/bin/env bash
# Builds every fuzz/fuzz_*.c target the OSS-Fuzz way (also fine by hand):
#   CC, CFLAGS          compiler and flags for everything (sanitizers included)
#   LIB_FUZZING_ENGINE  what links the fuzzing engine (default -fsanitize=fuzzer)
#   OUT                 where targets, dictionaries and seed corpora go
# For each target fuzz_T it writes $OUT/fuzz_T, $OUT/fuzz_T.dict (from
# fuzz/T.dict, if any) and $OUT/fuzz_T_seed_corpus.zip (from fuzz/corpus/T/).
# The core sources (every src/**/*.c but src/cli/main.c) are compiled once
# with $CFLAGS into one private static library: the walls of
# cmake/walls.cmake are CMake's business, not a fuzzing farm's.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
CC=${CC:-clang}
CFLAGS=${CFLAGS:--O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fsanitize=fuzzer-no-link}
LIB_FUZZING_ENGINE=${LIB_FUZZING_ENGINE:--fsanitize=fuzzer}
OUT=${OUT:-$root/build-fuzz-oss}
jobs=${JOBS:-$(nproc)}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$OUT" "$work/gen" "$work/obj"

# version.h, as CMake would generate it
version=$(sed -n 's/^project(svafuzz VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")
rev=$(git -C "$root" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
sed -e "s/@PROJECT_VERSION@/${version:-0}/" -e "s/@SVAFUZZ_GIT@/$rev/" \
    -e "s/@SVAFUZZ_FEATURES@/liburing libnuma inih json-c fuzz/" \
    "$root/src/version.h.in" >"$work/gen/version.h"

# Flags the project always builds with (CMakeLists.txt), minus -Werror:
# a newer compiler's new warning must not stop a fuzzing farm's build.
flags=(-std=gnu11 -Wall -Wextra -Wno-unused-parameter -D_GNU_SOURCE -fno-strict-aliasing -DSVAFUZZ_ASSERT
       -I"$work/gen" -I"$root/kernel/svatest" -I"$root/kernel/svaplant")
while read -r d; do
	flags+=(-I"$d")
done < <(find "$root/src" -type d)
read -r -a cflags <<<"$CFLAGS"
read -r -a engine <<<"$LIB_FUZZING_ENGINE"
libs=(-luring -linih -ljson-c -lnuma -lpthread -lm)
if pkg-config --exists liburing inih json-c 2>/dev/null; then
	read -r -a pc <<<"$(pkg-config --cflags liburing inih json-c)"
	flags+=("${pc[@]}")
fi

core=()
while read -r f; do
	[ "$f" = "$root/src/cli/main.c" ] && continue
	core+=("$f")
done < <(find "$root/src" -name '*.c' | sort)

# compile the core in parallel, one object per source (names made unique by directory)
printf '%s\n' "${core[@]}" | xargs -P "$jobs" -I{} sh -c '
	src=$1; shift
	obj=$(echo "${src#'"$root"'/}" | tr / _).o
	exec "$@" -c "$src" -o "'"$work"'/obj/$obj"' _ {} "$CC" "${cflags[@]}" "${flags[@]}"
ar rcs "$work/libsvafuzz_fuzz.a" "$work"/obj/*.o

for t in "$here"/fuzz_*.c; do
	name=$(basename "$t" .c)
	short=${name#fuzz_}
	echo "build.sh: $name"
	"$CC" "${cflags[@]}" "${flags[@]}" -c "$t" -o "$work/$name.o"
	# the C++ driver of libFuzzer needs a C++ link; OSS-Fuzz sets CXX too
	"${CXX:-$CC}" "${cflags[@]}" "$work/$name.o" "$work/libsvafuzz_fuzz.a" \
		"${engine[@]}" "${libs[@]}" -o "$OUT/$name"
	[ -f "$here/$short.dict" ] && cp "$here/$short.dict" "$OUT/$name.dict"
	if [ -d "$here/corpus/$short" ]; then
		rm -f "$OUT/${name}_seed_corpus.zip"
		(cd "$here/corpus/$short" && zip -q -j "$OUT/${name}_seed_corpus.zip" ./*)
	fi
done
echo "build.sh: targets in $OUT"
