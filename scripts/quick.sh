#!/usr/bin/env bash
# svafuzz's main job: installs what is missing, builds in build/, then runs
# the quick profile (60 s on the best backend this machine has; results
# in results/latest). Extra arguments go to `svafuzz run`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh base
cmake -S . -B build >/dev/null
cmake --build build -j"$(nproc)"
exec build/svafuzz run --config configs/quick.conf "$@"
