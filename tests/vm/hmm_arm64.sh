#!/bin/bash
# As hmm_x86_64.sh, on the arm64 test kernel (TCG, slower).
ARCH=arm64 exec bash "$(dirname "$0")/hmm_x86_64.sh" "$@"
