/*
 * Race shaping bookkeeping: every pair is run in lockstep and counted
 * once, each pair is either A-first or B-first, and overlaps are a subset
 * of pairs. (How much the sweep raises the overlap rate is timing, so it
 * is a figure of bench/bench_fuzzy_sync, not a test.)
 */
#include <pthread.h>
#include "tap.h"
#include "workers/fuzzy_sync.h"

#define PAIRS 200

static struct sf_fzsync fz;
static unsigned b_sections;

static void *side_b(void *arg)
{
	for (int i = 0; i < PAIRS; i++) {
		sf_fzsync_start_b(&fz);
		__atomic_fetch_add(&b_sections, 1, __ATOMIC_RELEASE);
		sf_fzsync_end_b(&fz);
	}
	return arg;
}

int main(void)
{
	pthread_t t;
	unsigned a_sections = 0, lockstep = 1;

	sf_fzsync_init(&fz, 1);
	pthread_create(&t, NULL, side_b, NULL);
	for (int i = 0; i < PAIRS; i++) {
		sf_fzsync_start_a(&fz);
		a_sections++;
		sf_fzsync_end_a(&fz);
		/* after end_a both sides finished pair i: B cannot be ahead or behind */
		lockstep &= __atomic_load_n(&b_sections, __ATOMIC_ACQUIRE) == a_sections;
	}
	pthread_join(t, NULL);
	CHECK(lockstep);
	CHECK_EQ(fz.pairs, PAIRS);
	CHECK_EQ(fz.a_first + fz.b_first, PAIRS);
	CHECK(fz.overlaps <= fz.pairs);
	CHECK(fz.avg_a >= 0 && fz.avg_b >= 0);
	return tap_done();
}
