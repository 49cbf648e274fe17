#!/usr/bin/env bash
# arm64 cross build (gcc-aarch64-linux-gnu) whose unit tests run under
# qemu-user: arm64 is where our users run svafuzz, so a build break or a
# wrong result there fails CI.
#
# qemu-user emulates user space only: system calls go to this machine's
# x86_64 kernel, and threads that spin on each other crawl. So the tests of
# kernel behaviour (arena, workers, io_uring, KVM, svatest, the live kernel
# log) and the multi-threaded timing tests (collector threads, engine, the
# run monitor; its thread did not even start under qemu-user here) run
# natively in the other stages and in the arm64 VM tests (tests/vm), and
# are listed here as not run, by name.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh base cross
cmake -S . -B build-arm64 -DCMAKE_TOOLCHAIN_FILE=cmake/aarch64-linux-gnu.cmake >/dev/null
cmake --build build-arm64 -j"$(nproc)"
file build-arm64/svafuzz | grep -q 'ARM aarch64' || { echo "build-arm64/svafuzz is not an arm64 binary" >&2; exit 1; }
native='test_(arena|worker|uring|kvm|svatest|engine_batching|engine_watchdog|engine_lost|klog_live|collector_(mt|stamp|pump|full)|run_monitor)'
cd build-arm64
echo "arm64 under qemu-user: not run here (native and VM stages run them):"
ctest -N -L unit -R "$native" | sed -n 's/^ *Test *#[0-9]*: /  /p'
ctest --output-on-failure -j2 -L unit -E "$native" --timeout 300 "$@"
