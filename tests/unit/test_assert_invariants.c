/*
 * SF_ASSERT is live where it should be: in a build with SVAFUZZ_ASSERT
 * (Debug, fuzz), a broken model invariant aborts with its name. One put
 * too many on a sim frame must abort the child, and a balanced get/put
 * must not. Without SVAFUZZ_ASSERT the test says it is skipped.
 */
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include "test_sim_util.h"

/* Runs fn in a child; returns the signal that ended it, 0 if it exited. */
static int in_child(void (*fn)(struct sf_dev *), struct sf_dev *d)
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		/* the message goes to stderr, which ctest keeps */
		fn(d);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFSIGNALED(st) ? WTERMSIG(st) : 0;
}

/* A frame that counts references (not the shared zero frame). */
static int32_t counted_frame(struct sf_dev *d)
{
	int32_t f;

	do
		f = sim_frame_alloc(d);
	while (f >= 0 && f <= SIM_ZERO_FRAME);
	return f;
}

static void balanced(struct sf_dev *d)
{
	int32_t f = counted_frame(d);

	sim_frame_get(d, f);
	sim_frame_put(d, f);
	sim_frame_put(d, f);
}

static void one_put_too_many(struct sf_dev *d)
{
	int32_t f = counted_frame(d);

	sim_frame_put(d, f);
	sim_frame_put(d, f);
}

int main(void)
{
	struct simt s;

#ifndef SVAFUZZ_ASSERT
	printf("skipped: SF_ASSERT is compiled out (not a Debug or fuzz build)\n");
	return 77;
#endif
	CHECK_EQ(simt_open(&s, NULL, NULL, 1), 0);
	CHECK_EQ(in_child(balanced, s.d), 0);
	CHECK_EQ(in_child(one_put_too_many, s.d), SIGABRT);
	simt_close(&s);
	return tap_done();
}
