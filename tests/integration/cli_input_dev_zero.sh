#!/usr/bin/env bash
# /dev/zero (no newline, no end) given as a job file, a sequence or a trace,
# or as a trace on stdin, exits 1 at once with a message naming it: never
# memory growing for ever.
set -u
B=$1
source "$(dirname "$0")/lib/expect_error.bash"
expect_error "/dev/zero: is a character device, not a job file" run --config /dev/zero --dry-run
expect_error "/dev/zero: is a character device, not a sequence file" replay /dev/zero
expect_error "/dev/zero: is a character device, not a sequence file" minimize /dev/zero
expect_error "/dev/zero: is a character device, not a trace" check /dev/zero
expect_error "-:1: line is longer than 65536 bytes, the limit for a trace" check - </dev/zero
[ $fail = 0 ] && echo "ok"
exit $fail
