/*
 * MADV_REMOVE over a page the model has lost track of (unknown after a
 * half-done change): whether a file page was discarded is not known, so
 * a later mapping of that file page must say its content is unknown. It
 * once said "the old object", and the zeroes the punched page read were
 * reported as STALE_READ.
 */
#include "tap.h"
#include "worker_test.h"

int main(void)
{
	struct sf_arena a;
	struct wt_events w;
	struct sf_event ev, acc;

	wt_open(&a, 8);
	wt_run(&a, &w, SF_OP_MUNMAP, 1, 1, 0, 0, 0);
	ev = wt_run(&a, &w, SF_OP_MMAP, 1, 1, SF_BK_MEMFD_SHARED, SF_PROT_R | SF_PROT_W, 0);
	CHECK_EQ(ev.outcome, SF_OK);
	CHECK_EQ(ev.eff.obj_mode, SF_OBJ_SET);	/* known file page: its own id */
	wt_cpu(&a, 1, 1, 0, 0x99);
	a.model[1].flags |= SF_PS_UNKNOWN;	/* the model lost track of page 1 */
	ev = wt_run(&a, &w, SF_OP_MADVISE, 1, 1, SF_ADV_REMOVE, 0, 0);
	CHECK_EQ(ev.outcome, SF_OK);
	wt_run(&a, &w, SF_OP_MUNMAP, 1, 1, 0, 0, 0);
	ev = wt_run(&a, &w, SF_OP_MMAP, 1, 1, SF_BK_MEMFD_SHARED, SF_PROT_R | SF_PROT_W, 0);
	CHECK_EQ(ev.outcome, SF_OK);
	acc = wt_cpu(&a, 0, 1, 0, 0);
	CHECK_EQ(acc.value, 0);	/* the kernel did punch it */
	CHECK_EQ(ev.eff.obj_mode, SF_OBJ_FORGET);
	CHECK_EQ(a.model[1].obj, SF_OBJ_UNKNOWN);
	sf_arena_close(&a);
	return tap_done();
}
