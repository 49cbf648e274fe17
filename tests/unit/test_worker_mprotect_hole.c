/*
 * mprotect over a hole fails with ENOMEM after changing the VMAs before
 * the hole: the worker reports exactly that prefix (not the whole range,
 * not nothing), and the CPU agrees.
 */
#include <errno.h>
#include "tap.h"
#include "worker_test.h"

int main(void)
{
	struct sf_arena a;
	struct wt_events w;
	struct sf_event ev;

	wt_open(&a, 16);
	wt_run(&a, &w, SF_OP_MUNMAP, 6, 1, 0, 0, 0);
	ev = wt_run(&a, &w, SF_OP_MPROTECT, 3, 6, SF_PROT_R, 0, 0);
	CHECK_EQ(ev.err, ENOMEM);
	CHECK_EQ(w.n, 2);
	CHECK_EQ(w.ev[0].outcome, SF_OK);
	CHECK_EQ(w.ev[0].page, 3);
	CHECK_EQ(w.ev[0].npages, 3);
	CHECK_EQ(w.ev[0].eff.set_prot, SF_PROT_R);
	CHECK_EQ(w.ev[1].page, 6);
	CHECK_EQ(w.ev[1].eff.set_prot, SF_EFF_KEEP);
	CHECK(!(w.ev[1].eff.flags_set & SF_PS_UNKNOWN));
	CHECK_EQ(wt_cpu(&a, 1, 5, 0, 1).outcome, SF_FAULT);	/* changed */
	CHECK_EQ(wt_cpu(&a, 1, 7, 0, 1).outcome, SF_OK);	/* after the hole: not */
	/* starting in the hole: nothing changes, a plain failure */
	ev = wt_run(&a, &w, SF_OP_MPROTECT, 6, 3, 0, 0, 0);
	CHECK_EQ(ev.outcome, SF_FAILED);
	CHECK_EQ(w.n, 1);
	CHECK_EQ(wt_cpu(&a, 1, 7, 0, 1).outcome, SF_OK);
	sf_arena_close(&a);
	return tap_done();
}
