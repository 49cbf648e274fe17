/*
 * Helpers for the workers' unit tests: an arena, ops run through the
 * worker table with slot == NULL, every event of an op collected.
 */
#ifndef SF_WORKER_TEST_H
#define SF_WORKER_TEST_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "arena.h"
#include "ops.h"
#include "worker.h"

struct wt_events {
	struct sf_event ev[256];
	unsigned n;
};

static inline void wt_sink(void *arg, const struct sf_event *ev)
{
	struct wt_events *w = arg;

	if (w->n < 256)
		w->ev[w->n++] = *ev;
}

static inline void wt_open(struct sf_arena *a, uint32_t npages)
{
	char err[256];

	if (sf_arena_open(a, npages, err, sizeof(err))) {
		fprintf(stderr, "arena: %s\n", err);
		exit(1);
	}
	if (sf_cpu_access_init()) {
		perror("sf_cpu_access_init");
		exit(1);
	}
}

/* Run one op; all its events (the returned last one included) into w. */
static inline struct sf_event wt_run(struct sf_arena *a, struct wt_events *w, enum sf_op op,
				     uint32_t page, uint32_t n, uint32_t arg0, uint32_t arg1,
				     uint32_t arg2)
{
	struct sf_seq_op o = { .op = (uint16_t)op, .page = page, .npages = n,
			       .arg0 = arg0, .arg1 = arg1, .arg2 = arg2 };
	const struct sf_worker *wk = sf_worker_for(op);
	struct sf_event ev;

	memset(&ev, 0, sizeof(ev));
	w->n = 0;
	sf_worker_set_sink(wt_sink, w);
	pthread_mutex_lock(&a->lock);
	wk->exec(a, &o, NULL, &ev);
	pthread_mutex_unlock(&a->lock);
	wt_sink(w, &ev);
	sf_worker_set_sink(NULL, NULL);
	return ev;
}

/* One CPU access; returns the event (outcome, err = si_code, value). */
static inline struct sf_event wt_cpu(struct sf_arena *a, int write, uint32_t page, uint32_t word,
				     uint64_t value)
{
	struct sf_seq_op o = { .op = write ? SF_OP_CPU_WRITE : SF_OP_CPU_READ, .page = page,
			       .npages = 1, .arg0 = word };
	struct sf_event ev;

	memset(&ev, 0, sizeof(ev));
	sf_cpu_access(a, &o, value, NULL, &ev);
	return ev;
}
#endif
