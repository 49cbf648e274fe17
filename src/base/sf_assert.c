/* The failure of an SF_ASSERT: say which invariant broke, then abort (a core, a fuzzer crash). */
#include <stdio.h>
#include <stdlib.h>
#include "sf_assert.h"

void sf_assert_fail(const char *cond, const char *file, int line, const char *func)
{
	fprintf(stderr, "svafuzz: invariant broken: %s (%s:%d, %s)\n", cond, file, line, func);
	fflush(stderr);
	abort();
}
