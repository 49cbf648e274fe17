/*
 * A read error in the middle of a trace (EIO, or ENOMEM under a memory
 * limit) is an error naming the trace and the line, never taken for the
 * end of the file: an early end would judge half a trace and could say
 * "clean" when it is not.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <trace.h>	/* src/oracle/trace.h: tests/unit/trace.h is the oracle tests' helper */
#include "tap.h"

#define EV "{\"t0\":1,\"t1\":2,\"kind\":\"access\",\"op\":\"dev-read\",\"page\":0,\"word\":0," \
	   "\"outcome\":\"ok\",\"value\":\"0x0\"}\n"

/* A stream that gives two good lines, then fails with errno `fail_with`. */
struct src {
	const char *text;
	size_t pos, len;
	int fail_with;
};

static ssize_t src_read(void *cookie, char *buf, size_t size)
{
	struct src *s = cookie;
	size_t n = s->len - s->pos < size ? s->len - s->pos : size;

	if (!n) {
		errno = s->fail_with;
		return -1;
	}
	memcpy(buf, s->text + s->pos, n);
	s->pos += n;
	return (ssize_t)n;
}

static void check_error(int fail_with)
{
	struct src s = { EV EV, 0, 2 * strlen(EV), fail_with };
	cookie_io_functions_t io = { .read = src_read };
	FILE *f = fopencookie(&s, "r", io);
	struct sf_trace t;
	char err[300], want[200];

	sf_trace_init(&t);
	CHECK_EQ(sf_trace_read(f, "T", &t, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "T:3: read error: %s", strerror(fail_with));
	if (strcmp(err, want))
		fprintf(stderr, "  got \"%s\", want \"%s\"\n", err, want);
	CHECK(!strcmp(err, want));
	sf_trace_free(&t);
	fclose(f);
}

int main(void)
{
	check_error(EIO);
	check_error(ENOMEM);
	return tap_done();
}
