/*
 * The barriers of one program on the real-backend engine: one per barrier
 * id, shared by the threads whose ops name it. Private to engine_threads.c.
 */
#ifndef SF_ENGINE_BARRIER_H
#define SF_ENGINE_BARRIER_H
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include "seq.h"

struct eng_barrier {
	uint32_t id;
	unsigned parties;		/* threads whose program has this id */
	unsigned arrived;
	atomic_uint gen;
	pthread_mutex_t lock;
	pthread_cond_t cond;
};

struct eng_barriers {
	struct eng_barrier *b;
	unsigned n;
};

/* One barrier for every id in prog; 0, or -1 out of memory. */
int eng_barriers_init(struct eng_barriers *bs, const struct sf_seq *prog);
void eng_barriers_free(struct eng_barriers *bs);
/*
 * Waits until every party of barrier id arrived, stop(arg) says to stop,
 * or a timeout (a malformed program) passes; an unknown id does not wait.
 */
void eng_barrier_wait(struct eng_barriers *bs, uint32_t id, bool (*stop)(void *arg), void *arg);
#endif
