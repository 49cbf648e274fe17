/*
 * A device call that never returns, with the watchdog far away: after
 * 5 s with no completed batch while a thread waits in one, the device is
 * lost (2, x->lost names the waiting thread), and x->stuck says a thread
 * is still inside the backend.
 */
#include <stdio.h>
#include "engine.h"
#include "engine_fake_dev.h"
#include "tap.h"

FAKE_DEV_NO_LEAK_CHECK()

int main(void)
{
	struct sf_exec x;
	struct sf_seq prog;
	struct sf_oracle_stats st;
	struct sf_prog_hooks h = { NULL, fake_on_verdict, NULL, NULL };
	uint64_t t0, dt;
	int rc;

	if (fake_dev_open(&x, 2))
		return 77;
	fake_dev.hang_page = 3;
	x.watchdog_ns = 60ull * 1000000000ull;
	sf_seq_init(&prog);
	prog.arena_pages = 8;
	prog.nthreads = 2;
	push_op(&prog, 0, SF_OP_DEV_WRITE, 0, 0);
	push_op(&prog, 1, SF_OP_DEV_READ, 3, 0);	/* op 1: never answers */
	t0 = sf_now_ns();
	rc = sf_exec_program(&x, &prog, &h, &st);
	dt = sf_now_ns() - t0;
	printf("# %.2f s: %s\n", dt / 1e9, x.lost);
	CHECK_EQ(rc, 2);
	CHECK(dt >= SF_LIVE_STALL_NS);
	CHECK(dt < SF_LIVE_STALL_NS + 3000000000ull);
	CHECK(strstr(x.lost, "no device batch completed") != NULL);
	CHECK(strstr(x.lost, "thread 1 (op 1, dev-read)") != NULL);
	CHECK(x.stuck);
	CHECK_EQ(x.hang[0], 0);
	return tap_done();
}
