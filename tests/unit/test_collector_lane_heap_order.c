/*
 * The collector buffers a slot's in-order events in its lane and the rest
 * in a heap; release must merge them into (t0, arrival) order, exactly
 * what a single heap gave. One thread drives two slots: ops whose events
 * go back in time (device stamps in any order within the op) with many
 * equal t0s, pumps while a slot is still in flight, then a drain. The
 * arrival order is known (each pump drains slot 0, then slot 1), so the
 * consumer's sequence is checked against it: t0 never decreases, equal
 * t0s come in arrival order, every event once.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "clock.h"
#include "collector.h"
#include "collector_harness.h"
#include "rng.h"
#include "tap.h"

#define NOPS 3000
#define MAXEV 8
#define NEV (NOPS * MAXEV)

static struct seen seen;
static uint64_t arrival[NEV];	/* seq -> arrival index */
static uint64_t pending[2][NEV], npend[2], narrived;
static uint64_t last_arr, tie_wrong, nseq;
static uint64_t last_t0_seen;

static void on_event(void *arg, const struct sf_event *ev)
{
	/* equal t0: arrival order; the harness checks t0 order and once-ness */
	if (seen.total && ev->t0 == last_t0_seen && arrival[ev->seq] < last_arr)
		tie_wrong++;
	last_t0_seen = ev->t0;
	last_arr = arrival[ev->seq];
	seen_event(arg, ev);
}

/* what the next pump drains, in its order: slot 0's new events, then slot 1's */
static void arrive(void)
{
	for (unsigned k = 0; k < 2; k++) {
		for (uint64_t i = 0; i < npend[k]; i++)
			arrival[pending[k][i]] = narrived++;
		npend[k] = 0;
	}
}

static void put_op(struct sf_slot *s, unsigned k, struct sf_rng *r, uint64_t t0)
{
	unsigned n = 1 + sf_rng_below(r, MAXEV);

	for (unsigned i = 0; i < n; i++) {
		struct sf_event ev;

		memset(&ev, 0, sizeof(ev));
		/* coarse offsets: many ties, and often below the previous event */
		ev.t0 = t0 + 100 * sf_rng_below(r, 4);
		ev.t1 = ev.t0 + 1;
		ev.seq = nseq++;
		pending[k][npend[k]++] = ev.seq;
		sf_slot_put(s, &ev);
	}
}

int main(void)
{
	struct sf_collector *c;
	struct sf_rng r;

	CHECK(seen_init(&seen, NEV) == 0);
	c = sf_collector_new(NULL, 2, on_event, &seen);
	CHECK(c != NULL);
	sf_rng_seed(&r, 5);
	for (unsigned op = 0; op < NOPS; op++) {
		unsigned k = sf_rng_below(&r, 2);
		struct sf_slot *s = sf_collector_slot(c, k);
		uint64_t t0 = sf_slot_begin(s);

		put_op(s, k, &r, t0);
		if (sf_rng_below(&r, 4) == 0) {
			/* a pump while this slot is in flight: only part is released */
			arrive();
			sf_collector_pump(c);
			put_op(s, k, &r, t0);
		}
		sf_slot_end(s);
		if (sf_rng_below(&r, 3) == 0) {
			arrive();
			sf_collector_pump(c);
		}
	}
	arrive();
	sf_collector_drain(c);
	seen.n = nseq;
	printf("# %llu events, %llu out of t0 order, %llu ties out of arrival order\n",
	       (unsigned long long)seen.total, (unsigned long long)seen.backwards,
	       (unsigned long long)tie_wrong);
	CHECK(nseq > NOPS);
	CHECK_EQ(seen.backwards, 0);
	CHECK_EQ(tie_wrong, 0);
	CHECK(seen_each_once(&seen));
	sf_collector_free(c);
	free(seen.times);
	return tap_done();
}
