/*
 * The real-backend engine batches a thread's consecutive device accesses
 * (at most 64 per submit), ends a batch at any other op, turns each access
 * into one event, and the oracle judges them all without a verdict (the
 * fake device is right by construction). Ops the backend lacks are skipped
 * and counted with a reason.
 */
#include <stdio.h>
#include "engine.h"
#include "engine_fake_dev.h"
#include "tap.h"

static unsigned nverdicts, nevents;

static void on_verdict(void *arg, const struct sf_verdict *v)
{
	(void)arg;
	fprintf(stderr, "  unexpected verdict: %s\n", v->why);
	nverdicts++;
}

static void on_event(void *arg, const struct sf_event *ev)
{
	(void)arg;
	(void)ev;
	nevents++;
}

int main(void)
{
	struct sf_exec x;
	struct sf_seq prog;
	struct sf_oracle_stats st;
	struct sf_prog_hooks h = { on_event, on_verdict, NULL, NULL };
	char err[256] = "", why[128];
	int rc;

	fake_dev.hang_page = -1;
	memset(&x, 0, sizeof(x));
	rc = sf_exec_open(&x, &fake_ops, "", "", 2, 8, err, sizeof(err));
	if (rc) {
		printf("# skipped: %s\n", err);
		return 77;
	}
	sf_seq_init(&prog);
	prog.arena_pages = 8;
	prog.nthreads = 2;
	prog.seed = 5;
	/* thread 0: 100 accesses, a delay, 10 accesses */
	for (unsigned i = 0; i < 100; i++)
		push_op(&prog, 0, i % 2 ? SF_OP_DEV_READ : SF_OP_DEV_WRITE, i % 4, i % 8);
	push_op(&prog, 0, SF_OP_DELAY, 0, 1000);
	for (unsigned i = 0; i < 10; i++)
		push_op(&prog, 0, SF_OP_DEV_READ, 4, 0);
	/* thread 1: a kind the fake backend lacks */
	push_op(&prog, 1, SF_OP_MUNMAP, 6, 0);

	CHECK(sf_exec_op_unsupported(&x, SF_OP_MUNMAP, why, sizeof(why)) != 0);
	CHECK(sf_exec_op_unsupported(&x, SF_OP_DEV_READ, why, sizeof(why)) == 0);
	rc = sf_exec_program(&x, &prog, &h, &st);
	CHECK_EQ(rc, 0);
	CHECK_EQ(fake_dev.nbatch, 3);
	CHECK_EQ(fake_dev.batches[0], 64);
	CHECK_EQ(fake_dev.batches[1], 36);
	CHECK_EQ(fake_dev.batches[2], 10);
	CHECK_EQ(nevents, 110);
	CHECK_EQ(st.accesses_judged, 110);
	CHECK_EQ(nverdicts, 0);
	CHECK_EQ(x.skipped[SF_OP_MUNMAP], 1);
	CHECK_EQ(fake_dev.binds, 1);
	CHECK_EQ(fake_dev.unbinds, 1);
	sf_seq_free(&prog);
	sf_exec_close(&x);
	return tap_done();
}
