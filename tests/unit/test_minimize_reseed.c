/*
 * Reseeding: a predicate that, like a race on the sim, reproduces only for
 * some (seed, program) pairs: ops A and B must be there AND a hash of the
 * seed and the op count must be 0 mod 4. Plain ddmin stalls where every
 * smaller program hashes wrong; with reseeds = 16 it re-rolls the seed and
 * gets to exactly A and B, and the seed it wrote makes the result
 * reproduce. Reseeding never makes the result bigger than plain ddmin's.
 */
#include "minimize.h"
#include "rng.h"
#include "tap.h"

static int lucky(const struct sf_seq *s, void *arg)
{
	uint64_t x = s->seed ^ (s->nops * 0x9e3779b97f4a7c15ull);
	int a = 0, b = 0;

	for (size_t i = 0; i < s->nops; i++) {
		a |= s->ops[i].op == SF_OP_MUNMAP;
		b |= a && s->ops[i].op == SF_OP_DEV_WRITE && s->ops[i].page == 2;
	}
	return b && sf_splitmix64(&x) % 4 == 0;
}

int main(void)
{
	struct sf_min_opts o = { .tries = 1, .final_runs = 5 };
	struct sf_min_stats plain, re;
	struct sf_seq in, out1, out2;
	struct sf_rng r;

	sf_rng_seed(&r, 5);
	sf_seq_init(&in);
	in.arena_pages = 8;
	in.nthreads = 3;
	/* a seed for which the whole input reproduces */
	for (in.seed = 1; in.nops == 0 || !lucky(&in, NULL); in.seed++) {
		in.nops = 0;
		for (uint32_t i = 0; i < 120; i++) {
			struct sf_seq_op op = { .op = SF_OP_DEV_READ, .thread = (uint16_t)(i % 3),
						.page = sf_rng_below(&r, 8), .npages = 1 };

			if (i == 30)
				op = (struct sf_seq_op){ .op = SF_OP_MUNMAP, .page = 1, .npages = 3 };
			if (i == 90)
				op = (struct sf_seq_op){ .op = SF_OP_DEV_WRITE, .thread = 1, .page = 2,
							 .npages = 1 };
			sf_seq_push(&in, &op);
		}
	}

	CHECK_EQ(sf_minimize(&in, &out1, &o, lucky, NULL, &plain), SF_MIN_OK);
	CHECK_EQ(plain.reseeded, 0);
	CHECK_EQ(out1.seed, in.seed);
	o.reseeds = 16;
	CHECK_EQ(sf_minimize(&in, &out2, &o, lucky, NULL, &re), SF_MIN_OK);
	CHECK_EQ(out2.nops, 2);
	CHECK(re.reseeded > 0);
	CHECK(out2.seed != in.seed);
	CHECK(lucky(&out2, NULL));
	CHECK_EQ(re.final_ok, 5);
	CHECK(out2.nops <= out1.nops);
	printf("# plain ddmin: %zu ops; with reseeds: %zu ops (%llu reseeded)\n", out1.nops,
	       out2.nops, (unsigned long long)re.reseeded);
	sf_seq_free(&in);
	sf_seq_free(&out1);
	sf_seq_free(&out2);
	return tap_done();
}
