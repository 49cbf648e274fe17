/*
 * Without "# arena N", the arena is 1 + the highest page the trace
 * touches: an mremap move's source pages count, or the oracle would be
 * given a move from a page it does not have.
 */
#include <stdio.h>
#include <string.h>
#include <trace.h>	/* src/oracle/trace.h: tests/unit/trace.h is the oracle tests' helper */
#include "tap.h"

#define MOVE(arg) "{\"t0\":1,\"t1\":2,\"kind\":\"mutation\",\"op\":\"mremap\",\"page\":0,\"npages\":2," \
		  "\"outcome\":\"ok\",\"eff\":{\"backing\":\"keep\",\"prot\":\"keep\",\"obj\":\"move\"," \
		  "\"arg\":" #arg "}}\n"

/* The trace reader on text in memory, named "T". */
static int read_text(const char *text, struct sf_trace *t, char *err, size_t n)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int rc = (sf_trace_init(t), sf_trace_read(f, "T", t, err, n));

	return fclose(f), rc;
}

int main(void)
{
	struct sf_trace t;
	char err[400];

	/* pages 0-1 take the state of pages 5-6: seven pages */
	CHECK_EQ(read_text(MOVE(5), &t, err, sizeof(err)), 0);
	CHECK_EQ(t.pages_used, 7);
	CHECK_EQ(sf_trace_fit(&t, t.pages_used, "T", err, sizeof(err)), 0);
	sf_trace_free(&t);

	/* with a header, a source beyond it is refused naming eff.arg */
	CHECK_EQ(read_text("# arena 4\n" MOVE(3), &t, err, sizeof(err)), -1);
	CHECK(strstr(err, "T:2: page 4 is beyond the arena (# arena 4): \"eff.arg\"") != NULL);
	sf_trace_free(&t);
	return tap_done();
}
