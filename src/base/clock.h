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
 * Fences for stamps around a memory access this thread makes itself (a
 * CPU worker's load or store, a device access an ioctl makes on this CPU).
 * The vDSO clock is a counter read (rdtsc, cntvct) that neither waits for
 * earlier stores to reach the other CPUs nor keeps later loads from
 * running before it, so without them [t0, t1] can miss the instant the
 * access took effect. Seen on this project's machine: of two CPU writes to
 * one word, the one whose t1 came before the other's t0 was the one left
 * in memory, in 0.3 % of a million racing pairs (a store still in the
 * store buffer at t1), and the oracle called the word's later reads wrong.
 */
static inline void sf_fence_after_clock(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__asm__ __volatile__("lfence" ::: "memory");	/* later loads wait for the counter read */
#elif defined(__aarch64__)
	__asm__ __volatile__("isb" ::: "memory");
#endif
}

static inline void sf_fence_before_clock(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__asm__ __volatile__("mfence" ::: "memory");	/* drains the store buffer */
#elif defined(__aarch64__)
	__asm__ __volatile__("dsb ish" ::: "memory");	/* earlier accesses complete */
#else
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
#endif
}

/* t0 of an access this thread is about to make */
static inline uint64_t sf_stamp_before_access(void)
{
	uint64_t t = sf_now_ns();

	sf_fence_after_clock();
	return t;
}

/* t1 of an access this thread has just made: after it is visible to every CPU */
static inline uint64_t sf_stamp_after_access(void)
{
	sf_fence_before_clock();
	return sf_now_ns();
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
