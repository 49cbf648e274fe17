/*
 * KTAP version 1 (the kernel's Documentation/dev-tools/ktap.rst) of run
 * folders: one subtest per folder named svafuzz.BACKEND, in it one test
 * per check (checks.h), a skipped check "ok N NAME # SKIP reason". What
 * kselftest runners and KernelCI parse from a board's output.
 */
#ifndef SF_KTAP_H
#define SF_KTAP_H
#include <stddef.h>
#include <stdio.h>

/*
 * Writes the KTAP of the folders to f. A folder whose run.json cannot be
 * read is a "not ok N DIR # ERROR why" test, said on diag too (NULL: not),
 * and counted: returns how many.
 */
unsigned sf_ktap_write(FILE *f, char *const *dirs, size_t n, FILE *diag);
#endif
