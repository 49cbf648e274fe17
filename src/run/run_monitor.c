/*
 * The run's monitor thread (run_monitor.h): bounds on one program and on
 * the whole run, measured on its own clock (clock.h) so that a
 * whole-process stop (SIGSTOP, cgroup freeze) is not a hang. Program
 * starts are seen by polling, so a bound may be met up to one poll late.
 */
#include <stdio.h>
#include <time.h>
#include "clock.h"
#include "engine.h"
#include "run_monitor.h"

/* after a signal: a program ends within this at its next op; 1.5 s is many ops late */
#define STOP_GRACE_NS 1500000000ull
/* after the duration: a program is cut at the deadline (x.deadline_ns), this is its slack */
#define OVERRUN_GRACE_NS 4000000000ull
/*
 * One program without an op starting or ending: three times the engine's
 * per-op watchdog, which fires first. A slow program whose ops all end
 * (a loaded TCG guest: 300 ops in over 30 s) is progress, not a hang.
 */
#define PROGRAM_BOUND_NS (3 * SF_WATCHDOG_NS)
/* 10 polls a second: bounds of seconds are met a tenth late at most, and it costs nothing */
#define MONITOR_POLL_NS 100000000ull

static void *monitor_main(void *arg)
{
	struct sf_run_monitor *m = arg;
	struct sf_watch_clock wc = { 0 };
	uint64_t stop_seen = 0, dur = m->duration_ns, start, last_since = 0, since_w = 0;
	uint64_t last_progress = 0, bound = m->bound_ns ? m->bound_ns : PROGRAM_BOUND_NS;
	char why[200];

	start = sf_watch_tick(&wc, MONITOR_POLL_NS);
	while (!atomic_load(&m->quit)) {
		struct timespec ts = { 0, MONITOR_POLL_NS };
		uint64_t now, since;

		nanosleep(&ts, NULL);
		now = sf_watch_tick(&wc, MONITOR_POLL_NS);
		since = atomic_load(&m->prog_since);
		if (atomic_load(m->stop_flag) && !stop_seen)
			stop_seen = now;
		if (!since)	/* between programs */
			continue;
		uint64_t progress = m->progress ? atomic_load(m->progress) : 0;

		if (since != last_since || progress != last_progress) {
			last_since = since;
			last_progress = progress;
			since_w = now;
		}
		if (stop_seen && now - stop_seen > STOP_GRACE_NS) {
			snprintf(why, sizeof(why), "program %llu did not stop within %.1f s of a signal",
				 (unsigned long long)*m->prog_index, STOP_GRACE_NS / 1e9);
			m->overrun(m->arg, why);
		}
		if (now - since_w > bound) {
			snprintf(why, sizeof(why), "program %llu: no op started or ended for %.1f s%s",
				 (unsigned long long)*m->prog_index, (now - since_w) / 1e9,
				 wc.stalled ? " (process stops left out)" : "");
			m->overrun(m->arg, why);
		}
		if (dur && now - start > dur + OVERRUN_GRACE_NS) {
			snprintf(why, sizeof(why), "program %llu still running %.1f s after the "
				 "duration%s", (unsigned long long)*m->prog_index,
				 (now - start - dur) / 1e9, wc.stalled ? " (process stops left out)" : "");
			m->overrun(m->arg, why);
		}
	}
	return NULL;
}

void sf_monitor_start(struct sf_run_monitor *m)
{
	m->started = pthread_create(&m->th, NULL, monitor_main, m) == 0;
}

void sf_monitor_stop(struct sf_run_monitor *m)
{
	if (!m->started)
		return;
	atomic_store(&m->quit, 1);
	pthread_join(m->th, NULL);
	m->started = false;
}
