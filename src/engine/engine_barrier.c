/*
 * Barriers of the real-backend engine (engine_barrier.h): the program's
 * threads meet at equal barrier ids, so that the ops after a barrier start
 * as close together as the machine allows, which is what makes races happen.
 */
#include <errno.h>
#include <stdlib.h>
#include <time.h>
#include "clock.h"
#include "engine_barrier.h"

/* spin this long before sleeping: the others are usually microseconds away */
#define BARRIER_SPIN_NS 20000ull
/* a malformed barrier (a party that never comes) releases after this: 0.2 s, far above any spin */
#define BARRIER_TIMEOUT_NS 200000000ull
#define NS_PER_S 1000000000ull

static struct eng_barrier *find_barrier(struct eng_barriers *bs, uint32_t id)
{
	for (unsigned i = 0; i < bs->n; i++)
		if (bs->b[i].id == id)
			return &bs->b[i];
	return NULL;
}

/* Parties: the distinct threads with a barrier op of this id. */
static unsigned parties_of(const struct sf_seq *p, uint32_t id)
{
	uint8_t seen[SF_SEQ_MAX_THREADS] = { 0 };
	unsigned n = 0;

	for (size_t i = 0; i < p->nops; i++) {
		const struct sf_seq_op *op = &p->ops[i];

		if (op->op == SF_OP_BARRIER && op->arg0 == id && !seen[op->thread]) {
			seen[op->thread] = 1;
			n++;
		}
	}
	return n;
}

int eng_barriers_init(struct eng_barriers *bs, const struct sf_seq *p)
{
	bs->n = 0;
	bs->b = calloc(p->nops + 1, sizeof(*bs->b));
	if (!bs->b)
		return -1;
	for (size_t i = 0; i < p->nops; i++) {
		const struct sf_seq_op *op = &p->ops[i];
		struct eng_barrier *b;

		if (op->op != SF_OP_BARRIER || find_barrier(bs, op->arg0))
			continue;
		b = &bs->b[bs->n++];
		b->id = op->arg0;
		pthread_mutex_init(&b->lock, NULL);
		pthread_cond_init(&b->cond, NULL);
		b->parties = parties_of(p, b->id);
	}
	return 0;
}

void eng_barriers_free(struct eng_barriers *bs)
{
	for (unsigned i = 0; i < bs->n; i++) {
		pthread_mutex_destroy(&bs->b[i].lock);
		pthread_cond_destroy(&bs->b[i].cond);
	}
	free(bs->b);
	bs->b = NULL;
	bs->n = 0;
}

static void barrier_wait(struct eng_barrier *b, bool (*stop)(void *arg), void *arg)
{
	unsigned gen;
	uint64_t t0 = sf_now_ns();
	struct timespec ts;

	pthread_mutex_lock(&b->lock);
	gen = atomic_load(&b->gen);
	if (++b->arrived >= b->parties) {
		b->arrived = 0;
		atomic_store(&b->gen, gen + 1);
		pthread_cond_broadcast(&b->cond);
		pthread_mutex_unlock(&b->lock);
		return;
	}
	pthread_mutex_unlock(&b->lock);
	/* spin: the others are usually microseconds away, and a race wants them close */
	while (atomic_load_explicit(&b->gen, memory_order_acquire) == gen &&
	       sf_now_ns() - t0 < BARRIER_SPIN_NS)
		;
	if (atomic_load(&b->gen) != gen)
		return;
	pthread_mutex_lock(&b->lock);
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += (long)(BARRIER_TIMEOUT_NS % NS_PER_S);
	ts.tv_sec += (time_t)(BARRIER_TIMEOUT_NS / NS_PER_S) + ts.tv_nsec / (long)NS_PER_S;
	ts.tv_nsec %= (long)NS_PER_S;
	while (atomic_load(&b->gen) == gen && !stop(arg)) {
		if (pthread_cond_timedwait(&b->cond, &b->lock, &ts) == ETIMEDOUT) {
			/* the others never came (a thread ended or waits elsewhere): leave */
			if (atomic_load(&b->gen) == gen && b->arrived)
				b->arrived--;
			break;
		}
	}
	pthread_mutex_unlock(&b->lock);
}

/* eng_barriers_init() made one for every id in the program; never wait on none */
void eng_barrier_wait(struct eng_barriers *bs, uint32_t id, bool (*stop)(void *arg), void *arg)
{
	struct eng_barrier *b = find_barrier(bs, id);

	if (b)
		barrier_wait(b, stop, arg);
}
