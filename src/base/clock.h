/* Time base of every event: CLOCK_MONOTONIC in nanoseconds. */
#ifndef SF_CLOCK_H
#define SF_CLOCK_H
#include <stdint.h>
#include <time.h>

static inline uint64_t sf_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/*
 * A watchdog's own clock: real time, except that a gap much longer than
 * the watcher's poll counts as one poll. The watcher not running for that
 * long means the whole process was stopped (SIGSTOP, a frozen cgroup, a
 * paused VM): everyone stalled, which is no thread's hang. Under heavy
 * load this only makes a hang known later, never a false one.
 */
struct sf_watch_clock {
	uint64_t last_real;	/* CLOCK_MONOTONIC at the last tick, 0 before the first */
	uint64_t now;		/* the watcher's time, ns */
	uint64_t stalled;	/* real time left out, ns */
};

static inline uint64_t sf_watch_tick(struct sf_watch_clock *c, uint64_t poll_ns)
{
	uint64_t real = sf_now_ns(), d = c->last_real ? real - c->last_real : 0;

	if (d > 10 * poll_ns) {
		c->stalled += d - poll_ns;
		d = poll_ns;
	}
	c->last_real = real;
	c->now += d;
	return c->now;
}
#endif
