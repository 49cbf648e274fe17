/*
 * A program run twice on the sim through sf_exec_program (fresh oracle and
 * collector each time) gives the same event stream and the same verdicts:
 * what `svafuzz replay` relies on to reproduce a sim finding every time.
 */
#include <stdio.h>
#include <string.h>
#include "engine.h"
#include "rng.h"
#include "tap.h"

struct tally {
	uint64_t events, hash, verdicts;
};

static void on_event(void *arg, const struct sf_event *ev)
{
	struct tally *t = arg;
	uint64_t x = ev->t0 ^ (ev->t1 << 1) ^ ((uint64_t)ev->op << 48) ^ ((uint64_t)ev->page << 20) ^
		     ev->value ^ ev->outcome;

	t->events++;
	t->hash = sf_splitmix64(&x) ^ (t->hash * 31);
}

static void on_verdict(void *arg, const struct sf_verdict *v)
{
	struct tally *t = arg;

	(void)v;
	t->verdicts++;
}

int main(void)
{
	const struct sf_backend_ops *be = sf_backend_find("sim");
	struct sf_gen_params gp = { .arena_pages = 32, .nthreads = 4, .nops = 600 };
	struct sf_exec x;
	char err[256] = "";
	unsigned with_verdicts = 0, same = 0;
	const unsigned nseeds = 30;

	if (!be) {
		printf("# skipped: no sim backend built in\n");
		return 77;
	}
	memset(&x, 0, sizeof(x));
	CHECK_EQ(sf_exec_open(&x, be, "no-downgrade-inval", "", 4, 32, err, sizeof(err)), 0);
	gp.allowed_ops = sf_exec_runnable(&x, 0);
	for (unsigned s = 1; s <= nseeds; s++) {
		struct sf_seq prog;
		struct tally a = { 0 }, b = { 0 };
		struct sf_prog_hooks ha = { on_event, on_verdict, &a, NULL };
		struct sf_prog_hooks hb = { on_event, on_verdict, &b, NULL };
		struct sf_oracle_stats sa, sb;

		sf_seq_init(&prog);
		sf_seq_generate(&prog, s, &gp);
		CHECK_EQ(sf_exec_program(&x, &prog, &ha, &sa), 0);
		CHECK_EQ(sf_exec_program(&x, &prog, &hb, &sb), 0);
		same += a.events == b.events && a.hash == b.hash && a.verdicts == b.verdicts &&
			sa.accesses_judged == sb.accesses_judged;
		with_verdicts += a.verdicts > 0;
		CHECK(a.events > 0);
		sf_seq_free(&prog);
	}
	CHECK_EQ(same, nseeds);
	printf("# %u of %u programs gave verdicts with the knob\n", with_verdicts, nseeds);
	CHECK(with_verdicts > 0);
	sf_exec_close(&x);
	return tap_done();
}
