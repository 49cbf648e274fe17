/*
 * Soundness: with no knob, generated programs (the general mix and the
 * COW-upgrade profile, several thread counts, both TLB architectures) run
 * through the oracle without a single verdict, while their accesses are
 * judged and mostly decisive.
 */
#include "test_sim_util.h"

static void sweep(const char *arch, uint32_t profile, uint32_t nthreads, unsigned nprog)
{
	struct simt s;
	unsigned long verdicts = 0, events = 0;

	if (simt_open(&s, NULL, arch, 1234)) {
		CHECK(0);
		return;
	}
	for (unsigned i = 0; i < nprog; i++) {
		struct sf_gen_params gp = { .arena_pages = 48, .nthreads = nthreads,
					    .nops = 1200, .profile = profile };

		sf_seq_free(&s.prog);
		sf_seq_generate(&s.prog, 9000 + i, &gp);
		CHECK_EQ(simt_run(&s), 0);
		verdicts += s.nverdicts;
		events += s.nev;
		if (s.nverdicts)
			fprintf(stderr, "  seed %u profile %u threads %u: %lu verdicts\n",
				9000 + i, profile, nthreads, s.nverdicts);
	}
	CHECK_EQ(verdicts, 0);
	CHECK(events > nprog * 500ul);
	simt_close(&s);
}

int main(void)
{
	sweep(NULL, SF_GEN_MIX, 4, 120);
	sweep(NULL, SF_GEN_COW_UPGRADE, 4, 120);
	sweep(NULL, SF_GEN_MIX, 2, 60);
	sweep(NULL, SF_GEN_MIX, 8, 60);
	sweep("vtd", SF_GEN_MIX, 4, 60);
	sweep("vtd", SF_GEN_COW_UPGRADE, 3, 60);
	return tap_done();
}
