/*
 * The pump must read the in-flight stamps BEFORE it drains the rings.
 * Producers here publish an event whose t0 is old (taken at begin) and go
 * idle right after: a pump that drained first and read stamps second would
 * find them idle, release past their t0 and feed the event out of order
 * on its next round. Many slots widen the window between the two steps;
 * the run lasts long enough that the wrong order is caught every time.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include "clock.h"
#include "collector.h"
#include "collector_harness.h"
#include "rng.h"
#include "tap.h"

#define NSLOTS 64
#define NPROD 3
#define RUN_NS 1500000000ull

static struct sf_collector *col;
static uint64_t last_t0, backwards, total;
static atomic_ulong produced;

static void on_event(void *arg, const struct sf_event *ev)
{
	(void)arg;
	if (ev->t0 < last_t0)
		backwards++;
	last_t0 = ev->t0;
	total++;
}

static void *producer(void *p)
{
	unsigned id = (unsigned)(uintptr_t)p;
	/* spread over the slot array so the pump's loops are long */
	struct sf_slot *s = sf_collector_slot(col, id * (NSLOTS / NPROD) + NSLOTS / NPROD - 1);
	struct sf_rng r;
	uint64_t end = sf_now_ns() + RUN_NS;
	unsigned long n = 0;

	sf_rng_seed(&r, id + 7);
	while (sf_now_ns() < end) {
		uint64_t t0 = sf_slot_begin(s);
		uint64_t until = t0 + sf_rng_below(&r, 3000);
		struct sf_event ev;

		while (sf_now_ns() < until)
			;
		memset(&ev, 0, sizeof(ev));
		ev.t0 = t0;
		ev.t1 = sf_now_ns();
		sf_slot_put(s, &ev);
		sf_slot_end(s);
		n++;
	}
	atomic_fetch_add(&produced, n);
	return NULL;
}

int main(void)
{
	col = sf_collector_new(NULL, NSLOTS, on_event, NULL);
	CHECK(col != NULL);
	run_producers(col, NPROD, producer);
	printf("# %lu events, %llu out of order\n", (unsigned long)total,
	       (unsigned long long)backwards);
	CHECK(total > 10000);
	CHECK_EQ(total, atomic_load(&produced));
	CHECK_EQ(backwards, 0);
	sf_collector_free(col);
	return tap_done();
}
