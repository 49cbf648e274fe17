#include "tap.h"

int tap_pass, tap_fail;

void tap_check(int ok, const char *expr, const char *file, int line)
{
	if (ok) {
		tap_pass++;
		return;
	}
	tap_fail++;
	fprintf(stderr, "FAIL %s:%d: %s\n", file, line, expr);
}

int tap_done(void)
{
	printf("%d passed, %d failed\n", tap_pass, tap_fail);
	return tap_fail ? 1 : 0;
}
