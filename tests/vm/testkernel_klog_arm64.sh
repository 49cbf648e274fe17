#!/bin/bash
# As testkernel_klog_x86_64.sh, on the arm64 test kernel.
ARCH=arm64 exec bash "$(dirname "$0")/testkernel_klog_x86_64.sh" "$@"
