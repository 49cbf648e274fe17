/* Generated programs validate, have the requested size, and use only allowed ops. */
#include <stdio.h>
#include "rng.h"
#include "seq.h"
#include "tap.h"
#include "test_seq_util.h"

int main(void)
{
	struct sf_rng r;
	struct sf_seq s;
	struct sf_seq_err err;
	unsigned invalid = 0, short_programs = 0;
	unsigned seen[SF_OP__COUNT] = { 0 };

	sf_rng_seed(&r, 7);
	for (unsigned k = 0; k < 600; k++) {
		/*
		 * One draw per statement: the order in which an initializer list
		 * or the operands of | are evaluated is unspecified, and compilers
		 * (gcc with and without ASan) do pick different orders.
		 */
		struct sf_gen_params p = { .profile = k % 2 ? SF_GEN_COW_UPGRADE : SF_GEN_MIX };

		p.arena_pages = k % 10 == 0 ? 1 + sf_rng_below(&r, 3) : 1 + sf_rng_below(&r, 5000);
		p.nthreads = 1 + sf_rng_below(&r, k % 7 == 0 ? 64 : 6);
		p.nops = sf_rng_below(&r, 1500);
		/* a third of the runs allow only a random subset, always with one non-barrier op */
		if (k % 3 == 0) {
			p.allowed_ops = sf_rng_next(&r) & ((1ull << SF_OP__COUNT) - 1);
			p.allowed_ops |= 1ull << sf_rng_below(&r, SF_OP_BARRIER);
		}
		sf_seq_generate(&s, sf_rng_next(&r), &p);
		if (sf_seq_validate(&s, &err) && invalid++ < 5)
			fprintf(stderr, "  run %u: op %u: %s\n", k, err.line, err.msg);
		if (s.nops != p.nops && short_programs++ < 5)
			fprintf(stderr, "  run %u: %zu ops, asked %u\n", k, s.nops, p.nops);
		CHECK_EQ(s.arena_pages, p.arena_pages);
		CHECK_EQ(s.nthreads, p.nthreads);
		for (size_t i = 0; i < s.nops; i++) {
			seen[s.ops[i].op]++;
			if (p.allowed_ops && !((p.allowed_ops >> s.ops[i].op) & 1)) {
				CHECK(!"op outside allowed_ops");
				break;
			}
		}
		sf_seq_free(&s);
	}
	CHECK_EQ(invalid, 0);
	CHECK_EQ(short_programs, 0);
	for (unsigned op = 0; op < SF_OP__COUNT; op++)
		CHECK(seen[op] > 0);	/* the mix uses every op kind */

	/* zero params get defaults; no allowed op kind gives an empty program */
	struct sf_gen_params z = { .nops = 10 };

	sf_seq_generate(&s, 1, &z);
	CHECK(s.arena_pages >= 1 && s.nthreads >= 1);
	CHECK_EQ(s.nops, 10);
	CHECK_EQ(sf_seq_validate(&s, &err), 0);
	sf_seq_free(&s);
	z.allowed_ops = 1ull << 63;
	sf_seq_generate(&s, 1, &z);
	CHECK_EQ(s.nops, 0);
	sf_seq_free(&s);
	/* barriers only: whole groups, one per thread, never a partial one */
	z.allowed_ops = 1ull << SF_OP_BARRIER;
	z.nthreads = 3;
	sf_seq_generate(&s, 1, &z);
	CHECK_EQ(s.nops, 9);
	CHECK_EQ(sf_seq_validate(&s, &err), 0);
	sf_seq_free(&s);
	/* only ops no accessor thread does: the mutators still fill the program */
	z.allowed_ops = 1ull << SF_OP_MUNMAP;
	z.nthreads = 64;
	z.nops = 711;
	sf_seq_generate(&s, 1, &z);
	CHECK_EQ(s.nops, 711);
	sf_seq_free(&s);
	return tap_done();
}
