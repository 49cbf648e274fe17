/*
 * How fast the sim runs generated programs: scheduler steps/s and events/s,
 * alone (no collector) and through a collector into an oracle. Prints
 * figures; never fails on speed.
 *   bench_sim [programs] [threads] [knob]
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "arena.h"
#include "clock.h"
#include "collector.h"
#include "oracle.h"
#include "seq.h"
#include "backend.h"
#include "sim.h"

static void count_verdict(void *arg, const struct sf_verdict *v)
{
	(void)v;
	(*(unsigned long *)arg)++;
}

static void measure(const char *what, const struct sf_backend_ops *be, struct sf_dev *d,
		    struct sf_seq *progs, unsigned n, int with_oracle)
{
	struct sf_be_stats a, b;
	uint64_t events = 0, t0, t1;
	unsigned long verdicts = 0;

	be->stats(d, &a);
	t0 = sf_now_ns();
	for (unsigned i = 0; i < n; i++) {
		struct sf_oracle_cfg cfg = {
			.npages = progs[i].arena_pages, .sem = be->sem, .initial = sf_arena_initial(),
			.on_verdict = count_verdict, .arg = &verdicts,
		};
		struct sf_oracle *o = with_oracle ? sf_oracle_new(&cfg) : NULL;
		struct sf_collector *c = with_oracle ? sf_collector_new(o, 0, NULL, NULL) : NULL;

		be->run(d, &progs[i], c);
		events += d->events;
		if (c) {
			sf_collector_drain(c);
			sf_collector_free(c);
			sf_oracle_free(o);
		}
	}
	t1 = sf_now_ns();
	be->stats(d, &b);
	double s = (double)(t1 - t0) / 1e9;
	uint64_t steps = b.steps - a.steps;

	printf("%-22s %8.3f s  %10.0f steps/s  %10.0f events/s  %6.1f programs/s  verdicts %lu\n",
	       what, s, steps / s, events / s, n / s, verdicts);
}

int main(int argc, char **argv)
{
	unsigned n = argc > 1 ? (unsigned)atoi(argv[1]) : 300;
	uint32_t threads = argc > 2 ? (uint32_t)atoi(argv[2]) : 4;
	const char *knob = argc > 3 ? argv[3] : NULL;
	const struct sf_backend_ops *be = sf_backend_find("sim");
	struct sf_dev_opts opts = { .knob = knob, .seed = 1 };
	struct sf_seq *progs = calloc(n ? n : 1, sizeof(*progs));
	struct sf_dev *d;
	char err[160];

	if (!be || !progs || be->open(&d, &opts, err, sizeof(err))) {
		fprintf(stderr, "bench_sim: cannot open the sim\n");
		return 1;
	}
	for (unsigned i = 0; i < n; i++) {
		struct sf_gen_params gp = { .arena_pages = 64, .nthreads = threads, .nops = 2000,
					    .profile = i % 4 == 3 ? SF_GEN_COW_UPGRADE : SF_GEN_MIX };

		sf_seq_generate(&progs[i], 1 + i, &gp);
	}
	printf("sim: %u programs of 2000 ops, 64 pages, %u threads, knob %s\n", n, threads,
	       knob ? knob : "none");
	measure("sim alone", be, d, progs, n, 0);
	measure("sim+collector+oracle", be, d, progs, n, 1);
	for (unsigned i = 0; i < n; i++)
		sf_seq_free(&progs[i]);
	free(progs);
	be->close(d);
	return 0;
}
