/*
 * Multi-threaded mode: many producer threads with random delays inside
 * their operations, one pump thread. The consumer must see t0
 * nondecreasing and every event exactly once.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "clock.h"
#include "collector.h"
#include "collector_harness.h"
#include "rng.h"
#include "tap.h"

#define NPROD 6
#define PER_THREAD 60000

static struct sf_collector *col;
static struct seen seen;

static void spin(uint64_t ns)
{
	uint64_t end = sf_now_ns() + ns;

	while (sf_now_ns() < end)
		;
}

static void *producer(void *p)
{
	unsigned id = (unsigned)(uintptr_t)p;
	struct sf_slot *s = sf_collector_slot(col, id);
	struct sf_rng r;
	unsigned i = 0;

	sf_rng_seed(&r, id + 1);
	while (i < PER_THREAD) {
		uint64_t t0 = sf_slot_begin(s);
		unsigned n = 1 + sf_rng_below(&r, 3);

		if (sf_rng_below(&r, 8) == 0)
			spin(sf_rng_below(&r, 20000));
		for (unsigned k = 0; k < n && i < PER_THREAD; k++, i++) {
			struct sf_event ev;

			memset(&ev, 0, sizeof(ev));
			/* a batch: later accesses may start later than the begin */
			ev.t0 = k ? sf_now_ns() : t0;
			ev.t1 = sf_now_ns();
			ev.seq = (uint64_t)id * PER_THREAD + i;
			ev.thread = (uint16_t)id;
			sf_slot_put(s, &ev);
		}
		sf_slot_end(s);
		if (sf_rng_below(&r, 16) == 0)
			spin(sf_rng_below(&r, 5000));
	}
	return NULL;
}

int main(void)
{
	CHECK(seen_init(&seen, (size_t)NPROD * PER_THREAD) == 0);
	col = sf_collector_new(NULL, NPROD, seen_event, &seen);
	CHECK(col != NULL);
	CHECK(sf_collector_slot(col, NPROD) == NULL);
	run_producers(col, NPROD, producer);

	CHECK_EQ(seen.backwards, 0);
	CHECK_EQ(seen.total, (uint64_t)NPROD * PER_THREAD);
	CHECK(seen_each_once(&seen));
	sf_collector_free(col);
	free(seen.times);
	return tap_done();
}
