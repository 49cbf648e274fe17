/*
 * The predicate only ever sees valid programs (sf_seq_validate passes:
 * ranges inside the arena, threads below nthreads, barrier ids increasing
 * per thread) and never the same candidate twice when tries is 1.
 */
#include <stdlib.h>
#include <string.h>
#include "minimize.h"
#include "rng.h"
#include "tap.h"

struct seen {
	uint64_t *h;
	size_t n, cap;
	unsigned invalid, dups;
};

static uint64_t hash(const struct sf_seq *s)
{
	uint64_t h = 1469598103934665603ull ^ s->nthreads ^ ((uint64_t)s->arena_pages << 8);
	const uint8_t *b = (const uint8_t *)s->ops;

	for (size_t i = 0; i < s->nops * sizeof(*s->ops); i++)
		h = (h ^ b[i]) * 1099511628211ull;
	return h;
}

/* Reproduces iff a madvise and a later dev-read of the same page remain. */
static int pred(const struct sf_seq *s, void *arg)
{
	struct seen *z = arg;
	struct sf_seq_err err;
	uint64_t h = hash(s);

	if (sf_seq_validate(s, &err))
		z->invalid++;
	for (size_t i = 0; i < z->n; i++)
		if (z->h[i] == h)
			z->dups++;
	if (z->n == z->cap) {
		z->cap = z->cap ? 2 * z->cap : 256;
		z->h = realloc(z->h, z->cap * sizeof(*z->h));
	}
	z->h[z->n++] = h;
	for (size_t i = 0; i < s->nops; i++) {
		if (s->ops[i].op != SF_OP_MADVISE)
			continue;
		for (size_t j = i + 1; j < s->nops; j++)
			if (s->ops[j].op == SF_OP_DEV_READ && s->ops[j].page >= s->ops[i].page &&
			    s->ops[j].page < s->ops[i].page + s->ops[i].npages)
				return 1;
	}
	return 0;
}

int main(void)
{
	static const uint16_t kinds[] = { SF_OP_MADVISE, SF_OP_MREMAP, SF_OP_DEV_READ,
					  SF_OP_BARRIER, SF_OP_MMAP, SF_OP_SLOT_ADD };
	struct sf_min_opts o = { .tries = 1 };
	struct sf_seq in, out;
	struct seen z = { 0 };
	struct sf_seq_err err;
	uint32_t barrier[6] = { 0 };
	struct sf_rng r;

	sf_rng_seed(&r, 3);
	sf_seq_init(&in);
	in.arena_pages = 24;
	in.nthreads = 6;
	for (int i = 0; i < 400; i++) {
		struct sf_seq_op op = { .op = kinds[sf_rng_below(&r, 6)],
					.thread = (uint16_t)sf_rng_below(&r, 6) };

		op.page = sf_rng_below(&r, 12);
		op.npages = 1 + sf_rng_below(&r, 6);
		switch (op.op) {
		case SF_OP_MADVISE:
			op.arg0 = sf_rng_below(&r, SF_ADV__COUNT);
			break;
		case SF_OP_MREMAP:
			op.arg0 = 1 + sf_rng_below(&r, 6);
			op.arg1 = 12 + sf_rng_below(&r, 6);
			op.arg2 = SF_MREMAP_MOVE;
			break;
		case SF_OP_DEV_READ:
			op.npages = 1;
			op.arg0 = sf_rng_below(&r, 8);
			break;
		case SF_OP_BARRIER:
			op.page = op.npages = 0;
			op.arg0 = barrier[op.thread] += 1 + sf_rng_below(&r, 3);
			break;
		case SF_OP_MMAP:
			op.arg0 = 1 + sf_rng_below(&r, SF_BK__COUNT - 1);
			op.arg1 = sf_rng_below(&r, 8);
			break;
		default:
			op.arg0 = sf_rng_below(&r, SF_SEQ_MAX_SLOTS);
			op.arg1 = sf_rng_below(&r, 4);
			break;
		}
		sf_seq_push(&in, &op);
	}
	CHECK_EQ(sf_seq_validate(&in, &err), 0);

	CHECK_EQ(sf_minimize(&in, &out, &o, pred, &z, NULL), SF_MIN_OK);
	CHECK_EQ(out.nops, 2);
	CHECK_EQ(sf_seq_validate(&out, &err), 0);
	CHECK(z.n > 10);
	CHECK_EQ(z.invalid, 0);
	CHECK_EQ(z.dups, 0);
	free(z.h);
	sf_seq_free(&in);
	sf_seq_free(&out);
	return tap_done();
}
