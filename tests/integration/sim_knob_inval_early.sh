#!/bin/bash
# The sim with bug knob inval-before-pte-change: a 20 s run exits 2 with a finding of its class.
BIN=$1 SRC=$2
source "$SRC/tests/integration/lib/sim_common.bash"
expect_class inval-before-pte-change 1 '^(.* )?(STALE_WRITE|STALE_READ)( |$)'
echo PASS
