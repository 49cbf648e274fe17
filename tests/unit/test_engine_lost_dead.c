/*
 * A device whose every call fails from some batch on is taken for lost:
 * sf_exec_program returns 2 with x->lost naming the queue and the first
 * error, the thread stops long before its program's end, the failed
 * batches are device errors (not skips), and the device stays lost.
 */
#include <stdio.h>
#include "engine.h"
#include "engine_fake_dev.h"
#include "tap.h"

int main(void)
{
	struct sf_exec x;
	struct sf_seq prog;
	struct sf_oracle_stats st;
	struct sf_prog_hooks h = { NULL, fake_on_verdict, NULL, NULL };
	struct sf_dev_totals t;
	unsigned submits;
	uint64_t t0;
	int rc;

	if (fake_dev_open(&x, 1))
		return 77;
	fake_dev.fail_from = 5;		/* 4 good batches, then EIO, 2 ms each */
	fake_dev.fail_us = 2000;
	fake_dev_prog(&prog, 1, 1000);	/* 2 s of failing batches if nobody stops it */
	t0 = sf_now_ns();
	rc = sf_exec_program(&x, &prog, &h, &st);
	printf("# lost after %u submits, %.3f s: %s\n", atomic_load(&fake_dev.submits),
	       (sf_now_ns() - t0) / 1e9, x.lost);
	CHECK_EQ(rc, 2);
	CHECK(strstr(x.lost, "queue 0") != NULL);
	CHECK(strstr(x.lost, "fake submit on queue 0: errno 5") != NULL);
	CHECK(atomic_load(&fake_dev.submits) < 500);
	CHECK(!x.stuck);
	CHECK_EQ(fake_verdicts, 0);
	sf_exec_dev_totals(&x, &t);
	CHECK_EQ(t.batches_ok, 4);
	CHECK_EQ(t.accesses, 4 * 64);
	CHECK(t.errors >= SF_LIVE_ERR_RUN);
	CHECK_EQ(x.dev_failed[SF_OP_DEV_READ] + x.dev_failed[SF_OP_DEV_WRITE], t.errors * 64);
	CHECK_EQ(x.skipped[SF_OP_DEV_READ] + x.skipped[SF_OP_DEV_WRITE], 0);
	CHECK_EQ(fake_dev.unbinds, 1);

	/* lost stays lost: the next program never reaches the device */
	submits = atomic_load(&fake_dev.submits);
	CHECK_EQ(sf_exec_program(&x, &prog, &h, &st), 2);
	CHECK_EQ(atomic_load(&fake_dev.submits), submits);
	sf_seq_free(&prog);
	sf_exec_close(&x);
	return tap_done();
}
