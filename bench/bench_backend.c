/*
 * A device backend's judged rate against its own raw loop, side by side:
 *   raw     submit + complete of random single-word accesses, no events
 *   judged  the same batches recorded as the engine records them (slot
 *           stamp before submit, one event per access clamped into the
 *           batch, a pump thread sleeping between pumps into the oracle)
 * The two alternate in short rounds so a shared machine's load falls on
 * both alike; each judged round starts from a reset arena and a fresh
 * oracle (the raw rounds wrote values no event records). Any backend with
 * submit/complete (uring, kvm, svatest, hmm, ...); the sim runs whole
 * programs and has bench_sim. Prints figures; never fails on speed.
 *
 *   bench_backend BACKEND [seconds per variant, default 2] [batch, default 64]
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "arena.h"
#include "backend.h"
#include "clock.h"
#include "collector.h"
#include "engine.h"
#include "oracle.h"
#include "rng.h"

#define NPAGES 64
#define ROUNDS 10
#define BATCH_MAX 64	/* the engine's batch bound */

struct judge {
	struct sf_collector *c;
	atomic_int stop;
};

struct totals {
	uint64_t accesses, ns;
};

static const struct sf_backend_ops *be;
static struct sf_dev *dev;
static struct sf_arena ar;
static uint64_t verdicts, judged, decisive, full_waits;

static void fill(struct sf_access *a, unsigned n, struct sf_rng *r, uint64_t *val)
{
	for (unsigned i = 0; i < n; i++) {
		memset(&a[i], 0, sizeof(a[i]));
		a[i].page = sf_rng_below(r, NPAGES);
		a[i].word = sf_rng_below(r, 8);
		a[i].write = (uint8_t)(sf_rng_next(r) & 1);
		a[i].value = a[i].write ? ++*val | (1ull << 63) : 0;
		a[i].seq = *val;
	}
}

static void batch(struct sf_access *a, unsigned n)
{
	if (be->submit(dev, 0, a, n) || be->complete(dev, 0, a, n)) {
		fprintf(stderr, "bench_backend: %s: a batch failed\n", be->name);
		exit(1);
	}
}

/* The events of one completed batch, as the engine makes them. */
static void record(struct sf_slot *s, const struct sf_access *a, unsigned n, uint64_t t0,
		   uint64_t now)
{
	for (unsigned i = 0; i < n; i++) {
		struct sf_event ev;

		sf_engine_access_event(&a[i], t0, now, &ev);
		sf_slot_put(s, &ev);
	}
}

static void *pump(void *arg)
{
	struct judge *j = arg;

	while (!atomic_load(&j->stop)) {
		sf_collector_pump(j->c);
		sf_collector_wait(j->c, SF_COLLECTOR_PUMP_NS);
	}
	return NULL;
}

static void count_verdict(void *arg, const struct sf_verdict *v)
{
	(void)v;
	if ((*(uint64_t *)arg)++ < 3)
		fprintf(stderr, "bench_backend: verdict %s: %s\n", sf_verdict_name(v->kind), v->why);
}

/*
 * One round; judge != 0 records every access. Adds the accesses made and
 * the time taken to *t: the loop and, judged, the drain of what is left
 * (judging work), not the reset and setup before.
 */
static void round_of(int judge, unsigned nb, double secs, uint64_t *val, struct sf_rng *r,
		     struct totals *t)
{
	struct sf_oracle_cfg cfg = { .npages = NPAGES, .sem = be->sem,
				     .initial = sf_arena_initial(),
				     .on_verdict = count_verdict, .arg = &verdicts };
	struct sf_oracle *o = NULL;
	struct judge j = { 0 };
	struct sf_slot *s = NULL;
	struct sf_access a[BATCH_MAX];
	uint64_t n = 0, start, end;
	pthread_t pt;

	if (judge) {
		be->unbind(dev);
		if (sf_arena_reset(&ar) || be->bind(dev, &ar)) {
			fprintf(stderr, "bench_backend: cannot reset/bind the arena\n");
			exit(1);
		}
		o = sf_oracle_new(&cfg);
		j.c = sf_collector_new(o, 1, NULL, NULL);
		if (!o || !j.c) {
			fprintf(stderr, "bench_backend: out of memory\n");
			exit(1);
		}
		s = sf_collector_slot(j.c, 0);
		pthread_create(&pt, NULL, pump, &j);
	}
	start = sf_now_ns();
	end = start + (uint64_t)(secs * 1e9);
	while (sf_now_ns() < end) {
		fill(a, nb, r, val);
		if (!judge) {
			batch(a, nb);
		} else {
			uint64_t t0 = sf_slot_begin(s);

			sf_fence_after_clock();	/* as the engine's run_dev_batch() */
			batch(a, nb);
			record(s, a, nb, t0, sf_stamp_after_access());
			sf_slot_end(s);
		}
		n += nb;
	}
	if (judge) {
		atomic_store(&j.stop, 1);
		sf_collector_wake(j.c);
		pthread_join(pt, NULL);
		sf_collector_drain(j.c);
		full_waits += sf_collector_full_waits(j.c);
	}
	t->ns += sf_now_ns() - start;
	t->accesses += n;
	if (judge) {
		judged += sf_oracle_stats(o)->accesses_judged;
		decisive += sf_oracle_stats(o)->accesses_decisive;
		sf_collector_free(j.c);
		sf_oracle_free(o);
	}
}

int main(int argc, char **argv)
{
	double secs = argc > 2 ? atof(argv[2]) : 2.0, load[3] = { 0 };
	unsigned nb = argc > 3 ? (unsigned)atoi(argv[3]) : BATCH_MAX;
	struct sf_dev_opts opts = { .nqueues = 1, .seed = 1 };
	struct totals tot[2] = { { 0 } };
	uint64_t val = 0;
	struct sf_rng r;
	char why[256];

	be = argc > 1 ? sf_backend_find(argv[1]) : NULL;
	if (!be || !be->submit || secs <= 0 || nb == 0 || nb > BATCH_MAX) {
		fprintf(stderr, "usage: bench_backend BACKEND [seconds > 0] [batch 1..%d]\n"
			"  BACKEND: one with device accesses (uring, kvm, svatest, hmm, ...)\n",
			BATCH_MAX);
		return 1;
	}
	if (be->probe && be->probe(why, sizeof(why))) {
		printf("bench_backend %s: skipped: %s\n", be->name, why);
		return 0;
	}
	if (sf_arena_open(&ar, NPAGES, why, sizeof(why)) ||
	    be->open(&dev, &opts, why, sizeof(why)) || be->bind(dev, &ar)) {
		fprintf(stderr, "bench_backend %s: %s\n", be->name, why);
		return 1;
	}
	sf_rng_seed(&r, 42);
	getloadavg(load, 3);
	for (int k = 0; k < ROUNDS; k++)
		for (int v = 0; v < 2; v++)
			round_of(v, nb, secs / ROUNDS, &val, &r, &tot[v]);
	double raw = (double)tot[0].accesses / ((double)tot[0].ns / 1e9);
	double jud = (double)tot[1].accesses / ((double)tot[1].ns / 1e9);

	printf("bench_backend %s: batch %u, %d rounds of %.2f s per variant, load average %.2f %.2f %.2f at the start\n",
	       be->name, nb, ROUNDS, secs / ROUNDS, load[0], load[1], load[2]);
	printf("  raw loop          %12.0f accesses/s\n", raw);
	printf("  judged by oracle  %12.0f accesses/s  %.1f %% of raw\n", jud, 100.0 * jud / raw);
	printf("  judged %llu, decisive %llu, verdicts %llu (must be 0), waits on a full ring %llu\n",
	       (unsigned long long)judged, (unsigned long long)decisive,
	       (unsigned long long)verdicts, (unsigned long long)full_waits);
	be->unbind(dev);
	be->close(dev);
	sf_arena_close(&ar);
	return verdicts ? 2 : 0;
}
