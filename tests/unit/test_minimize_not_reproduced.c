/*
 * An input that does not reproduce on every try is refused: the result is
 * SF_MIN_NOT_REPRODUCED, out is an exact copy of the input, and the
 * predicate was not called beyond the first failing try.
 */
#include <string.h>
#include "minimize.h"
#include "tap.h"

/* Says yes once, then no: a finding that went away on the second run. */
static int once(const struct sf_seq *s, void *arg)
{
	unsigned *n = arg;

	return (*n)++ == 0;
}

int main(void)
{
	struct sf_min_opts o = { .tries = 5, .final_runs = 10 };
	struct sf_min_stats st;
	struct sf_seq in, out;
	unsigned n = 0;

	sf_seq_init(&in);
	in.arena_pages = 8;
	in.nthreads = 2;
	in.seed = 99;
	for (uint32_t i = 0; i < 10; i++) {
		struct sf_seq_op op = { .op = SF_OP_DEV_WRITE, .thread = (uint16_t)(i & 1),
					.page = i % 8, .npages = 1, .arg0 = i % 8 };

		sf_seq_push(&in, &op);
	}

	CHECK_EQ(sf_minimize(&in, &out, &o, once, &n, &st), SF_MIN_NOT_REPRODUCED);
	CHECK_EQ(n, 2);
	CHECK_EQ(st.calls, 2);
	CHECK_EQ(st.final_runs, 0);
	CHECK_EQ(out.nops, in.nops);
	CHECK_EQ(out.nthreads, in.nthreads);
	CHECK_EQ(out.seed, in.seed);
	CHECK(out.ops != in.ops);
	CHECK(out.nops == in.nops && !memcmp(out.ops, in.ops, in.nops * sizeof(*in.ops)));
	sf_seq_free(&out);

	/* an invalid input is an error, not a minimisation */
	in.ops[3].page = 8;
	n = 0;
	CHECK_EQ(sf_minimize(&in, &out, &o, once, &n, &st), SF_MIN_ERROR);
	CHECK_EQ(n, 0);
	sf_seq_free(&in);
	return tap_done();
}
