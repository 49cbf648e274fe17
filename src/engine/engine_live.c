/*
 * Liveness of the device: counting its calls, and the rule that takes it
 * for lost (engine.h, docs/liveness.md). A run whose device stopped
 * answering judged nothing after that, so it must never pass for clean.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "engine.h"

#define LIVE_POLL_NS 50000000ull	/* the pump's check period; samples at least this apart */

/* Only q's thread writes q's counters: a load and a store, no read-modify-write. */
static void bump(_Atomic uint64_t *c, uint64_t by, memory_order order)
{
	atomic_store_explicit(c, atomic_load_explicit(c, memory_order_relaxed) + by, order);
}

void sf_exec_dev_ok(struct sf_exec *x, unsigned q, unsigned naccesses)
{
	struct sf_devq *d = &x->devq[q];

	bump(&d->accesses, naccesses, memory_order_relaxed);
	atomic_store_explicit(&d->err_run, 0, memory_order_relaxed);
	/* last: a reader that sees the batch sees its accesses */
	bump(&d->batches_ok, 1, memory_order_release);
}

void sf_exec_dev_error(struct sf_exec *x, unsigned q, const char *call, int err)
{
	struct sf_devq *d = &x->devq[q];
	int none = SF_DEV_ERR_NONE;

	bump(&d->err_run, 1, memory_order_relaxed);
	bump(&d->errors, 1, memory_order_release);
	/* the first error claims the text; readers wait for it to be READY */
	if (!atomic_compare_exchange_strong(&x->dev_err_state, &none, SF_DEV_ERR_WRITING))
		return;
	snprintf(x->dev_err_first, sizeof(x->dev_err_first), "%s %s on queue %u: errno %d (%s)",
		 x->be->name, call, q, -err, strerror(-err));
	atomic_store_explicit(&x->dev_err_state, SF_DEV_ERR_READY, memory_order_release);
}

void sf_exec_dev_totals(const struct sf_exec *x, struct sf_dev_totals *t)
{
	memset(t, 0, sizeof(*t));
	for (unsigned q = 0; q < SF_SEQ_MAX_THREADS; q++) {
		const struct sf_devq *d = &x->devq[q];

		t->batches_ok += atomic_load_explicit(&d->batches_ok, memory_order_acquire);
		t->errors += atomic_load_explicit(&d->errors, memory_order_acquire);
		t->accesses += atomic_load_explicit(&d->accesses, memory_order_relaxed);
	}
}

static void set_lost(struct sf_exec *x, const char *rule)
{
	const char *first = atomic_load_explicit(&x->dev_err_state, memory_order_acquire) ==
			    SF_DEV_ERR_READY ? x->dev_err_first : NULL;

	snprintf(x->lost, sizeof(x->lost), "%s%s%s", rule, first ? "; first error: " : "",
		 first ? first : "");
}

/* A queue that failed its last SF_LIVE_ERR_RUN batches in a row is dead, whatever the others do. */
static bool dead_queue(struct sf_exec *x)
{
	char rule[96];

	for (unsigned q = 0; q < SF_SEQ_MAX_THREADS; q++) {
		if (atomic_load_explicit(&x->devq[q].err_run, memory_order_relaxed) < SF_LIVE_ERR_RUN)
			continue;
		snprintf(rule, sizeof(rule), "queue %u: its last %u device batches all failed", q,
			 SF_LIVE_ERR_RUN);
		set_lost(x, rule);
		return true;
	}
	return false;
}

/* Keeps a sample at most every LIVE_POLL_NS; returns the oldest within the window. */
static unsigned window_base(struct sf_live *l, const struct sf_dev_totals *t)
{
	unsigned last = (l->head + SF_LIVE_SAMPLES - 1) % SF_LIVE_SAMPLES, base;

	/* the first check's baseline: nothing had failed yet when the device opened */
	if (!l->n) {
		l->s[0].t = l->wc.now;
		l->s[0].ok = l->s[0].err = 0;
		l->head = l->n = 1;
		last = 0;
	}
	if (l->wc.now - l->s[last].t >= LIVE_POLL_NS) {
		last = l->head;
		l->s[l->head].t = l->wc.now;
		l->s[l->head].ok = t->batches_ok;
		l->s[l->head].err = t->errors;
		l->head = (l->head + 1) % SF_LIVE_SAMPLES;
		if (l->n < SF_LIVE_SAMPLES)
			l->n++;
	}
	base = (l->head + SF_LIVE_SAMPLES - l->n) % SF_LIVE_SAMPLES;
	while (l->wc.now - l->s[base].t > SF_LIVE_WINDOW_NS && base != last)
		base = (base + 1) % SF_LIVE_SAMPLES;
	return base;
}

/* More than SF_LIVE_ERR_PCT % of the last second's batches failed, and enough of them to mean it. */
static bool error_share(struct sf_exec *x, const struct sf_dev_totals *t)
{
	struct sf_live *l = &x->live;
	unsigned b = window_base(l, t);
	uint64_t err = t->errors - l->s[b].err, all = err + t->batches_ok - l->s[b].ok;
	char rule[128];

	if (err < SF_LIVE_ERR_MIN || err * 100 <= all * SF_LIVE_ERR_PCT)
		return false;
	snprintf(rule, sizeof(rule), "%llu of %llu device batches failed within the last second",
		 (unsigned long long)err, (unsigned long long)all);
	set_lost(x, rule);
	return true;
}

/*
 * Waiting time adds up only between two checks that both saw a waiter and
 * no good batch in between; any good batch, or nobody waiting, starts over.
 */
static bool stalled(struct sf_exec *x, const struct sf_dev_totals *t, uint64_t dt, const char *waiter)
{
	struct sf_live *l = &x->live;
	char rule[160];

	if (!waiter || t->batches_ok != l->last_ok)
		l->stall_ns = 0;
	else if (l->was_waiting)
		l->stall_ns += dt;
	l->was_waiting = waiter != NULL;
	l->last_ok = t->batches_ok;
	if (l->stall_ns < SF_LIVE_STALL_NS)
		return false;
	snprintf(rule, sizeof(rule), "no device batch completed for %.1f s while %s waited in one",
		 (double)l->stall_ns / 1e9, waiter);
	set_lost(x, rule);
	return true;
}

bool sf_live_check(struct sf_exec *x, const char *waiter)
{
	struct sf_dev_totals t;
	uint64_t before = x->live.wc.now, dt;

	if (x->lost[0])
		return true;
	/* the process stopped as a whole (SIGSTOP, a paused VM) is nobody's stall */
	dt = sf_watch_tick(&x->live.wc, LIVE_POLL_NS) - before;
	sf_exec_dev_totals(x, &t);
	return dead_queue(x) || error_share(x, &t) || stalled(x, &t, dt, waiter);
}
