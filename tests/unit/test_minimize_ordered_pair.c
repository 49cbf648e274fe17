/*
 * Minimising against "reproduces iff a fork covering page 5 comes before a
 * device write of page 5 on the same thread" ends at exactly those two ops:
 * one thread (renumbered to 0), the fork shrunk to page 5 alone, the arena
 * cut to 6 pages.
 */
#include <stdlib.h>
#include "minimize.h"
#include "rng.h"
#include "tap.h"

#define HOT 5u

static int covers(const struct sf_seq_op *op, uint32_t page)
{
	return op->page <= page && page < op->page + op->npages;
}

static int fork_then_write(const struct sf_seq *s, void *arg)
{
	unsigned *calls = arg;

	(*calls)++;
	for (size_t i = 0; i < s->nops; i++) {
		const struct sf_seq_op *a = &s->ops[i];

		if (a->op != SF_OP_FORK || !covers(a, HOT))
			continue;
		for (size_t j = i + 1; j < s->nops; j++)
			if (s->ops[j].op == SF_OP_DEV_WRITE && s->ops[j].page == HOT &&
			    s->ops[j].thread == a->thread)
				return 1;
	}
	return 0;
}

static void filler(struct sf_seq *s, struct sf_rng *r)
{
	struct sf_seq_op op = { .thread = (uint16_t)sf_rng_below(r, s->nthreads), .npages = 1 };

	switch (sf_rng_below(r, 4)) {
	case 0:
		op.op = SF_OP_MPROTECT;
		op.page = sf_rng_below(r, s->arena_pages - 4);
		op.npages = 1 + sf_rng_below(r, 4);
		op.arg0 = sf_rng_below(r, 4);
		break;
	case 1:
		op.op = SF_OP_DEV_READ;
		op.page = sf_rng_below(r, s->arena_pages);
		op.arg0 = sf_rng_below(r, 8);
		break;
	case 2:
		op.op = SF_OP_CPU_WRITE;
		op.page = sf_rng_below(r, s->arena_pages);
		op.arg0 = sf_rng_below(r, 8);
		break;
	default:
		op.op = SF_OP_DELAY;
		op.npages = 0;
		op.arg0 = 1000;
		break;
	}
	sf_seq_push(s, &op);
}

int main(void)
{
	const struct sf_seq_op fork = { .op = SF_OP_FORK, .thread = 2, .page = 3, .npages = 4 };
	const struct sf_seq_op wr = { .op = SF_OP_DEV_WRITE, .thread = 2, .page = HOT, .npages = 1,
				      .arg0 = 3 };
	struct sf_min_opts o = { .tries = 1, .final_runs = 3 };
	struct sf_min_stats st;
	struct sf_seq in, out;
	struct sf_rng r;
	unsigned calls = 0;

	sf_seq_init(&in);
	in.arena_pages = 32;
	in.nthreads = 4;
	in.seed = 7;
	sf_rng_seed(&r, 1);
	for (int i = 0; i < 300; i++) {
		if (i == 100)
			sf_seq_push(&in, &fork);
		if (i == 250)
			sf_seq_push(&in, &wr);
		filler(&in, &r);
	}
	CHECK_EQ(in.nops, 302);

	CHECK_EQ(sf_minimize(&in, &out, &o, fork_then_write, &calls, &st), SF_MIN_OK);
	CHECK_EQ(out.nops, 2);
	CHECK_EQ(out.nthreads, 1);
	CHECK_EQ(out.arena_pages, HOT + 1);
	if (out.nops == 2) {
		CHECK_EQ(out.ops[0].op, SF_OP_FORK);
		CHECK_EQ(out.ops[0].page, HOT);
		CHECK_EQ(out.ops[0].npages, 1);
		CHECK_EQ(out.ops[0].thread, 0);
		CHECK_EQ(out.ops[1].op, SF_OP_DEV_WRITE);
		CHECK_EQ(out.ops[1].page, HOT);
		CHECK_EQ(out.ops[1].thread, 0);
	}
	CHECK_EQ(st.ops_before, 302);
	CHECK_EQ(st.ops_after, 2);
	CHECK_EQ(st.threads_before, 4);
	CHECK_EQ(st.final_runs, 3);
	CHECK_EQ(st.final_ok, 3);
	CHECK_EQ(st.calls, calls);
	CHECK(st.rounds >= 1);
	printf("# 302 -> %zu ops in %u rounds, %llu calls, %llu cached\n", out.nops, st.rounds,
	       (unsigned long long)st.calls, (unsigned long long)st.cached);
	sf_seq_free(&in);
	sf_seq_free(&out);
	return tap_done();
}
