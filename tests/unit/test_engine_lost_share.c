/*
 * A device that fails one batch in ten, never twice in a row on a queue,
 * is lost all the same: more than 5 % of the last second's batches failed.
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
	int rc;

	if (fake_dev_open(&x, 2))
		return 77;
	fake_dev.fail_every = 10;
	fake_dev_prog(&prog, 2, 100);
	rc = sf_exec_program(&x, &prog, &h, &st);
	printf("# %s\n", x.lost);
	CHECK_EQ(rc, 2);
	CHECK(strstr(x.lost, "device batches failed within the last second") != NULL);
	CHECK(strstr(x.lost, "errno 5 (Input/output error)") != NULL);
	sf_seq_free(&prog);
	sf_exec_close(&x);
	return tap_done();
}
