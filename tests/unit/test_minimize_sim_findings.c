/*
 * The minimiser on real findings: for every bug knob of the sim, the first
 * generated 2,000-op program (4 threads, 64 pages, the general mix) that
 * gives a verdict is minimised with the predicate `svafuzz minimize` uses
 * (one replay through src/run/replay.h per try; 128 reseeds, as the CLI on the
 * sim) and must end at 20 ops or fewer that still give the same verdict on
 * every one of 10 replays.
 */
#include <stdio.h>
#include <string.h>
#include "minimize.h"
#include "replay.h"
#include "backend.h"
#include "tap.h"
#include "verdict.h"

#define MAX_AFTER 20

static int replays(const struct sf_seq *cand, void *arg)
{
	unsigned k = 0;

	(void)arg;
	return sf_replay_seq(cand, 1, NULL, &k) == SF_EXIT_FINDINGS && k == 1;
}

/* The first verdict kind the program reproduces, into its expect line; -1 if none. */
static int find_expect(struct sf_seq *p)
{
	for (int v = 0; v < SF_V__COUNT; v++) {
		snprintf(p->expect, sizeof(p->expect), "%s", sf_verdict_name((enum sf_verdict_kind)v));
		if (replays(p, NULL))
			return v;
	}
	p->expect[0] = '\0';
	return -1;
}

int main(void)
{
	const struct sf_backend_ops *sim = sf_backend_find("sim");
	struct sf_min_opts o = { .tries = 1, .final_runs = 10, .reseeds = 128 };

	CHECK(sim != NULL);
	if (!sim)
		return tap_done();
	for (unsigned k = 0; sim->knobs[k]; k++) {
		struct sf_gen_params gp = { .arena_pages = 64, .nthreads = 4, .nops = 2000,
					    .allowed_ops = sim->ops_supported };
		struct sf_min_stats st;
		struct sf_seq prog, min;
		int v = -1;

		for (uint64_t seed = 1; seed <= 20 && v < 0; seed++) {
			sf_seq_generate(&prog, seed, &gp);
			snprintf(prog.backend, sizeof(prog.backend), "sim");
			snprintf(prog.knob, sizeof(prog.knob), "%s", sim->knobs[k]);
			v = find_expect(&prog);
			if (v < 0)
				sf_seq_free(&prog);
		}
		CHECK(v >= 0);
		if (v < 0) {
			fprintf(stderr, "  knob %s: no finding in 20 programs\n", sim->knobs[k]);
			continue;
		}
		CHECK_EQ(sf_minimize(&prog, &min, &o, replays, NULL, &st), SF_MIN_OK);
		CHECK(min.nops <= MAX_AFTER);
		CHECK_EQ(st.final_ok, st.final_runs);
		CHECK(!strcmp(min.expect, prog.expect));
		printf("# %-24s %-14s %zu -> %zu ops, %u -> %u threads, %llu replays, %u/%u\n",
		       sim->knobs[k], prog.expect, st.ops_before, st.ops_after, st.threads_before,
		       st.threads_after, (unsigned long long)st.calls, st.final_ok, st.final_runs);
		sf_seq_free(&prog);
		sf_seq_free(&min);
	}
	return tap_done();
}
