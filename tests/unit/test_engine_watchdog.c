/*
 * A thread stuck in one op longer than the watchdog bound is reported
 * (thread, op index, op name) and the program ends instead of hanging;
 * the other threads, waiting at a barrier for it, are released.
 */
#include <stdio.h>
#include "engine.h"
#include "engine_fake_dev.h"
#include "tap.h"

/* The engine leaks a hung thread's state on purpose (never freed under it). */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "detect_leaks=0";
}

static void on_verdict(void *arg, const struct sf_verdict *v)
{
	(void)arg;
	(void)v;
}

int main(void)
{
	struct sf_exec x;
	struct sf_seq prog;
	struct sf_oracle_stats st;
	struct sf_prog_hooks h = { NULL, on_verdict, NULL, NULL };
	char err[256] = "";
	uint64_t t0;
	int rc;

	fake_dev.hang_page = 3;
	memset(&x, 0, sizeof(x));
	if (sf_exec_open(&x, &fake_ops, "", "", 2, 8, err, sizeof(err))) {
		printf("# skipped: %s\n", err);
		return 77;
	}
	x.watchdog_ns = 300000000ull;
	sf_seq_init(&prog);
	prog.arena_pages = 8;
	prog.nthreads = 2;
	push_op(&prog, 0, SF_OP_DEV_WRITE, 0, 0);
	push_op(&prog, 0, SF_OP_BARRIER, 0, 1);
	push_op(&prog, 0, SF_OP_DEV_READ, 0, 0);
	push_op(&prog, 1, SF_OP_DEV_READ, 3, 0);	/* op 3: hangs */
	push_op(&prog, 1, SF_OP_BARRIER, 0, 1);

	t0 = sf_now_ns();
	rc = sf_exec_program(&x, &prog, &h, &st);
	CHECK_EQ(rc, 1);
	CHECK(sf_now_ns() - t0 < 5000000000ull);
	printf("# %s\n", x.hang);
	CHECK(strstr(x.hang, "thread 1") != NULL);
	CHECK(strstr(x.hang, "op 3") != NULL);
	CHECK(strstr(x.hang, "dev-read") != NULL);
	return tap_done();
}
