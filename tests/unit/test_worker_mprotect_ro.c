/* mprotect r: the effect says prot r, and a CPU write then faults with SEGV_ACCERR. */
#include <signal.h>
#include "tap.h"
#include "worker_test.h"

int main(void)
{
	struct sf_arena a;
	struct wt_events w;
	struct sf_event ev, acc;

	wt_open(&a, 16);
	acc = wt_cpu(&a, 1, 3, 1, 0x1234);
	CHECK_EQ(acc.outcome, SF_OK);
	ev = wt_run(&a, &w, SF_OP_MPROTECT, 2, 4, SF_PROT_R, 0, 0);
	CHECK_EQ(w.n, 1);
	CHECK_EQ(ev.kind, SF_EV_MUTATION);
	CHECK_EQ(ev.outcome, SF_OK);
	CHECK_EQ(ev.page, 2);
	CHECK_EQ(ev.npages, 4);
	CHECK_EQ(ev.eff.set_prot, SF_PROT_R);
	CHECK_EQ(ev.eff.set_backing, SF_EFF_KEEP);
	CHECK_EQ(ev.eff.obj_mode, SF_OBJ_KEEP);
	CHECK(ev.t0 <= ev.t1 && ev.t0 > 0);
	CHECK_EQ(a.model[3].prot, SF_PROT_R);
	CHECK_EQ(a.model[6].prot, SF_PROT_R | SF_PROT_W);

	acc = wt_cpu(&a, 1, 3, 0, 7);
	CHECK_EQ(acc.outcome, SF_FAULT);
	CHECK_EQ(acc.err, SEGV_ACCERR);
	acc = wt_cpu(&a, 0, 3, 1, 0);
	CHECK_EQ(acc.outcome, SF_OK);
	CHECK_EQ(acc.value, 0x1234);
	acc = wt_cpu(&a, 1, 6, 0, 7);	/* outside the range: still writable */
	CHECK_EQ(acc.outcome, SF_OK);
	sf_arena_close(&a);
	return tap_done();
}
