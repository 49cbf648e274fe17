/* sf_seq_value: never 0, unique per op index within a program, tied to the seed only. */
#include <stdlib.h>
#include "seq.h"
#include "tap.h"

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

int main(void)
{
	enum { N = 200000 };
	uint64_t *v = malloc(N * 2 * sizeof(*v));
	struct sf_seq a, b;
	size_t dups = 0, zeros = 0;

	sf_seq_init(&a);
	sf_seq_init(&b);
	a.seed = 12345;
	b.seed = 12346;
	for (size_t i = 0; i < N; i++) {
		v[i] = sf_seq_value(&a, i);
		v[N + i] = sf_seq_value(&b, i);
		zeros += v[i] == 0 || v[N + i] == 0;
	}
	CHECK_EQ(zeros, 0);
	/* unique within each program and across the two seeds */
	qsort(v, N * 2, sizeof(*v), cmp_u64);
	for (size_t i = 1; i < N * 2; i++)
		dups += v[i] == v[i - 1];
	CHECK_EQ(dups, 0);

	/* the value depends on seed and index only, not on the ops */
	struct sf_seq_op op = { .op = SF_OP_DEV_WRITE, .npages = 1 };

	b.seed = a.seed;
	CHECK_EQ(sf_seq_push(&b, &op), 0);
	CHECK_EQ(sf_seq_value(&a, 77), sf_seq_value(&b, 77));
	/* documented layout: top bit set, op index in the low 32 bits */
	CHECK(sf_seq_value(&a, 5) >> 63);
	CHECK_EQ(sf_seq_value(&a, 5) & 0xffffffffull, 5);
	/* seed 0 too */
	a.seed = 0;
	CHECK(sf_seq_value(&a, 0) != 0);
	sf_seq_free(&b);
	free(v);
	return tap_done();
}
