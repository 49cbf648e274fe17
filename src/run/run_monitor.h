/*
 * The run's monitor: a thread that watches the run loop from outside and
 * ends the process when a program stops making progress past every bound
 * (a backend that never returns), after the run loop's own watchdog could
 * not. Private
 * to run.c.
 */
#ifndef SF_RUN_MONITOR_H
#define SF_RUN_MONITOR_H
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

struct sf_run_monitor {
	/* what it watches, set by the run loop */
	_Atomic uint64_t prog_since;	/* start of the program running, 0 between */
	const _Atomic uint64_t *progress; /* bumped as its ops start and end (engine's pump) */
	const uint64_t *prog_index;	/* the program's number, for the message */
	const atomic_int *stop_flag;	/* the signal that asked the run to stop, 0 if none */
	uint64_t duration_ns;		/* the run's --duration, 0 = unbounded */
	uint64_t bound_ns;		/* no progress for this long is a hang; 0 = 3 op watchdogs */
	/* called with why when a bound is passed; must not return */
	void (*overrun)(void *arg, const char *why);
	void *arg;
	/* the thread */
	atomic_int quit;
	pthread_t th;
	bool started;
};

/* Starts the thread; without one (pthread_create failed) the run goes on unwatched. */
void sf_monitor_start(struct sf_run_monitor *m);
void sf_monitor_stop(struct sf_run_monitor *m);
/* A program starts (start = sf_now_ns()) or has ended (0). */
static inline void sf_monitor_program(struct sf_run_monitor *m, uint64_t start)
{
	atomic_store(&m->prog_since, start);
}
#endif
