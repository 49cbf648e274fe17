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
#include "oracle.h"
#include "seq.h"
#include "sva/backend.h"

#define SF_WATCHDOG_NS (10ull * 1000000000ull)	/* one op longer than this is a hang */

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
};

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
 * *st. 0 on success, -1 on an internal error, 1 when the watchdog fired
 * (x->hang says where).
 */
int sf_exec_program(struct sf_exec *x, const struct sf_seq *prog, const struct sf_prog_hooks *h,
		    struct sf_oracle_stats *st);

/* The real-backend engine (engine_threads.c); the caller drains c after. */
int sf_engine_run(struct sf_exec *x, const struct sf_seq *prog, struct sf_collector *c,
		  const struct sf_prog_hooks *h);
#endif
