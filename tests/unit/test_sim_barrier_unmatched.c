/*
 * Barriers that cannot all be met (crossed ids, a participant that
 * finished) release anyway: the run ends and every access ran. Such
 * programs come from fuzzer bytes, so they are built here op by op.
 */
#include "test_sim_util.h"

static void push(struct sf_seq *s, unsigned thread, unsigned op, uint32_t page, uint32_t arg0)
{
	struct sf_seq_op o = { .op = (uint16_t)op, .thread = (uint16_t)thread, .page = page,
			       .npages = 1, .arg0 = arg0 };

	if (op == SF_OP_BARRIER)
		o.page = o.npages = 0;
	CHECK_EQ(sf_seq_push(s, &o), 0);
}

int main(void)
{
	struct simt s;
	unsigned ok = 0;

	if (simt_open(&s, NULL, NULL, 1))
		return 1;
	s.prog.arena_pages = 4;
	s.prog.nthreads = 3;
	s.prog.seed = 9;
	push(&s.prog, 0, SF_OP_BARRIER, 0, 1);
	push(&s.prog, 0, SF_OP_BARRIER, 0, 2);
	push(&s.prog, 0, SF_OP_CPU_WRITE, 0, 0);
	push(&s.prog, 1, SF_OP_BARRIER, 0, 2);	/* crossed with thread 0 */
	push(&s.prog, 1, SF_OP_BARRIER, 0, 1);
	push(&s.prog, 1, SF_OP_DEV_WRITE, 1, 0);
	push(&s.prog, 2, SF_OP_CPU_WRITE, 2, 0);
	push(&s.prog, 2, SF_OP_BARRIER, 0, 3);
	push(&s.prog, 0, SF_OP_BARRIER, 0, 3);	/* thread 2 may be long past it */
	push(&s.prog, 0, SF_OP_BARRIER, 0, 3);	/* and nobody else comes twice */
	push(&s.prog, 0, SF_OP_CPU_READ, 0, 0);
	CHECK_EQ(simt_run(&s), 0);
	for (size_t i = 0; i < s.nev; i++)
		ok += s.ev[i].kind == SF_EV_ACCESS && s.ev[i].outcome == SF_OK;
	CHECK_EQ(ok, 4);
	CHECK_EQ(s.nverdicts, 0);
	simt_close(&s);
	return tap_done();
}
