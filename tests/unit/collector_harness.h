/*
 * For collector tests: run producer threads against one pump thread until
 * they all return, then drain; and a consumer that checks what it gets.
 */
#ifndef COLLECTOR_HARNESS_H
#define COLLECTOR_HARNESS_H
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include "collector.h"

/* What the consumer got: t0 order, and how often each seq < n came. */
struct seen {
	uint64_t last_t0, backwards, total;
	unsigned char *times;
	size_t n;
};

static inline int seen_init(struct seen *s, size_t n)
{
	*s = (struct seen){ .times = calloc(n, 1), .n = n };
	return s->times ? 0 : -1;
}

/* an on_event callback: arg is the struct seen */
static inline void seen_event(void *arg, const struct sf_event *ev)
{
	struct seen *s = arg;

	if (ev->t0 < s->last_t0)
		s->backwards++;
	s->last_t0 = ev->t0;
	if (ev->seq < s->n)
		s->times[ev->seq]++;
	s->total++;
}

/* every seq below n came exactly once, and nothing else came */
static inline int seen_each_once(const struct seen *s)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->times[i] != 1)
			return 0;
	return s->total == s->n;
}

struct harness {
	struct sf_collector *c;
	atomic_int running;
};

static inline void *harness_pump(void *p)
{
	struct harness *h = p;

	while (atomic_load(&h->running))
		sf_collector_pump(h->c);
	return NULL;
}

/* producer(i) gets (void *)(uintptr_t)i, i < nprod (at most 64). */
static inline void run_producers(struct sf_collector *c, unsigned nprod, void *(*producer)(void *))
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
