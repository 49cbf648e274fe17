/* Every byte string decodes to a valid program; deterministic; small inputs give small programs. */
#include <stdio.h>
#include <stdlib.h>
#include "rng.h"
#include "seq.h"
#include "tap.h"
#include "test_seq_util.h"

int main(void)
{
	struct sf_rng r;
	struct sf_seq a, b;
	struct sf_seq_err err;
	unsigned seen[SF_OP__COUNT] = { 0 };
	unsigned invalid = 0;
	uint8_t buf[4096];

	sf_rng_seed(&r, 42);
	for (unsigned k = 0; k < 3000; k++) {
		size_t len = sf_rng_below(&r, k < 1000 ? 64 : sizeof(buf));
		struct sf_gen_params p;

		/* one draw per statement: an initializer list's order is unspecified */
		p.arena_pages = sf_rng_below(&r, 4) == 0 ? 0 : 1 + sf_rng_below(&r, 70000);
		p.nthreads = sf_rng_below(&r, 66);	/* 0 and 65 get clamped */
		p.nops = sf_rng_below(&r, 3) == 0 ? 0 : sf_rng_below(&r, 500);
		p.allowed_ops = sf_rng_below(&r, 4) ? 0 : sf_rng_next(&r);
		p.profile = SF_GEN_MIX;

		for (size_t i = 0; i < len; i++)
			buf[i] = (uint8_t)sf_rng_next(&r);
		/* some inputs are all 0x00 or all 0xff: the clamps' edges */
		if (k % 50 == 1)
			memset(buf, k % 100 == 1 ? 0xff : 0, len);
		sf_seq_decode(&a, buf, len, &p);
		if (sf_seq_validate(&a, &err)) {
			if (invalid++ < 5)
				fprintf(stderr, "  input %u: op %u: %s\n", k, err.line, err.msg);
		}
		CHECK(a.nops <= len);	/* every op eats at least a byte */
		if (p.nops)
			CHECK(a.nops <= p.nops);
		for (size_t i = 0; i < a.nops; i++) {
			seen[a.ops[i].op]++;
			if (p.allowed_ops)
				CHECK((p.allowed_ops >> a.ops[i].op) & 1);
		}
		/* deterministic: the same bytes give the same program */
		sf_seq_decode(&b, buf, len, &p);
		CHECK_EQ(seq_diff(&a, &b), 0);
		sf_seq_free(&a);
		sf_seq_free(&b);
	}
	CHECK_EQ(invalid, 0);
	for (unsigned op = 0; op < SF_OP__COUNT; op++)
		CHECK(seen[op] > 0);

	/* empty and tiny inputs */
	struct sf_gen_params p = { .arena_pages = 16, .nthreads = 2 };

	sf_seq_decode(&a, NULL, 0, &p);
	CHECK_EQ(a.nops, 0);
	CHECK_EQ(a.arena_pages, 16);
	CHECK_EQ(a.nthreads, 2);
	CHECK_EQ(sf_seq_validate(&a, &err), 0);
	sf_seq_free(&a);
	sf_seq_decode(&a, (const uint8_t *)"\x10", 1, &p);
	CHECK_EQ(a.nops, 1);
	sf_seq_free(&a);

	/* the op limit stops a long input */
	memset(buf, 0x5a, sizeof(buf));
	p.nops = 10;
	sf_seq_decode(&a, buf, sizeof(buf), &p);
	CHECK_EQ(a.nops, 10);
	sf_seq_free(&a);

	/* one allowed kind and one thread still eat a byte per op */
	p.nops = 0;
	p.nthreads = 1;
	p.allowed_ops = 1ull << SF_OP_COMPACT;
	sf_seq_decode(&a, buf, 7, &p);
	CHECK_EQ(a.nops, 7);
	sf_seq_free(&a);

	/* a different input gives a different seed (and so different write values) */
	p.allowed_ops = 0;
	sf_seq_decode(&a, (const uint8_t *)"abc", 3, &p);
	sf_seq_decode(&b, (const uint8_t *)"abd", 3, &p);
	CHECK(a.seed != b.seed);
	sf_seq_free(&a);
	sf_seq_free(&b);
	return tap_done();
}
