/*
 * The reorder buffer keeps each event whole while it grows and while its
 * entries are reused: the heap moves keys, the events stay in a side
 * array, so a mix-up of indices would hand out the wrong event. Every
 * event carries fields derived from its seq, checked on the way out.
 */
#include <stdint.h>
#include <string.h>
#include "collector.h"
#include "rng.h"
#include "tap.h"

#define N 6000

static unsigned seen[N];
static unsigned nseen, intact = 1, ordered = 1;
static uint64_t last_t0;

static uint64_t mix(uint64_t x)
{
	return x * 0x9e3779b97f4a7c15ull ^ (x >> 7);
}

static void on_event(void *arg, const struct sf_event *ev)
{
	(void)arg;
	if (ev->seq >= N || ev->value != mix(ev->seq) || ev->page != (uint32_t)(ev->seq % 977) ||
	    ev->word != (uint32_t)(ev->seq % 8) || ev->t1 != ev->t0 + ev->seq % 13)
		intact = 0;
	else
		seen[ev->seq]++;
	if (ev->t0 < last_t0)
		ordered = 0;
	last_t0 = ev->t0;
	nseen++;
}

static unsigned count_not_once(void)
{
	unsigned bad = 0;

	for (unsigned k = 0; k < N; k++)
		bad += seen[k] != 1;
	return bad;
}

static void push(struct sf_collector *c, unsigned i, uint64_t t0)
{
	struct sf_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.t0 = t0;
	ev.t1 = t0 + i % 13;
	ev.seq = i;
	ev.value = mix(i);
	ev.page = i % 977;
	ev.word = i % 8;
	sf_collector_push(c, &ev);
}

int main(void)
{
	struct sf_collector *c = sf_collector_new(NULL, 0, on_event, NULL);
	struct sf_rng r;
	unsigned i = 0;

	CHECK(c != NULL);
	sf_rng_seed(&r, 9);
	/* 1: the first half buffered at once, in falling t0: grows 64 -> 4096 */
	for (; i < N / 2; i++)
		push(c, i, 1000000 - i * 10);
	uint64_t floor = 1000000 - (N / 2) * 10 + 15000;	/* about half of them */

	sf_collector_release(c, floor);
	CHECK(nseen > 0 && nseen < N / 2);
	/*
	 * 2: the rest in small bursts released as they come, so that entries
	 * are reused; never below a watermark already released (the
	 * collector's contract with its producer)
	 */
	for (; i < N; i++) {
		push(c, i, floor + sf_rng_below(&r, 2000));
		if (i % 37 == 0) {
			floor += sf_rng_below(&r, 1000);
			sf_collector_release(c, floor);
		}
	}
	sf_collector_drain(c);
	sf_collector_free(c);
	CHECK_EQ(nseen, N);
	CHECK(intact);
	CHECK(ordered);
	CHECK_EQ(count_not_once(), 0);	/* each event out exactly once */
	return tap_done();
}
