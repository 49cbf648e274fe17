/* Same program + same seeds -> bit-identical event stream; another device seed -> another interleaving. */
#include "test_sim_util.h"

static uint64_t fnv(const struct simt *s)
{
	uint64_t h = 1469598103934665603ull;
	const unsigned char *p = (const unsigned char *)s->ev;

	for (size_t i = 0; i < s->nev * sizeof(*s->ev); i++)
		h = (h ^ p[i]) * 1099511628211ull;
	return h;
}

static uint64_t run_hash(uint64_t dev_seed, size_t *nev)
{
	struct simt s;
	struct sf_gen_params gp = { .arena_pages = 32, .nthreads = 4, .nops = 1500 };
	uint64_t h;

	if (simt_open(&s, NULL, NULL, dev_seed))
		return 0;
	sf_seq_generate(&s.prog, 77, &gp);
	CHECK_EQ(simt_run(&s), 0);
	h = fnv(&s);
	*nev = s.nev;
	simt_close(&s);
	return h;
}

int main(void)
{
	size_t n1, n2, n3;
	uint64_t a = run_hash(5, &n1), b = run_hash(5, &n2), c = run_hash(6, &n3);

	CHECK(n1 > 1000);
	CHECK_EQ(n1, n2);
	CHECK(a == b);
	CHECK(a != c);
	return tap_done();
}
