/*
 * Race shaping figures: how often two threads with short sections of
 * different lengths overlap under sf_fzsync, against running free, and
 * how often each side starts first. A benchmark, not a test: the rates
 * depend on how busy the machine is (measured idle: 45-65% against
 * 0-12%).
 */
#include <pthread.h>
#include <stdlib.h>
#include <stdio.h>
#include "clock.h"
#include "rng.h"
#include "workers/fuzzy_sync.h"

#define PAIRS 3000
#define FREE_RUNS 3000

static struct sf_fzsync fz;
static uint64_t free_iv[2][FREE_RUNS][2];

static void section(uint64_t ns)
{
	uint64_t end = sf_now_ns() + ns;

	while (sf_now_ns() < end)
		;
}

static void *side_b(void *arg)
{
	for (int i = 0; i < PAIRS; i++) {
		sf_fzsync_start_b(&fz);
		section(1000);
		sf_fzsync_end_b(&fz);
	}
	return arg;
}

/* Free-running: section, then a random pause, like two unsynchronised workers. */
static void *free_side(void *arg)
{
	int me = (int)(intptr_t)arg;
	struct sf_rng r;

	sf_rng_seed(&r, (uint64_t)me + 1);
	for (int i = 0; i < FREE_RUNS; i++) {
		free_iv[me][i][0] = sf_now_ns();
		section(me ? 1000 : 3000);
		free_iv[me][i][1] = sf_now_ns();
		section(sf_rng_below(&r, 40000));
	}
	return arg;
}

static double free_overlap_rate(void)
{
	unsigned hit = 0, j = 0;

	for (int i = 0; i < FREE_RUNS; i++) {
		while (j < FREE_RUNS && free_iv[1][j][1] < free_iv[0][i][0])
			j++;
		hit += j < FREE_RUNS && free_iv[1][j][0] < free_iv[0][i][1];
	}
	return (double)hit / FREE_RUNS;
}

int main(void)
{
	pthread_t t, u;
	double with, without;

	sf_fzsync_init(&fz, 1);
	pthread_create(&t, NULL, side_b, NULL);
	for (int i = 0; i < PAIRS; i++) {
		sf_fzsync_start_a(&fz);
		section(3000);
		sf_fzsync_end_a(&fz);
	}
	pthread_join(t, NULL);
	with = sf_fzsync_overlap_rate(&fz);

	pthread_create(&t, NULL, free_side, (void *)0);
	pthread_create(&u, NULL, free_side, (void *)1);
	pthread_join(t, NULL);
	pthread_join(u, NULL);
	without = free_overlap_rate();
	printf("overlap: %.1f%% with fuzzy sync, %.1f%% free-running; A first %llu, B first %llu; "
	       "sections %.0f / %.0f ns\n", with * 100, without * 100,
	       (unsigned long long)fz.a_first, (unsigned long long)fz.b_first, fz.avg_a, fz.avg_b);
	return 0;
}
