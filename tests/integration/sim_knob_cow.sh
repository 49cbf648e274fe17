#!/bin/bash
# The sim with bug knob stale-after-cow: a 20 s run exits 2 with a finding of its class.
BIN=$1 SRC=$2
source "$SRC/tests/integration/lib/sim_common.bash"
expect_class stale-after-cow 1 '^(.* )?(LOST_WRITE|STALE_READ|STALE_WRITE)( |$)'
echo PASS
