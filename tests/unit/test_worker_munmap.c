/* munmap: the effect unmaps the range, and a CPU read then faults with SEGV_MAPERR. */
#include <signal.h>
#include "tap.h"
#include "worker_test.h"

int main(void)
{
	struct sf_arena a;
	struct wt_events w;
	struct sf_event ev, acc;

	wt_open(&a, 16);
	ev = wt_run(&a, &w, SF_OP_MUNMAP, 5, 3, 0, 0, 0);
	CHECK_EQ(w.n, 1);
	CHECK_EQ(ev.outcome, SF_OK);
	CHECK_EQ(ev.eff.set_backing, SF_BK_NONE);
	CHECK_EQ(ev.page, 5);
	CHECK_EQ(ev.npages, 3);
	CHECK_EQ(a.model[6].backing, SF_BK_NONE);
	acc = wt_cpu(&a, 0, 6, 0, 0);
	CHECK_EQ(acc.outcome, SF_FAULT);
	CHECK_EQ(acc.err, SEGV_MAPERR);
	acc = wt_cpu(&a, 0, 8, 0, 0);
	CHECK_EQ(acc.outcome, SF_OK);
	/* again over the hole: fine for the kernel, still unmapped */
	ev = wt_run(&a, &w, SF_OP_MUNMAP, 4, 3, 0, 0, 0);
	CHECK_EQ(ev.outcome, SF_OK);
	acc = wt_cpu(&a, 1, 4, 0, 1);
	CHECK_EQ(acc.outcome, SF_FAULT);
	sf_arena_close(&a);
	return tap_done();
}
