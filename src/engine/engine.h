/*
 * Executes programs on a backend: the sim runs them itself (run()); real
 * backends get one thread per program thread from the engine, with CPU
 * workers changing the real arena while the device accesses it.
 * Every program gets a fresh oracle and collector.
 */
#ifndef SF_ENGINE_H
#define SF_ENGINE_H
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "arena.h"
#include "clock.h"
#include "oracle.h"
#include "seq.h"
#include "backend.h"

#define SF_WATCHDOG_NS (10ull * 1000000000ull)	/* one op longer than this is a hang */

/*
 * Liveness (docs/liveness.md): the device is taken for lost, and the
 * program ends with SF_PROG_LOST, when any of these holds:
 *  - one queue's last SF_LIVE_ERR_RUN device calls all failed;
 *  - over the last SF_LIVE_WINDOW_NS, more than SF_LIVE_ERR_PCT % of the
 *    device batches failed, SF_LIVE_ERR_MIN of them at least;
 *  - no device batch completed for SF_LIVE_STALL_NS while a thread was
 *    waiting in one (time the whole process was stopped not counted).
 */
#define SF_LIVE_ERR_RUN 8
#define SF_LIVE_WINDOW_NS 1000000000ull
#define SF_LIVE_ERR_PCT 5
#define SF_LIVE_ERR_MIN 8
#define SF_LIVE_STALL_NS (5ull * 1000000000ull)
#define SF_LIVE_SAMPLES 32		/* error-share samples, >= 50 ms apart */

/*
 * One device queue's counters (queue = program thread). Only that queue's
 * engine thread writes them, so plain load+store of atomics suffice; others
 * read them at any time. A cache line each: queues never share one.
 */
struct sf_devq {
	_Alignas(64) _Atomic uint64_t batches_ok;
	_Atomic uint64_t errors;		/* failed submit/complete calls */
	_Atomic uint64_t err_run;		/* errors since the last good batch */
	_Atomic uint64_t accesses;		/* accesses of good batches */
};

struct sf_dev_totals {
	uint64_t batches_ok, errors, accesses;
};

/* The liveness rule's memory: touched by one thread at a time (the engine's pump, then the caller). */
struct sf_live {
	struct { uint64_t t, ok, err; } s[SF_LIVE_SAMPLES];
	unsigned head, n;
	uint64_t stall_ns, last_ok;		/* waiting time with no good batch; batches_ok then */
	bool was_waiting;
	struct sf_watch_clock wc;
};

struct sf_exec {
	const struct sf_backend_ops *be;
	struct sf_dev *dev;
	struct sf_arena arena;		/* real backends only */
	bool have_arena;
	uint32_t arena_pages;
	uint64_t watchdog_ns;
	atomic_int *stop;		/* set on SIGINT/SIGTERM: finish soon */
	uint64_t deadline_ns;		/* CLOCK_MONOTONIC: threads stop there (0 = none) */
	/* ops not run, by kind, and why (first reason) */
	uint64_t skipped[SF_OP__COUNT];
	char skip_why[SF_OP__COUNT][128];
	/* wall time spent in ops of each kind, summed over threads (real backends) */
	_Atomic uint64_t op_ns[SF_OP__COUNT];
	/* watchdog: "" or where a thread hung */
	char hang[200];
	/* op starts and ends the watchdog has seen: the run monitor's heartbeat */
	_Atomic uint64_t progress;
	/* liveness: "" or why the device is taken for lost (sf_exec_program returns 2) */
	char lost[400];
	/* device calls, per queue; summed by sf_exec_dev_totals() */
	struct sf_devq devq[SF_SEQ_MAX_THREADS];
	/* accesses of failed batches, by kind: neither run nor skipped */
	uint64_t dev_failed[SF_OP__COUNT];
	/* the run's first device error, "<backend> <call> on queue q: errno ..." */
	atomic_int dev_err_state;		/* enum sf_dev_err_state */
	char dev_err_first[160];
	struct sf_live live;
	bool stuck;			/* a thread still runs in the device: free nothing it uses */
};

/*
 * dev_err_state: the first failing queue claims dev_err_first (NONE ->
 * WRITING), writes it, then publishes it (READY); readers use it only READY.
 */
enum sf_dev_err_state { SF_DEV_ERR_NONE, SF_DEV_ERR_WRITING, SF_DEV_ERR_READY };

/* sf_exec_program() results besides 0 (ran) and -1 (internal error) */
#define SF_PROG_HANG 1		/* the watchdog fired: x->hang says where */
#define SF_PROG_LOST 2		/* the device stopped answering: x->lost says why */

struct sf_prog_hooks {
	void (*on_event)(void *arg, const struct sf_event *ev);
	void (*on_verdict)(void *arg, const struct sf_verdict *v);
	void *arg;
	/*
	 * Called about every 200 ms from the thread feeding the oracle while a
	 * program of a real backend runs (never at the same time as the other
	 * hooks' callers outside the program), or NULL.
	 */
	void (*on_tick)(void *arg);
};

/*
 * Opens the backend's device (and, for real backends, an arena of
 * arena_pages). knob/arch may be "" or NULL. 0, or -1 with err.
 */
int sf_exec_open(struct sf_exec *x, const struct sf_backend_ops *be, const char *knob,
		 const char *arch, unsigned nqueues, uint32_t arena_pages, char *err, size_t n);
void sf_exec_close(struct sf_exec *x);

/* 0 if this op can run here; else nonzero and why. */
int sf_exec_op_unsupported(const struct sf_exec *x, enum sf_op op, char *why, size_t n);
/* The ops (1ull << SF_OP_*) that can run here among `wanted` (0 = all). */
uint64_t sf_exec_runnable(const struct sf_exec *x, uint64_t wanted);

/*
 * Runs one program with a fresh oracle; the oracle's stats are copied to
 * *st. 0 on success, -1 on an internal error, SF_PROG_HANG when the
 * watchdog fired (x->hang says where), SF_PROG_LOST when the device stopped
 * answering (x->lost says why: the liveness rule above; real backends only,
 * never the sim). After SF_PROG_LOST the device stays lost: later calls
 * return it at once. After either with x->stuck, a thread is still inside
 * the backend: run no more programs.
 */
int sf_exec_program(struct sf_exec *x, const struct sf_seq *prog, const struct sf_prog_hooks *h,
		    struct sf_oracle_stats *st);

/* Device call accounting of the engine (engine_live.c); q < SF_SEQ_MAX_THREADS. */
void sf_exec_dev_ok(struct sf_exec *x, unsigned q, unsigned naccesses);
/* A failed submit or complete (err: -errno); the first one's text is kept. */
void sf_exec_dev_error(struct sf_exec *x, unsigned q, const char *call, int err);
void sf_exec_dev_totals(const struct sf_exec *x, struct sf_dev_totals *t);
/*
 * Applies the liveness rule now; waiter is NULL or names a thread waiting
 * in a device call. True when the device is lost (x->lost set, once).
 */
bool sf_live_check(struct sf_exec *x, const char *waiter);

/*
 * The event of one completed device access of a batch submitted at t0 and
 * completed at now (engine_threads.c): the device's stamps where it has
 * them, clamped into [t0, now]. The caller sets the thread.
 */
void sf_engine_access_event(const struct sf_access *a, uint64_t t0, uint64_t now,
			    struct sf_event *ev);
/* The real-backend engine (engine_threads.c); the caller drains c after. */
int sf_engine_run(struct sf_exec *x, const struct sf_seq *prog, struct sf_collector *c,
		  const struct sf_prog_hooks *h);
#endif
