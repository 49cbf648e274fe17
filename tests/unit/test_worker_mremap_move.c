/*
 * mremap move: the old range is unmapped (CPU access faults), the new one
 * keeps protection and content (a value written before the move is read
 * after at the new place); the destination's MOVE event comes first.
 */
#include <signal.h>
#include "tap.h"
#include "worker_test.h"

int main(void)
{
	struct sf_arena a;
	struct wt_events w;
	struct sf_event ev, acc;

	wt_open(&a, 32);
	wt_run(&a, &w, SF_OP_MUNMAP, 20, 4, 0, 0, 0);		/* destination must be free */
	acc = wt_cpu(&a, 1, 3, 2, 0xabcdef);
	CHECK_EQ(acc.outcome, SF_OK);
	wt_run(&a, &w, SF_OP_MPROTECT, 2, 4, SF_PROT_R, 0, 0);
	ev = wt_run(&a, &w, SF_OP_MREMAP, 2, 4, 4, 20, SF_MREMAP_MOVE);
	CHECK_EQ(ev.outcome, SF_OK);
	CHECK_EQ(w.n, 2);
	CHECK_EQ(w.ev[0].page, 20);
	CHECK_EQ(w.ev[0].npages, 4);
	CHECK_EQ(w.ev[0].eff.obj_mode, SF_OBJ_MOVE);
	CHECK_EQ(w.ev[0].eff.obj_arg, 2);
	CHECK_EQ(w.ev[1].page, 2);
	CHECK_EQ(w.ev[1].eff.set_backing, SF_BK_NONE);
	CHECK(w.ev[1].t0 > w.ev[0].t0);		/* ordered after the MOVE */
	CHECK_EQ(a.model[21].prot, SF_PROT_R);
	CHECK_EQ(a.model[21].backing, SF_BK_ANON_PRIVATE);
	CHECK_EQ(a.model[3].backing, SF_BK_NONE);

	acc = wt_cpu(&a, 0, 21, 2, 0);
	CHECK_EQ(acc.outcome, SF_OK);
	CHECK_EQ(acc.value, 0xabcdef);
	acc = wt_cpu(&a, 1, 21, 2, 1);
	CHECK_EQ(acc.outcome, SF_FAULT);		/* still read-only */
	CHECK_EQ(acc.err, SEGV_ACCERR);
	acc = wt_cpu(&a, 0, 3, 2, 0);
	CHECK_EQ(acc.outcome, SF_FAULT);
	CHECK_EQ(acc.err, SEGV_MAPERR);

	/* onto a mapped destination: refused without a syscall, nothing changes */
	ev = wt_run(&a, &w, SF_OP_MREMAP, 20, 2, 2, 10, SF_MREMAP_MOVE);
	CHECK_EQ(ev.outcome, SF_FAILED);
	CHECK_EQ(a.model[20].backing, SF_BK_ANON_PRIVATE);
	acc = wt_cpu(&a, 0, 20, 0, 0);
	CHECK_EQ(acc.outcome, SF_OK);
	sf_arena_close(&a);
	return tap_done();
}
