/*
 * The run monitor's hang bound counts time without progress, not a
 * program's length: a program whose ops keep starting and ending runs on
 * past the bound (a loaded TCG guest ran 300 ops in over 30 s and was cut
 * as a hang, exit 5); once they stop, the monitor fires within the bound
 * and says so. The bound here is 1 s and the ops tick every 20 ms, so a
 * false alarm needs a 1 s scheduling stall of this test's ticking thread.
 */
#include <pthread.h>
#include <string.h>
#include <time.h>
#include "clock.h"
#include "run_monitor.h"
#include "tap.h"

#define BOUND_NS 1000000000ull

static atomic_int fired;
static char why[200];

static void on_overrun(void *arg, const char *w)
{
	(void)arg;
	snprintf(why, sizeof(why), "%s", w);
	atomic_store(&fired, 1);
	pthread_exit(NULL);	/* the monitor's thread: "must not return" */
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

int main(void)
{
	static _Atomic uint64_t progress;
	static const atomic_int stop;
	static uint64_t prog_index = 7;
	struct sf_run_monitor m;

	memset(&m, 0, sizeof(m));
	m.progress = &progress;
	m.prog_index = &prog_index;
	m.stop_flag = &stop;
	m.bound_ns = BOUND_NS;
	m.overrun = on_overrun;
	sf_monitor_start(&m);
	CHECK(m.started);
	sf_monitor_program(&m, sf_now_ns());
	/* 3 s of a program that keeps going: three bounds, no alarm */
	for (int i = 0; i < 150 && !atomic_load(&fired); i++) {
		atomic_fetch_add(&progress, 1);
		sleep_ms(20);
	}
	CHECK(!atomic_load(&fired));
	/* then nothing: the alarm within the bound and a poll or two */
	for (int i = 0; i < 250 && !atomic_load(&fired); i++)
		sleep_ms(20);
	CHECK(atomic_load(&fired));
	CHECK(strstr(why, "program 7: no op started or ended for") != NULL);
	printf("# %s\n", why);
	sf_monitor_stop(&m);
	return tap_done();
}
