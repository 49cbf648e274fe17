/*
 * A predicate that is not deterministic: programs with the "sure" op (a
 * fork) reproduce every time; programs without it but with a munmap
 * reproduce only half the time. With tries = 20 a half-reproducing
 * candidate is never kept (2^-20 per candidate), so the result keeps the
 * fork, drops the munmap, and reproduces on every final run.
 */
#include "minimize.h"
#include "rng.h"
#include "tap.h"

static int has(const struct sf_seq *s, enum sf_op op)
{
	for (size_t i = 0; i < s->nops; i++)
		if (s->ops[i].op == op)
			return 1;
	return 0;
}

static int flaky(const struct sf_seq *s, void *arg)
{
	struct sf_rng *r = arg;

	if (has(s, SF_OP_FORK))
		return 1;
	return has(s, SF_OP_MUNMAP) && sf_rng_below(r, 2);
}

int main(void)
{
	struct sf_min_opts o = { .tries = 20, .final_runs = 50 };
	struct sf_min_stats st;
	struct sf_seq in, out;
	struct sf_rng r;

	sf_rng_seed(&r, 42);
	sf_seq_init(&in);
	in.arena_pages = 16;
	in.nthreads = 2;
	for (uint32_t i = 0; i < 64; i++) {
		struct sf_seq_op op = { .op = SF_OP_DEV_READ, .thread = (uint16_t)(i & 1),
					.page = i % 16, .npages = 1 };

		if (i == 10)
			op.op = SF_OP_MUNMAP;
		if (i == 50)
			op.op = SF_OP_FORK;
		sf_seq_push(&in, &op);
	}

	CHECK_EQ(sf_minimize(&in, &out, &o, flaky, &r, &st), SF_MIN_OK);
	CHECK_EQ(out.nops, 1);
	CHECK(has(&out, SF_OP_FORK));
	CHECK(!has(&out, SF_OP_MUNMAP));
	CHECK_EQ(st.final_runs, 50);
	CHECK_EQ(st.final_ok, 50);
	/* every kept candidate cost all 20 tries: the first check alone does */
	CHECK(st.calls >= 20 + 50);
	sf_seq_free(&in);
	sf_seq_free(&out);
	return tap_done();
}
