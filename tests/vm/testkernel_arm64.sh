#!/bin/bash
# As testkernel_x86_64.sh, on the arm64 test kernel (SMMUv3 rules).
ARCH=arm64 exec bash "$(dirname "$0")/testkernel_x86_64.sh" "$@"
