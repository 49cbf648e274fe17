/*
 * For collector tests: run producer threads against one pump thread until
 * they all return, then drain.
 */
#ifndef COLLECTOR_HARNESS_H
#define COLLECTOR_HARNESS_H
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include "collector.h"

struct harness {
	struct sf_collector *c;
	atomic_int running;
};

static void *harness_pump(void *p)
{
	struct harness *h = p;

	while (atomic_load(&h->running))
		sf_collector_pump(h->c);
	return NULL;
}

/* producer(i) gets (void *)(uintptr_t)i, i < nprod (at most 64). */
static void run_producers(struct sf_collector *c, unsigned nprod, void *(*producer)(void *))
{
	struct harness h = { .c = c };
	pthread_t prod[64], pt;

	atomic_store(&h.running, 1);
	pthread_create(&pt, NULL, harness_pump, &h);
	for (unsigned i = 0; i < nprod && i < 64; i++)
		pthread_create(&prod[i], NULL, producer, (void *)(uintptr_t)i);
	for (unsigned i = 0; i < nprod && i < 64; i++)
		pthread_join(prod[i], NULL);
	atomic_store(&h.running, 0);
	pthread_join(pt, NULL);
	sf_collector_drain(c);
}
#endif
