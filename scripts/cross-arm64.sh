#!/usr/bin/env bash
# arm64 cross build (gcc-aarch64-linux-gnu) whose unit tests run under
# qemu-user: arm64 is where our users run svafuzz, so a break there fails CI.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh base cross
cmake -S . -B build-arm64 -DCMAKE_TOOLCHAIN_FILE=cmake/aarch64-linux-gnu.cmake >/dev/null
cmake --build build-arm64 -j"$(nproc)"
file build-arm64/svafuzz | grep -q 'ARM aarch64' || { echo "build-arm64/svafuzz is not an arm64 binary" >&2; exit 1; }
cd build-arm64
ctest --output-on-failure -j2 -L unit "$@"
