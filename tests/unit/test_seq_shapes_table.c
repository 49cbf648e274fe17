/*
 * The table of argument shapes (src/seq/seq_shape.h) checked op by op, as
 * test_backend_table.c checks the backends: every op's shape has its
 * checker, parser, printer and decoder; a shape with a page range gives
 * the minimizer set_range, span and shift; and, through the shape alone,
 * every op round-trips: fuzz bytes decode to a valid program of that op,
 * print(parse(print(p))) == print(p), the minimizer's span covers the
 * op's own range and shifting by its start brings it to page 0, and an op
 * line cut after its verb fails at the end of the line naming the op. So
 * a new op of an existing shape is covered by adding its SF_OP_LIST line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "seq.h"
#include "seq_shape.h"
#include "tap.h"

static void check_entry(unsigned op)
{
	const struct sf_shape_ops *sh = sf_shape_of(op);

	CHECK(sh != NULL);
	if (!sh)
		return;
	CHECK(sh->check && sh->parse && sh->print && sh->decode);
	/* a range the checker checks is a range the minimizer can shrink */
	CHECK((sh->range != SF_RANGE_NONE) == (sh->set_range != NULL));
	if (sh->set_range)
		CHECK(sh->span != NULL);
	CHECK(!sh->span == !sh->shift);
}

/* One op's program from fuzz bytes; its text must parse back to the same text. */
static void check_round_trip(unsigned op)
{
	static const uint8_t bytes[] = { 0, 1, 7, 200, 33, 5, 99, 250, 17, 3, 0x41, 0x90, 2, 8, 64,
					 1, 0, 9, 77, 12, 240, 6, 0, 31 };
	struct sf_gen_params p = { .arena_pages = 48, .nthreads = 3, .nops = 6,
				   .allowed_ops = 1ull << op };
	const struct sf_shape_ops *sh = sf_shape_of(op);
	struct sf_seq s, back;
	struct sf_seq_err err;
	char *text, *text2;

	sf_seq_decode(&s, bytes, sizeof(bytes), &p);
	CHECK(s.nops > 0);
	CHECK_EQ(sf_seq_validate(&s, &err), 0);
	text = sf_seq_print(&s);
	CHECK(text != NULL);
	CHECK_EQ(sf_seq_parse(text, strlen(text), &back, &err), 0);
	text2 = sf_seq_print(&back);
	CHECK(text2 && !strcmp(text, text2));
	for (size_t i = 0; sh->span && i < s.nops; i++) {
		struct sf_seq_op o = s.ops[i];
		uint32_t lo, end, lo2, end2;

		sh->span(&o, &lo, &end);
		CHECK(lo <= o.page && o.page + o.npages <= end && end <= s.arena_pages);
		sh->shift(&o, lo);
		sh->span(&o, &lo2, &end2);
		CHECK_EQ(lo2, 0);
		CHECK_EQ(end2, end - lo);
	}
	free(text);
	free(text2);
	sf_seq_free(&back);
	sf_seq_free(&s);
}

/* "0 VERB" alone: no shape but compact's accepts it; the others say what is missing, at its end. */
static void check_missing(unsigned op)
{
	char text[160];
	struct sf_seq s;
	struct sf_seq_err err;
	int n = snprintf(text, sizeof(text), "svafuzz-sequence 1\narena 8\nthreads 1\nseed 1\n0 %s",
			 sf_op_name(op));
	int rc = sf_seq_parse(text, (size_t)n, &s, &err);

	if (sf_seq_shape(op) == SF_SH_NONE) {
		CHECK_EQ(rc, 0);
		sf_seq_free(&s);
		return;
	}
	CHECK_EQ(rc, -1);
	CHECK_EQ(err.line, 5);
	CHECK_EQ(err.col, 3 + strlen(sf_op_name(op)));
	CHECK(strstr(err.msg, "missing") != NULL);
	if (strncmp(err.msg, sf_op_name(op), strlen(sf_op_name(op))))
		fprintf(stderr, "  %s: %s\n", sf_op_name(op), err.msg);
	CHECK(!strncmp(err.msg, sf_op_name(op), strlen(sf_op_name(op))));
}

int main(void)
{
	for (unsigned op = 0; op < SF_OP__COUNT; op++) {
		check_entry(op);
		check_round_trip(op);
		check_missing(op);
	}
	return tap_done();
}
