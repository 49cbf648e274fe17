/*
 * Minimal test helper: CHECK() records a failure with file:line and goes
 * on; tap_done() prints "N passed, M failed" and returns the exit code.
 */
#ifndef SF_TAP_H
#define SF_TAP_H
#include <stdio.h>

extern int tap_pass, tap_fail;
void tap_check(int ok, const char *expr, const char *file, int line);
int tap_done(void);

#define CHECK(e) tap_check(!!(e), #e, __FILE__, __LINE__)
#define CHECK_EQ(a, b)                                                        \
	do {                                                                  \
		long long _a = (long long)(a), _b = (long long)(b);           \
		if (_a != _b)                                                 \
			fprintf(stderr, "  %s = %lld, %s = %lld\n", #a, _a, #b, _b); \
		tap_check(_a == _b, #a " == " #b, __FILE__, __LINE__);        \
	} while (0)
#endif
