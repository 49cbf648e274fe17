/*
 * A pump that only sleeps in sf_collector_wait() between pumps, with a
 * timeout far longer than the test: producers putting many rings' worth of
 * events must wake it (a ring past half full), so no wait times out while
 * they run, and every event reaches the consumer once, in t0 order.
 * Then sf_collector_wake() ends a wait at once.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "clock.h"
#include "collector.h"
#include "collector_harness.h"
#include "tap.h"

#define NPROD 3
#define PER_THREAD 40000
#define LONG_NS 60000000000ull	/* a timeout no wait may reach */

static struct sf_collector *col;
static struct seen seen;
static uint64_t timeouts;
static atomic_int running = NPROD;

static void *producer(void *p)
{
	unsigned id = (unsigned)(uintptr_t)p;
	struct sf_slot *s = sf_collector_slot(col, id);

	for (unsigned i = 0; i < PER_THREAD; i++) {
		struct sf_event ev;

		memset(&ev, 0, sizeof(ev));
		ev.t0 = sf_slot_begin(s);
		ev.t1 = sf_now_ns();
		ev.seq = (uint64_t)id * PER_THREAD + i;
		sf_slot_put(s, &ev);
		sf_slot_end(s);
	}
	if (atomic_fetch_sub(&running, 1) == 1)
		sf_collector_wake(col);
	return NULL;
}

static void *pump(void *arg)
{
	(void)arg;
	while (atomic_load(&running)) {
		sf_collector_pump(col);
		if (!sf_collector_wait(col, LONG_NS))
			timeouts++;
	}
	return NULL;
}

int main(void)
{
	pthread_t prod[NPROD], pt;
	uint64_t t0;

	CHECK(seen_init(&seen, (size_t)NPROD * PER_THREAD) == 0);
	col = sf_collector_new(NULL, NPROD, seen_event, &seen);
	CHECK(col != NULL);
	pthread_create(&pt, NULL, pump, NULL);
	for (unsigned i = 0; i < NPROD; i++)
		pthread_create(&prod[i], NULL, producer, (void *)(uintptr_t)i);
	for (unsigned i = 0; i < NPROD; i++)
		pthread_join(prod[i], NULL);
	pthread_join(pt, NULL);
	sf_collector_drain(col);
	printf("# %llu events, %llu out of order, %llu waits timed out, %llu full waits\n",
	       (unsigned long long)seen.total, (unsigned long long)seen.backwards,
	       (unsigned long long)timeouts, (unsigned long long)sf_collector_full_waits(col));
	CHECK_EQ(seen.total, (uint64_t)NPROD * PER_THREAD);
	CHECK_EQ(seen.backwards, 0);
	CHECK_EQ(timeouts, 0);
	CHECK(seen_each_once(&seen));
	/* a wake before the wait: the wait returns at once, as asked */
	sf_collector_wake(col);
	t0 = sf_now_ns();
	CHECK(sf_collector_wait(col, LONG_NS));
	CHECK(sf_now_ns() - t0 < LONG_NS);
	sf_collector_free(col);
	free(seen.times);
	return tap_done();
}
