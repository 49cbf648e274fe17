/*
 * The engine for real backends: one pthread per program thread, running
 * its ops in order against the real arena and the device, a pump thread
 * feeding the oracle while they run, and a watchdog that names a thread
 * stuck in one op. The barriers the threads meet at are engine_barrier.c.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "clock.h"
#include "collector.h"
#include "engine.h"
#include "engine_barrier.h"
#include "worker.h"

/*
 * device accesses per submit: the batch is one interval of stamps, so a long
 * one widens its accesses; 64 also fits every backend (uring has 64 pipes per
 * queue, a kvm guest ring 120 descriptors)
 */
#define BATCH_MAX 64
/* a delay op spins at most 0.1 s: a program's timing, not a sleep (sequence limit is 1 s) */
#define DELAY_MAX_NS 100000000ull
/* op_start of a thread between ops (a real stamp is never 0) */
#define IDLE 0
/* the pump: watchdog and liveness checks every 50 ms, far finer than their seconds of bounds */
#define WATCHDOG_POLL_NS 50000000ull
/* the run's on_tick about every 200 ms: progress and results stay current in a long program */
#define TICK_NS 200000000ull
/* after an alarm, the healthy threads get 1 s to reach their next op and stop */
#define ABORT_GRACE_NS 1000000000ull
/* joining after an alarm: look for finished threads every 1 ms */
#define JOIN_POLL_NS 1000000L

struct eng;

struct ethread {
	struct eng *e;
	unsigned idx;
	pthread_t tid;
	size_t *ops;			/* indices into prog->ops */
	size_t nops;
	_Atomic uint64_t op_start;	/* 0 = between ops */
	_Atomic size_t cur;		/* op index being run */
	/* the watchdog's view (pump thread only): op_start last seen, and when */
	uint64_t wd_st, wd_since;
	atomic_int done;
};

struct eng {
	struct sf_exec *x;
	const struct sf_seq *prog;
	struct sf_collector *c;
	const struct sf_prog_hooks *hooks;
	struct ethread *th;
	unsigned nth;
	struct eng_barriers bars;
	atomic_int abort;		/* watchdog fired, or the device is lost */
	struct sf_watch_clock wc;	/* the watchdog's clock: process stops left out */
	atomic_int running;		/* worker threads still going */
	pthread_mutex_t skip_lock;
};

static bool stop_asked(struct eng *e)
{
	return atomic_load_explicit(&e->abort, memory_order_relaxed) ||
	       (e->x->stop && atomic_load_explicit(e->x->stop, memory_order_relaxed)) ||
	       (e->x->deadline_ns && sf_now_ns() >= e->x->deadline_ns);
}

static void note_skip(struct eng *e, enum sf_op op, const char *why)
{
	pthread_mutex_lock(&e->skip_lock);
	e->x->skipped[op]++;
	if (!e->x->skip_why[op][0])
		snprintf(e->x->skip_why[op], sizeof(e->x->skip_why[op]), "%s", why);
	pthread_mutex_unlock(&e->skip_lock);
}

/*
 * A failed device call is the device's error, not a skip: it counts for
 * the liveness rule, and its accesses are neither run nor skipped.
 */
static void note_dev_error(struct eng *e, unsigned q, const char *call, int err,
			   const struct sf_access *acc, unsigned n)
{
	sf_exec_dev_error(e->x, q, call, err);
	pthread_mutex_lock(&e->skip_lock);
	for (unsigned i = 0; i < n; i++)
		e->x->dev_failed[e->prog->ops[acc[i].seq].op]++;
	pthread_mutex_unlock(&e->skip_lock);
}

/* For the barriers: stop waiting when the program stops. */
static bool stop_asked_cb(void *arg)
{
	return stop_asked(arg);
}

/* ---- ops ---- */

static void spin_delay(uint64_t ns)
{
	uint64_t end = sf_now_ns() + (ns > DELAY_MAX_NS ? DELAY_MAX_NS : ns);

	while (sf_now_ns() < end)
		;
}

static void init_event(struct sf_event *ev, const struct sf_seq_op *op, size_t idx)
{
	memset(ev, 0, sizeof(*ev));
	ev->op = op->op;
	ev->thread = op->thread;
	ev->seq = idx;
	ev->page = op->page;
	ev->npages = op->npages;
}

static void fix_event(struct sf_event *ev, const struct sf_seq_op *op, size_t idx)
{
	ev->op = op->op;
	ev->thread = op->thread;
	ev->seq = idx;
}

/* Mutations (workers and backend memslot changes) run under the mutation lock. */
static void run_mutation(struct eng *e, struct sf_slot *slot, size_t idx)
{
	const struct sf_seq_op *op = &e->prog->ops[idx];
	struct sf_exec *x = e->x;
	struct sf_event ev;
	int rc;

	init_event(&ev, op, idx);
	pthread_mutex_lock(&x->arena.lock);
	if (sf_op_class(op->op) == SF_CLS_SLOT)
		rc = x->be->mutate(x->dev, op, slot, &ev);
	else
		rc = sf_worker_for(op->op)->exec(&x->arena, op, slot, &ev);
	if (rc >= 0) {
		fix_event(&ev, op, idx);
		sf_slot_put(slot, &ev);
	}
	sf_slot_end(slot);
	pthread_mutex_unlock(&x->arena.lock);
	if (rc < 0) {
		char why[128];

		snprintf(why, sizeof(why), "%s could not run: %s", sf_op_name(op->op), strerror(-rc));
		note_skip(e, op->op, why);
	}
}

static void run_cpu_access(struct eng *e, struct sf_slot *slot, size_t idx)
{
	const struct sf_seq_op *op = &e->prog->ops[idx];
	struct sf_event ev;
	int rc;

	init_event(&ev, op, idx);
	rc = sf_cpu_access(&e->x->arena, op, sf_seq_value(e->prog, idx), slot, &ev);
	if (rc >= 0) {
		fix_event(&ev, op, idx);
		sf_slot_put(slot, &ev);
	}
	sf_slot_end(slot);
	if (rc < 0)
		note_skip(e, op->op, "cpu access failed");
}

void sf_engine_access_event(const struct sf_access *a, uint64_t t0, uint64_t now,
			    struct sf_event *ev)
{
	memset(ev, 0, sizeof(*ev));
	ev->kind = SF_EV_ACCESS;
	ev->op = a->write ? SF_OP_DEV_WRITE : SF_OP_DEV_READ;
	ev->seq = a->seq;
	ev->page = a->page;
	ev->npages = 1;
	ev->word = a->word;
	ev->value = a->value;
	ev->outcome = a->outcome;
	ev->flags = (uint8_t)a->flags;
	ev->err = a->err;
	ev->t0 = a->t0 > t0 ? a->t0 : t0;
	ev->t1 = a->t1 && a->t1 <= now ? a->t1 : now;
	if (ev->t1 < ev->t0)
		ev->t1 = ev->t0;
}

/*
 * A run of consecutive device accesses of this thread, one batch: the slot
 * is stamped before submit, so every access's interval starts at or after
 * the slot's stamp, as the collector needs.
 */
static size_t run_dev_batch(struct eng *e, struct ethread *th, struct sf_slot *slot, size_t k)
{
	const struct sf_seq *p = e->prog;
	struct sf_exec *x = e->x;
	struct sf_access acc[BATCH_MAX];
	unsigned n = 0, q = th->idx;
	uint64_t t0, now;
	const char *call = "submit";
	int rc;

	while (k + n < th->nops && n < BATCH_MAX) {
		size_t idx = th->ops[k + n];
		const struct sf_seq_op *op = &p->ops[idx];

		if (sf_op_class(op->op) != SF_CLS_DEV_ACCESS)
			break;
		memset(&acc[n], 0, sizeof(acc[n]));
		acc[n].page = op->page;
		acc[n].word = op->arg0;
		acc[n].write = op->op == SF_OP_DEV_WRITE;
		acc[n].value = acc[n].write ? sf_seq_value(p, idx) : 0;
		acc[n].seq = idx;
		n++;
	}
	t0 = sf_slot_begin(slot);
	sf_fence_after_clock();
	rc = x->be->submit(x->dev, q, acc, n);
	if (rc >= 0) {
		call = "complete";
		rc = x->be->complete(x->dev, q, acc, n);
	}
	now = sf_stamp_after_access();
	if (rc < 0) {
		sf_slot_end(slot);
		note_dev_error(e, q, call, rc, acc, n);
		return n;
	}
	sf_exec_dev_ok(x, q, n);
	for (unsigned i = 0; i < n; i++) {
		struct sf_event ev;

		sf_engine_access_event(&acc[i], t0, now, &ev);
		ev.thread = p->ops[acc[i].seq].thread;
		sf_slot_put(slot, &ev);
		/* a rights claim beside the access: judged for permission, no value */
		if (acc[i].rights) {
			struct sf_event claim = ev;

			claim.op = acc[i].rights == 2 ? SF_OP_DEV_WRITE : SF_OP_DEV_READ;
			claim.outcome = SF_OK;
			claim.flags = SF_EVF_RIGHTS;
			claim.value = claim.err = 0;
			claim.t0 = acc[i].rights_t0 > t0 ? acc[i].rights_t0 : t0;
			claim.t1 = acc[i].rights_t1 && acc[i].rights_t1 <= now ? acc[i].rights_t1 : now;
			if (claim.t1 < claim.t0)
				claim.t1 = claim.t0;
			sf_slot_put(slot, &claim);
		}
		/* a page-granular device wrote the value into the page's other words too */
		for (unsigned w = 0; acc[i].page_write && ev.outcome == SF_OK &&
		     w < SF_WORDS_PER_PAGE; w++) {
			ev.word = w;
			if (w != acc[i].word)
				sf_slot_put(slot, &ev);
		}
	}
	sf_slot_end(slot);
	return n;
}

static void *thread_main(void *arg)
{
	struct ethread *th = arg;
	struct eng *e = th->e;
	struct sf_slot *slot = sf_collector_slot(e->c, th->idx);
	const struct sf_seq *p = e->prog;
	char why[128];

	for (size_t k = 0; k < th->nops && !stop_asked(e);) {
		size_t idx = th->ops[k];
		const struct sf_seq_op *op = &p->ops[idx];
		enum sf_op_class cls = sf_op_class(op->op);

		atomic_store_explicit(&th->cur, idx, memory_order_relaxed);
		atomic_store_explicit(&th->op_start, sf_now_ns(), memory_order_release);
		if (sf_exec_op_unsupported(e->x, op->op, why, sizeof(why))) {
			note_skip(e, op->op, why);
			k++;
		} else if (cls == SF_CLS_DEV_ACCESS) {
			k += run_dev_batch(e, th, slot, k);
		} else {
			if (cls == SF_CLS_MUTATION || cls == SF_CLS_SLOT)
				run_mutation(e, slot, idx);
			else if (cls == SF_CLS_CPU_ACCESS)
				run_cpu_access(e, slot, idx);
			else if (op->op == SF_OP_BARRIER)
				eng_barrier_wait(&e->bars, op->arg0, stop_asked_cb, e);
			else if (op->op == SF_OP_DELAY)
				spin_delay(op->arg0);
			k++;
		}
		atomic_fetch_add_explicit(&e->x->op_ns[op->op],
					  sf_now_ns() - atomic_load_explicit(&th->op_start, memory_order_relaxed),
					  memory_order_relaxed);
		atomic_store_explicit(&th->op_start, IDLE, memory_order_release);
	}
	atomic_store(&th->done, 1);
	/* the last one out wakes the pump, which ends the program */
	if (atomic_fetch_sub(&e->running, 1) == 1)
		sf_collector_wake(e->c);
	return NULL;
}

/* ---- the pump, the watchdog and the liveness rule ---- */

/*
 * An op is stuck when the watchdog sees the same op_start for longer than
 * watchdog_ns of its own clock (clock.h): a SIGSTOP or frozen cgroup
 * stops every thread, this one too, and is no op's hang.
 */
static void check_watchdog(struct eng *e)
{
	uint64_t now = sf_watch_tick(&e->wc, WATCHDOG_POLL_NS);

	for (unsigned t = 0; t < e->nth; t++) {
		struct ethread *th = &e->th[t];
		uint64_t st = atomic_load_explicit(&th->op_start, memory_order_acquire);

		if (st != th->wd_st) {
			th->wd_st = st;
			th->wd_since = now;
			atomic_fetch_add_explicit(&e->x->progress, 1, memory_order_relaxed);
		}
		if (st == IDLE || now - th->wd_since < e->x->watchdog_ns || atomic_load(&e->abort))
			continue;
		size_t idx = atomic_load(&th->cur);

		snprintf(e->x->hang, sizeof(e->x->hang),
			 "thread %u stuck %.1fs in op %zu (%s) of program seed %llu", t,
			 (double)(now - th->wd_since) / 1e9, idx, sf_op_name(e->prog->ops[idx].op),
			 (unsigned long long)e->prog->seed);
		fprintf(stderr, "svafuzz: watchdog: %s\n", e->x->hang);
		atomic_store(&e->abort, 1);
	}
}

/* Names a thread waiting in a device batch into buf; NULL if none is. */
static const char *device_waiter(struct eng *e, char *buf, size_t n)
{
	for (unsigned t = 0; t < e->nth; t++) {
		struct ethread *th = &e->th[t];
		/* op_start first: its release store comes after cur's, so cur is as new */
		uint64_t st = atomic_load_explicit(&th->op_start, memory_order_acquire);
		size_t idx = atomic_load(&th->cur);

		if (st == IDLE || sf_op_class(e->prog->ops[idx].op) != SF_CLS_DEV_ACCESS)
			continue;
		snprintf(buf, n, "thread %u (op %zu, %s)", t, idx, sf_op_name(e->prog->ops[idx].op));
		return buf;
	}
	return NULL;
}

/* A lost device ends the program like a watchdog alarm: every thread stops at its next op. */
static void check_liveness(struct eng *e)
{
	char waiter[64];

	if (atomic_load(&e->abort))
		return;
	if (sf_live_check(e->x, device_waiter(e, waiter, sizeof(waiter))))
		atomic_store(&e->abort, 1);
}

static void *pump_main(void *arg)
{
	struct eng *e = arg;
	uint64_t last_check = 0, last_tick = sf_now_ns(), abort_at = 0;

	/* after an alarm, keep pumping a while so the healthy threads can finish */
	while (atomic_load(&e->running) > 0) {
		sf_collector_pump(e->c);
		uint64_t now = sf_now_ns();

		if (now - last_check > WATCHDOG_POLL_NS) {
			check_watchdog(e);
			check_liveness(e);
			last_check = now;
		}
		if (e->hooks && e->hooks->on_tick && now - last_tick > TICK_NS) {
			e->hooks->on_tick(e->hooks->arg);
			last_tick = now;
		}
		if (atomic_load(&e->abort) && !abort_at)
			abort_at = now;
		if (abort_at && now - abort_at > ABORT_GRACE_NS)
			break;
		/*
		 * Sleep between pumps even while events come: a pump that spins
		 * takes a TLB shootdown IPI for every mprotect that removes rights
		 * (docs/perf.md). A filling ring wakes it early.
		 */
		sf_collector_wait(e->c, SF_COLLECTOR_PUMP_NS);
	}
	return NULL;
}

/*
 * Joins the workers; after an alarm (watchdog, lost device), waits a
 * little, one second for all of them, and gives up on the stuck.
 */
static bool join_all(struct eng *e, pthread_t pump)
{
	bool hung = false;
	uint64_t until;

	pthread_join(pump, NULL);
	until = sf_now_ns() + ABORT_GRACE_NS;
	for (unsigned t = 0; t < e->nth; t++) {
		struct ethread *th = &e->th[t];

		if (!atomic_load(&e->abort)) {
			pthread_join(th->tid, NULL);
			continue;
		}
		while (!atomic_load(&th->done) && sf_now_ns() < until) {
			struct timespec ts = { 0, JOIN_POLL_NS };

			nanosleep(&ts, NULL);
		}
		if (atomic_load(&th->done)) {
			pthread_join(th->tid, NULL);
		} else {
			pthread_detach(th->tid);
			hung = true;
		}
	}
	return hung;
}

static int split_threads(struct eng *e)
{
	const struct sf_seq *p = e->prog;

	for (size_t i = 0; i < p->nops; i++)
		e->th[p->ops[i].thread].nops++;
	for (unsigned t = 0; t < e->nth; t++) {
		e->th[t].ops = malloc(sizeof(size_t) * (e->th[t].nops + 1));
		if (!e->th[t].ops)
			return -1;
		e->th[t].nops = 0;
		e->th[t].e = e;
		e->th[t].idx = t;
	}
	for (size_t i = 0; i < p->nops; i++) {
		struct ethread *th = &e->th[p->ops[i].thread];

		th->ops[th->nops++] = i;
	}
	return 0;
}

static void free_eng(struct eng *e)
{
	eng_barriers_free(&e->bars);
	for (unsigned t = 0; e->th && t < e->nth; t++)
		free(e->th[t].ops);
	free(e->th);
	pthread_mutex_destroy(&e->skip_lock);
	free(e);
}

int sf_engine_run(struct sf_exec *x, const struct sf_seq *prog, struct sf_collector *c,
		  const struct sf_prog_hooks *h)
{
	struct eng *e;
	pthread_t pump;
	unsigned started = 0;
	bool hung;
	int rc = 0;

	if (x->lost[0])
		return SF_PROG_LOST;	/* a lost device stays lost */
	e = calloc(1, sizeof(*e));
	if (!e)
		return -1;
	e->x = x;
	e->prog = prog;
	e->c = c;
	e->hooks = h;
	e->nth = prog->nthreads;
	pthread_mutex_init(&e->skip_lock, NULL);
	e->th = calloc(e->nth, sizeof(*e->th));
	if (!e->th || split_threads(e) || eng_barriers_init(&e->bars, prog)) {
		free_eng(e);
		return -1;
	}
	if (sf_arena_reset(&x->arena) || x->be->bind(x->dev, &x->arena)) {
		fprintf(stderr, "svafuzz: engine: cannot reset/bind the arena\n");
		free_eng(e);
		return -1;
	}
	atomic_store(&e->running, (int)e->nth);
	if (pthread_create(&pump, NULL, pump_main, e)) {
		x->be->unbind(x->dev);
		free_eng(e);
		return -1;
	}
	for (; started < e->nth; started++)
		if (pthread_create(&e->th[started].tid, NULL, thread_main, &e->th[started]))
			break;
	if (started < e->nth) {
		/* the threads not started count as done */
		atomic_fetch_sub(&e->running, (int)(e->nth - started));
		atomic_store(&e->abort, 1);
		sf_collector_wake(e->c);
		rc = -1;
	}
	e->nth = started;
	hung = join_all(e, pump);
	if (hung) {
		/* a stuck thread still uses e and the device: leave both alone */
		x->stuck = true;
		return x->lost[0] ? SF_PROG_LOST : SF_PROG_HANG;
	}
	x->be->unbind(x->dev);
	/* a short program may end between two of the pump's checks: judge its end too */
	if (!x->hang[0] && rc == 0)
		sf_live_check(x, NULL);
	rc = x->lost[0] ? SF_PROG_LOST : x->hang[0] ? SF_PROG_HANG : rc;
	free_eng(e);
	return rc;
}
