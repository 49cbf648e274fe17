/*
 * The seeded scheduler. Each step it picks one runnable thread with the
 * sim's rng and runs one step of that thread's current op. Mutations hold
 * the mutation lock from their first step to their last; accesses that
 * need a fault handler wait while a mutation holds the mmap lock for
 * writing; barriers block until every thread that uses the id has
 * arrived or finished (or a bound of steps passes); delays sleep a number
 * of steps. Same program + same seeds = the same steps, always.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "sim.h"

static bool op_in_arena(const struct sf_dev *d, const struct sf_seq_op *op)
{
	if (op->page >= d->npages && !(op->op == SF_OP_COMPACT && !op->npages))
		return false;
	return (uint64_t)op->page + op->npages <= d->npages;
}

static int bar_cmp(const void *a, const void *b)
{
	const struct sim_barrier *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/* The barrier table: one slot per id, its participants as a thread mask. */
static int barriers_build(struct sf_dev *d)
{
	const struct sf_seq *s = d->prog;
	uint32_t n = 0;

	d->nbars = 0;
	for (size_t i = 0; i < s->nops; i++)
		n += s->ops[i].op == SF_OP_BARRIER;
	if (sim_grow((void **)&d->bars, &d->bars_cap, n, sizeof(*d->bars)))
		return -1;
	for (size_t i = 0; i < s->nops; i++) {
		const struct sf_seq_op *op = &s->ops[i];

		if (op->op != SF_OP_BARRIER || op->thread >= d->nth)
			continue;
		d->bars[d->nbars++] = (struct sim_barrier){ .id = op->arg0,
			.threads = 1ull << op->thread };
	}
	if (d->nbars > 1)
		qsort(d->bars, d->nbars, sizeof(*d->bars), bar_cmp);
	n = 0;
	for (uint32_t i = 0; i < d->nbars; i++) {
		if (n && d->bars[n - 1].id == d->bars[i].id)
			d->bars[n - 1].threads |= d->bars[i].threads;
		else
			d->bars[n++] = d->bars[i];
	}
	d->nbars = n;
	for (uint32_t i = 0; i < n; i++)
		d->bars[i].participants = (uint32_t)__builtin_popcountll(d->bars[i].threads);
	return 0;
}

static int32_t barrier_find(const struct sf_dev *d, uint32_t id)
{
	uint32_t lo = 0, hi = d->nbars;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (d->bars[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < d->nbars && d->bars[lo].id == id ? (int32_t)lo : -1;
}

static void barrier_release(struct sf_dev *d, int32_t b)
{
	for (uint32_t t = 0; t < d->nth; t++)
		if (d->th[t].barrier == b)
			d->th[t].barrier = -1;
	d->bars[b].waiting = 0;
}

/* Everyone who will ever come is here (finished threads will not). */
static bool barrier_full(const struct sf_dev *d, const struct sim_barrier *b)
{
	uint64_t gone = d->done_mask & b->threads;

	return b->waiting + (uint32_t)__builtin_popcountll(gone) >= b->participants;
}

static bool runnable(struct sf_dev *d, uint32_t tid)
{
	struct sim_thread *t = &d->th[tid];

	if (t->done)
		return false;
	if (t->barrier >= 0) {
		if (barrier_full(d, &d->bars[t->barrier]))
			barrier_release(d, t->barrier);
		else if (d->now - t->bar_since > SIM_BARRIER_BOUND)
			barrier_release(d, t->barrier);	/* a malformed program must not hang */
		else
			return false;
	}
	if (t->wake > d->now)
		return false;
	if (t->active)
		return !t->want_rlock || !d->mut.mmap_write || d->mut.owner < 0 ||
		       (uint32_t)d->mut.owner == tid;
	if (t->next >= t->nops) {
		t->done = true;
		d->done_mask |= 1ull << tid;
		return false;
	}
	if (t->next_mut)
		return d->mut.owner < 0;
	return true;
}

/* The threads that can take the next step, in thread order, into order[]; how many. */
static SIM_NO_COVERAGE uint32_t runnable_set(struct sf_dev *d, uint32_t *order)
{
	uint32_t n = 0;

	for (uint32_t t = 0; t < d->nth; t++)
		if (runnable(d, t))
			order[n++] = t;
	return n;
}

/* Notes whether the thread's next op is a mutation, once, not at every step. */
static void note_next(struct sf_dev *d, struct sim_thread *t)
{
	enum sf_op op = t->next < t->nops ? d->prog->ops[t->ops[t->next]].op : SF_OP_BARRIER;

	/* hmm's device-side ops and the IOAS ops run as mutations here */
	t->next_mut = sf_op_class(op) == SF_CLS_MUTATION || (SIM_SLOT_OPS & SF_OPB(op));
}

static void start_control(struct sf_dev *d, struct sim_thread *t, const struct sf_seq_op *op)
{
	if (op->op == SF_OP_DELAY) {
		uint64_t steps = op->arg0 / SIM_TICK_NS;

		t->wake = d->now + 1 + (steps < SIM_DELAY_MAX ? steps : SIM_DELAY_MAX);
		return;
	}
	int32_t b = barrier_find(d, op->arg0);

	if (b < 0)
		return;
	t->barrier = b;
	t->bar_since = d->now;
	d->bars[b].waiting++;
}

static void end_mutation(struct sf_dev *d, struct sim_thread *t)
{
	t->active = false;
	d->mut.owner = -1;
	d->mut.mmap_write = false;
}

static void start_op(struct sf_dev *d, struct sim_thread *t, uint32_t tid)
{
	const struct sf_seq_op *op;
	int err;

	t->cur = t->ops[t->next++];
	op = &d->prog->ops[t->cur];
	t->cur_mut = t->next_mut;
	note_next(d, t);
	switch (sf_op_class(op->op)) {
	case SF_CLS_CONTROL:
		start_control(d, t, op);
		return;
	case SF_CLS_DEV_ACCESS:
	case SF_CLS_CPU_ACCESS:
		if (op->page >= d->npages)
			return;
		t->active = true;
		t->t0 = sim_time(d);
		t->phase = 0;
		t->noops = t->rounds = 0;
		if (sim_access_step(d, t, tid))
			t->active = false;
		return;
	case SF_CLS_SLOT:	/* memslots: not KVM, not in ops_supported; hmm's, IOAS's as mutations */
		if (!(SIM_SLOT_OPS & SF_OPB(op->op)))
			return;
		/* fall through */
	case SF_CLS_MUTATION:
		if (!op_in_arena(d, op))
			return;
		t->active = true;
		t->t0 = sim_time(d);
		d->mut.owner = (int32_t)tid;
		d->mut.op = t->cur;
		err = sim_mut_begin(d, op);
		if (err) {
			sim_push_failed(d, op, (uint16_t)tid, t->t0, err);
			end_mutation(d, t);
		}
		return;
	}
}

static void step(struct sf_dev *d, uint32_t tid)
{
	struct sim_thread *t = &d->th[tid];
	const struct sf_seq_op *op;

	if (!t->active) {
		start_op(d, t, tid);
		return;
	}
	op = &d->prog->ops[t->cur];
	if (!t->cur_mut) {
		if (sim_access_step(d, t, tid))
			t->active = false;
		return;
	}
	if (sim_mop_step(d)) {
		sim_eff_flush(d, op, (uint16_t)tid, t->t0, sim_time(d));
		end_mutation(d, t);
	}
}

/* Nobody can run: wake the earliest sleeper, else free the oldest barrier. */
static bool unblock(struct sf_dev *d)
{
	uint64_t wake = UINT64_MAX, since = UINT64_MAX;
	int32_t bar = -1;

	for (uint32_t t = 0; t < d->nth; t++) {
		const struct sim_thread *th = &d->th[t];

		if (th->done)
			continue;
		if (th->barrier >= 0 && th->bar_since < since) {
			since = th->bar_since;
			bar = th->barrier;
		} else if (th->barrier < 0 && th->wake > d->now && th->wake < wake) {
			wake = th->wake;
		}
	}
	if (wake != UINT64_MAX) {
		d->now = wake;
		return true;
	}
	if (bar >= 0) {
		barrier_release(d, bar);
		return true;
	}
	return false;
}

static SIM_NO_COVERAGE uint64_t watermark(const struct sf_dev *d)
{
	uint64_t wm = sim_time(d);

	for (uint32_t t = 0; t < d->nth; t++)
		if (d->th[t].active && d->th[t].t0 < wm)
			wm = d->th[t].t0;
	return wm;
}

static int threads_build(struct sf_dev *d)
{
	const struct sf_seq *s = d->prog;
	size_t off = 0;

	d->nth = s->nthreads < SF_SEQ_MAX_THREADS ? s->nthreads : SF_SEQ_MAX_THREADS;
	d->done_mask = 0;
	if (sim_grow((void **)&d->th, &d->th_cap, d->nth, sizeof(*d->th)) ||
	    sim_grow((void **)&d->opidx, &d->opidx_cap, s->nops, sizeof(*d->opidx)))
		return -1;
	for (uint32_t t = 0; t < d->nth; t++) {
		memset(&d->th[t], 0, sizeof(d->th[t]));
		d->th[t].barrier = -1;
	}
	for (size_t i = 0; i < s->nops; i++)
		if (s->ops[i].thread < d->nth)
			d->th[s->ops[i].thread].nops++;
	for (uint32_t t = 0; t < d->nth; t++) {
		/* an empty program leaves opidx NULL: no pointer arithmetic on it */
		d->th[t].ops = d->opidx ? d->opidx + off : NULL;
		off += d->th[t].nops;
		d->th[t].nops = 0;
	}
	for (size_t i = 0; i < s->nops; i++) {
		struct sim_thread *th;

		if (s->ops[i].thread >= d->nth)
			continue;
		th = &d->th[s->ops[i].thread];
		th->ops[th->nops++] = (uint32_t)i;
	}
	for (uint32_t t = 0; t < d->nth; t++)
		note_next(d, &d->th[t]);
	return 0;
}

int sim_run(struct sf_dev *d, const struct sf_seq *prog, struct sf_collector *c)
{
	uint32_t order[SF_SEQ_MAX_THREADS];
	uint64_t x = d->seed;

	if (!prog->arena_pages || prog->arena_pages > SF_SEQ_MAX_PAGES)
		return -EINVAL;
	d->prog = prog;
	d->col = c;
	d->now = 1;	/* t = 0 is the initial state's instant */
	d->events = 0;
	sf_rng_seed(&d->rng, prog->seed ^ sf_splitmix64(&x));
	memset(&d->mut, 0, offsetof(struct sim_mut, mops));
	d->mut.owner = -1;
	if (sim_mem_reset(d, prog->arena_pages) || threads_build(d) || barriers_build(d))
		return -ENOMEM;
	for (;;) {
		uint32_t n = runnable_set(d, order);

		if (!n) {
			if (unblock(d))
				continue;
			break;
		}
		step(d, order[n == 1 ? 0 : sf_rng_below(&d->rng, n)]);
		d->now++;
		d->st.steps++;
		if (c && !(d->now & 63))
			sf_collector_release(c, watermark(d));
	}
	if (c)
		sf_collector_release(c, sim_time(d) + 1);
	d->prog = NULL;
	return 0;
}
