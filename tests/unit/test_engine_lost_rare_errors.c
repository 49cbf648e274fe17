/*
 * No false "lost": a device that fails one batch in a thousand (the very
 * first one among them) runs program after program with 0 returned; its
 * failures are counted as device errors, and everything else completed.
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
	unsigned bad = 0;

	if (fake_dev_open(&x, 2))
		return 77;
	fake_dev.fail_every = 1000;	/* submits 0, 1000, 2000 */
	fake_dev_prog(&prog, 2, 20);
	for (unsigned i = 0; i < 60; i++)	/* 2,400 batches */
		bad += sf_exec_program(&x, &prog, &h, &st) != 0;
	sf_exec_dev_totals(&x, &t);
	printf("# %llu batches ok, %llu errors, lost \"%s\"\n", (unsigned long long)t.batches_ok,
	       (unsigned long long)t.errors, x.lost);
	CHECK_EQ(bad, 0);
	CHECK_EQ(fake_verdicts, 0);
	CHECK_EQ(x.lost[0], 0);
	CHECK_EQ(t.errors, 3);
	CHECK_EQ(t.batches_ok, 2400 - 3);
	CHECK_EQ(t.accesses, (2400 - 3) * 64);
	CHECK_EQ(x.skipped[SF_OP_DEV_READ] + x.skipped[SF_OP_DEV_WRITE], 0);
	CHECK(strstr(x.dev_err_first, "fake submit on queue") != NULL);
	sf_seq_free(&prog);
	sf_exec_close(&x);
	return tap_done();
}
