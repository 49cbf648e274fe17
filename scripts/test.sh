#!/usr/bin/env bash
# The whole test suite, the way CI runs it: installs what is missing,
# builds with clang (libFuzzer targets included) in build-test/, and runs
# every ctest label: unit, integration, fuzz, vm.
#   scripts/test.sh            everything
#   scripts/test.sh --asan     unit + integration again under ASan+UBSan (gcc)
#   scripts/test.sh -L unit    any extra arguments go to ctest
#   scripts/test.sh -L soak    the hour-long soak checks (not in the default run)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = --asan ]; then
	shift
	scripts/install-deps.sh base
	dir=build-asan
	cfg=(-DCMAKE_C_COMPILER=gcc -DCMAKE_BUILD_TYPE=Debug -DSVAFUZZ_SANITIZE=ON)
	set -- -L 'unit|integration' "$@"
	# leak detection is ASan's default here; a test may opt out in its own
	# __asan_default_options (saying why), which an exported ASAN_OPTIONS would override
	export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
else
	scripts/install-deps.sh base fuzz vm farm
	dir=build-test
	cfg=(-DCMAKE_C_COMPILER=clang -DSVAFUZZ_FUZZ=ON)
	[ $# -gt 0 ] || set -- -LE soak
fi

cmake -S . -B "$dir" "${cfg[@]}" >/dev/null
cmake --build "$dir" -j"$(nproc)"
cd "$dir"
ctest --output-on-failure -j2 "$@"
