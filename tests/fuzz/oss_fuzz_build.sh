#!/bin/bash
# The OSS-Fuzz project files (fuzz/oss-fuzz/) hold together, and fuzz/build.sh
# builds every target with the variables OSS-Fuzz's base-builder sets for
# libFuzzer + ASan; each target then runs its seed corpus and 200 inputs.
set -uo pipefail
SRC=$(cd "${2:?usage: oss_fuzz_build.sh SVAFUZZ SRCDIR}" && pwd)
O=$SRC/fuzz/oss-fuzz
W=$(mktemp -d /tmp/svafuzz-ossfuzz.XXXXXX)
trap 'rm -rf "$W"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
command -v clang >/dev/null || { echo "skipped: no clang"; exit 77; }
python3 -c 'import yaml' 2>/dev/null || { echo "skipped: python3-yaml missing (scripts/install-deps.sh farm)"; exit 77; }

python3 - "$O/project.yaml" <<'PY' || fail "project.yaml (above)"
import sys, yaml
p = yaml.safe_load(open(sys.argv[1]))
for k in ("homepage", "main_repo", "language", "primary_contact", "fuzzing_engines", "sanitizers"):
    assert k in p, f"project.yaml: no '{k}'"
assert p["language"] == "c", "project.yaml: language is not c"
assert "libfuzzer" in p["fuzzing_engines"], "project.yaml: no libfuzzer engine"
assert set(p["sanitizers"]) <= {"address", "undefined", "memory"}, "project.yaml: unknown sanitizer"
PY
grep -q '^FROM gcr.io/oss-fuzz-base/base-builder' "$O/Dockerfile" || fail "Dockerfile: not on base-builder"
grep -q '^COPY build.sh \$SRC/' "$O/Dockerfile" || fail "Dockerfile: build.sh not copied to \$SRC"
bash -n "$O/build.sh" || fail "build.sh: syntax"

# OSS-Fuzz's base-builder environment for libfuzzer + address
mkdir -p "$W/src" "$W/out"
ln -s "$SRC" "$W/src/svafuzz"
export SRC_SAVED=$SRC SRC=$W/src OUT=$W/out CC=clang CXX=clang++ \
	CFLAGS="-O1 -fno-omit-frame-pointer -gline-tables-only -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION -fsanitize=address -fsanitize-address-use-after-scope -fsanitize=fuzzer-no-link" \
	LIB_FUZZING_ENGINE=-fsanitize=fuzzer JOBS=2
command -v clang++ >/dev/null || export CXX=clang
bash "$O/build.sh" >"$W/build.log" 2>&1 || { tail -n 20 "$W/build.log"; fail "build.sh failed"; }
n=0
for t in "$SRC_SAVED"/fuzz/fuzz_*.c; do
	name=$(basename "$t" .c)
	[ -x "$OUT/$name" ] || fail "$name: not built"
	mkdir -p "$W/corpus-$name"
	[ -f "$OUT/${name}_seed_corpus.zip" ] && unzip -q -o "$OUT/${name}_seed_corpus.zip" -d "$W/corpus-$name"
	"$OUT/$name" -runs=200 -seed=1 "$W/corpus-$name" >"$W/$name.log" 2>&1 ||
		{ tail -n 20 "$W/$name.log"; fail "$name: crashed or failed on its corpus"; }
	n=$((n + 1))
done
[ "$n" -gt 0 ] || fail "no fuzz target"
echo "PASS: $n targets built the OSS-Fuzz way and ran their seed corpus"
