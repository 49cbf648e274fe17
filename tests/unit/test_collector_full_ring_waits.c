/*
 * A full ring makes the producer wait for the pump, counted, and loses
 * nothing: the pump starts only after the producer has put far more
 * events than a ring holds, so the producer must have found it full.
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
#include "tap.h"

#define NEV 20000	/* ten rings' worth */

static struct sf_collector *col;
static struct seen seen;
static atomic_ulong put;

static void *producer(void *arg)
{
	struct sf_slot *s = sf_collector_slot(col, 0);

	(void)arg;
	for (unsigned i = 0; i < NEV; i++) {
		struct sf_event ev;

		memset(&ev, 0, sizeof(ev));
		ev.t0 = sf_slot_begin(s);
		ev.t1 = sf_now_ns();
		ev.seq = i;
		sf_slot_put(s, &ev);
		sf_slot_end(s);
		atomic_store(&put, i + 1);
	}
	return NULL;
}

int main(void)
{
	struct timespec ts = { 0, 200000000 };
	pthread_t t;
	unsigned long before;

	CHECK(seen_init(&seen, NEV) == 0);
	col = sf_collector_new(NULL, 1, seen_event, &seen);
	CHECK(col != NULL);
	pthread_create(&t, NULL, producer, NULL);
	nanosleep(&ts, NULL);
	before = atomic_load(&put);
	printf("# %lu events put before the pump ran\n", before);
	CHECK(before < NEV);	/* it waited: no ring holds them all */
	while (atomic_load(&put) < NEV)
		sf_collector_pump(col);
	pthread_join(t, NULL);
	sf_collector_drain(col);
	printf("# %llu fed, %llu full waits\n", (unsigned long long)seen.total,
	       (unsigned long long)sf_collector_full_waits(col));
	CHECK(sf_collector_full_waits(col) >= 1);
	CHECK_EQ(seen.total, NEV);
	CHECK_EQ(seen.backwards, 0);
	CHECK(seen_each_once(&seen));
	sf_collector_free(col);
	free(seen.times);
	return tap_done();
}
