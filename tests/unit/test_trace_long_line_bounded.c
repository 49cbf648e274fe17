/*
 * An endless trace line is cut off at the line limit, with an error naming
 * the line: the reader neither grows a buffer after it (under a memory
 * limit that once ended in ENOMEM, taken for the end of the trace: a
 * silent, false clean) nor reads much past it.
 */
#include <stdio.h>
#include <string.h>
#include "input_file.h"
#include <trace.h>	/* src/oracle/trace.h: tests/unit/trace.h is the oracle tests' helper */
#include "tap.h"

#define EV "{\"t0\":1,\"t1\":2,\"kind\":\"mark\",\"op\":\"barrier\"}\n"

/* One good line, then 8 MiB of 'x' (endless enough); counts what was read. */
struct src {
	size_t pos;
};

static ssize_t src_read(void *cookie, char *buf, size_t size)
{
	struct src *s = cookie;

	if (s->pos >= (8u << 20))
		return 0;
	for (size_t i = 0; i < size; i++, s->pos++)
		buf[i] = s->pos < strlen(EV) ? EV[s->pos] : 'x';
	return (ssize_t)size;
}

int main(void)
{
	struct src s = { 0 };
	cookie_io_functions_t io = { .read = src_read };
	FILE *f = fopencookie(&s, "r", io);
	struct sf_trace t;
	char err[300];

	sf_trace_init(&t);
	CHECK_EQ(sf_trace_read(f, "T", &t, err, sizeof(err)), -1);
	CHECK(!strcmp(err, "T:2: line is longer than 65536 bytes, the limit for a trace"));
	/* the limit and one stdio buffer, at most */
	CHECK(s.pos < SF_TRACE_MAX_LINE + 64 * 1024);
	sf_trace_free(&t);
	fclose(f);
	return tap_done();
}
