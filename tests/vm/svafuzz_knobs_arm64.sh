#!/bin/bash
# As svafuzz_knobs_x86_64.sh, in the arm64 guest (SMMUv3 rules).
ARCH=arm64 exec bash "$(dirname "$0")/svafuzz_knobs_x86_64.sh" "$@"
