#!/bin/bash
# The sim with bug knob range-end-off-by-one: a 20 s run exits 2 with a finding of its class.
BIN=$1 SRC=$2
source "$SRC/tests/integration/lib/sim_common.bash"
expect_class range-end-off-by-one 1 '^(.* )?(STALE_WRITE|STALE_READ)( |$)'
echo PASS
