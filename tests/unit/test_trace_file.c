/*
 * Trace files: comments and headers, "NAME:LINE: why" for the first bad
 * line, page bounds against "# arena N", and the stable t0 sort.
 */
#include <stdio.h>
#include <string.h>
#include <trace.h>	/* src/oracle/trace.h: tests/unit/trace.h is the oracle tests' helper */
#include "tap.h"

#define EV(t0, t1, page) "{\"t0\":" #t0 ",\"t1\":" #t1 ",\"kind\":\"access\",\"op\":\"dev-read\"," \
			 "\"page\":" #page ",\"word\":0,\"outcome\":\"ok\",\"value\":\"0x0\"}\n"

static int read_text(const char *text, struct sf_trace *t, char *err, size_t n)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int rc;

	sf_trace_init(t);
	rc = sf_trace_read(f, "T", t, err, n);
	fclose(f);
	return rc;
}

int main(void)
{
	struct sf_trace t;
	char err[400];

	/* headers, comments, blank lines; pages_used = 1 + highest page */
	CHECK_EQ(read_text("# arena 16\n# semantics pinned\n# a comment\n\n" EV(10, 20, 3) EV(30, 40, 7),
			   &t, err, sizeof(err)), 0);
	CHECK_EQ(t.n, 2);
	CHECK_EQ(t.arena_pages, 16);
	CHECK_EQ(t.sem, SF_SEM_PINNED);
	CHECK_EQ(t.pages_used, 8);
	CHECK_EQ(t.line[0], 5);
	CHECK_EQ(t.line[1], 6);
	CHECK_EQ(sf_trace_sort(&t), 0);		/* already in order */
	sf_trace_free(&t);

	/* no headers: no arena, semantics unset */
	CHECK_EQ(read_text(EV(1, 2, 0), &t, err, sizeof(err)), 0);
	CHECK_EQ(t.arena_pages, 0);
	CHECK_EQ(t.sem, -1);
	sf_trace_free(&t);

	/* the first bad line is named, counting comment and blank lines */
	CHECK_EQ(read_text("# x\n" EV(1, 2, 0) "\n{\"t0\":1\n" EV(3, 4, 0), &t, err, sizeof(err)), -1);
	CHECK(!strncmp(err, "T:4: not JSON", 13));
	sf_trace_free(&t);

	/* a page beyond the declared arena */
	CHECK_EQ(read_text("# arena 4\n" EV(1, 2, 3) EV(3, 4, 4), &t, err, sizeof(err)), -1);
	CHECK(strstr(err, "T:3: page 4 is beyond the arena") != NULL);
	sf_trace_free(&t);

	/* bad headers, and headers after events */
	CHECK_EQ(read_text("# arena 0\n", &t, err, sizeof(err)), -1);
	CHECK(!strncmp(err, "T:1: ", 5));
	sf_trace_free(&t);
	CHECK_EQ(read_text("# semantics weird\n", &t, err, sizeof(err)), -1);
	CHECK(!strncmp(err, "T:1: ", 5));
	sf_trace_free(&t);
	CHECK_EQ(read_text(EV(1, 2, 0) "# arena 8\n", &t, err, sizeof(err)), -1);
	CHECK(strstr(err, "T:2: headers go before") != NULL);
	sf_trace_free(&t);

	/* out of order: sorted by t0, stable for equal t0, lines follow their events */
	CHECK_EQ(read_text(EV(50, 60, 1) EV(10, 20, 2) EV(50, 55, 3) EV(10, 11, 4) EV(5, 6, 5),
			   &t, err, sizeof(err)), 0);
	CHECK_EQ(sf_trace_sort(&t), 3);		/* three steps back in t0 */
	CHECK_EQ(t.ev[0].t0, 5);
	CHECK_EQ(t.line[0], 5);
	CHECK_EQ(t.ev[1].page, 2);		/* t0 10, first of the two */
	CHECK_EQ(t.line[1], 2);
	CHECK_EQ(t.ev[2].page, 4);
	CHECK_EQ(t.ev[3].page, 1);		/* t0 50, first of the two */
	CHECK_EQ(t.ev[4].page, 3);
	CHECK_EQ(t.line[4], 3);
	for (size_t i = 1; i < t.n; i++)
		CHECK(t.ev[i - 1].t0 <= t.ev[i].t0);
	sf_trace_free(&t);

	/* a missing file */
	sf_trace_init(&t);
	CHECK_EQ(sf_trace_load("/nonexistent/trace.jsonl", &t, err, sizeof(err)), -1);
	CHECK(strstr(err, "cannot open") != NULL);
	sf_trace_free(&t);
	return tap_done();
}
