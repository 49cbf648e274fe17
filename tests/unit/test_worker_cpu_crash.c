/*
 * The CPU accessor's fault handler does not swallow a real crash: a wild
 * store in another thread, outside any access, still kills the process
 * (run in a child: SIGSEGV, or a sanitizer's report and exit when one
 * installed its handler first), while caught accesses keep working.
 */
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include "tap.h"
#include "worker_test.h"

static void *wild(void *arg)
{
	*(volatile int *)arg = 1;
	return NULL;
}

int main(void)
{
	struct sf_arena a;
	struct wt_events w;
	int status = 0;
	pid_t pid;

	wt_open(&a, 4);
	wt_run(&a, &w, SF_OP_MUNMAP, 1, 1, 0, 0, 0);
	CHECK_EQ(wt_cpu(&a, 0, 1, 0, 0).outcome, SF_FAULT);
	pid = fork();
	if (pid == 0) {
		pthread_t t;

		CHECK_EQ(wt_cpu(&a, 0, 1, 0, 0).outcome, SF_FAULT);
		pthread_create(&t, NULL, wild, (void *)(a.base + a.page_size));
		pthread_join(t, NULL);
		_exit(0);	/* not reached if the crash is delivered */
	}
	waitpid(pid, &status, 0);
	CHECK(!WIFEXITED(status) || WEXITSTATUS(status) != 0);	/* it did not go on */
	if (WIFSIGNALED(status))
		CHECK_EQ(WTERMSIG(status), SIGSEGV);
	CHECK_EQ(wt_cpu(&a, 0, 1, 0, 0).outcome, SF_FAULT);	/* still caught here */
	sf_arena_close(&a);
	return tap_done();
}
