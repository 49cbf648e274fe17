#!/bin/bash
# The sim with bug knob no-upgrade-inval: a 20 s run exits 2 with a finding of its class.
BIN=$1 SRC=$2
source "$SRC/tests/integration/lib/sim_common.bash"
expect_class no-upgrade-inval 1 '^(.* )?(FAULT_LOOP|SPURIOUS_FAULT)( |$)'
echo PASS
