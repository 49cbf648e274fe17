/*
 * max_calls bounds the predicate calls: with a budget of 8 the
 * minimisation stops early, says so, and still returns a program that
 * reproduced (smaller than the input, not necessarily minimal).
 */
#include "minimize.h"
#include "tap.h"

struct ctx {
	unsigned calls;
};

/* Reproduces iff some cpu-read of page 3 is left. */
static int needs_read3(const struct sf_seq *s, void *arg)
{
	struct ctx *c = arg;

	c->calls++;
	for (size_t i = 0; i < s->nops; i++)
		if (s->ops[i].op == SF_OP_CPU_READ && s->ops[i].page == 3)
			return 1;
	return 0;
}

int main(void)
{
	struct sf_min_opts o = { .tries = 1, .max_calls = 8 };
	struct sf_min_stats st;
	struct sf_seq in, out;
	struct ctx c = { 0 };

	sf_seq_init(&in);
	in.arena_pages = 64;
	in.nthreads = 3;
	for (uint32_t i = 0; i < 4000; i++) {
		struct sf_seq_op op = { .op = SF_OP_DEV_READ, .thread = (uint16_t)(i % 3),
					.page = i % 64, .npages = 1, .arg0 = i % 8 };

		if (i == 2999)
			op = (struct sf_seq_op){ .op = SF_OP_CPU_READ, .thread = 1, .page = 3,
						 .npages = 1 };
		sf_seq_push(&in, &op);
	}

	CHECK_EQ(sf_minimize(&in, &out, &o, needs_read3, &c, &st), SF_MIN_OK);
	CHECK_EQ(st.budget_hit, 1);
	CHECK_EQ(c.calls, 8);
	CHECK_EQ(st.calls, 8);
	CHECK(out.nops < in.nops);
	CHECK(out.nops > 1);	/* 8 calls are not enough to get to the one op */
	CHECK(needs_read3(&out, &c));

	/* without a budget it gets there */
	sf_seq_free(&out);
	o.max_calls = 0;
	CHECK_EQ(sf_minimize(&in, &out, &o, needs_read3, &c, &st), SF_MIN_OK);
	CHECK_EQ(st.budget_hit, 0);
	CHECK_EQ(out.nops, 1);
	sf_seq_free(&in);
	sf_seq_free(&out);
	return tap_done();
}
