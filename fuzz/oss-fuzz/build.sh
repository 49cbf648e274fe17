#!/bin/bash -eu
# OSS-Fuzz's entry point (projects/svafuzz/build.sh): the tree's own
# fuzz/build.sh takes $CC $CFLAGS $CXX $LIB_FUZZING_ENGINE $OUT as set.
"$SRC/svafuzz/fuzz/build.sh"
