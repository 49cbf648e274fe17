/* mremap grow in place: the new pages are mapped like the old ones, zero-filled (FRESH); blocked growth fails cleanly. */
#include "tap.h"
#include "worker_test.h"

int main(void)
{
	struct sf_arena a;
	struct wt_events w;
	struct sf_event ev, acc;

	wt_open(&a, 32);
	wt_run(&a, &w, SF_OP_MUNMAP, 8, 8, 0, 0, 0);
	wt_run(&a, &w, SF_OP_MMAP, 8, 2, SF_BK_ANON_PRIVATE, SF_PROT_R | SF_PROT_W, 0);
	ev = wt_run(&a, &w, SF_OP_MREMAP, 8, 2, 5, 8, 0);
	CHECK_EQ(ev.outcome, SF_OK);
	CHECK_EQ(w.n, 1);
	CHECK_EQ(ev.page, 10);
	CHECK_EQ(ev.npages, 3);
	CHECK_EQ(ev.eff.set_backing, SF_BK_ANON_PRIVATE);
	CHECK_EQ(ev.eff.obj_mode, SF_OBJ_FRESH);
	acc = wt_cpu(&a, 1, 12, 0, 5);
	CHECK_EQ(acc.outcome, SF_OK);
	acc = wt_cpu(&a, 0, 13, 0, 0);
	CHECK_EQ(acc.outcome, SF_FAULT);
	/* grow into the mapped page 16: the kernel refuses, nothing changes */
	ev = wt_run(&a, &w, SF_OP_MREMAP, 8, 5, 9, 8, 0);
	CHECK_EQ(ev.outcome, SF_FAILED);
	CHECK_EQ(a.model[13].backing, SF_BK_NONE);
	/* shrink: the tail goes */
	ev = wt_run(&a, &w, SF_OP_MREMAP, 8, 5, 1, 8, 0);
	CHECK_EQ(ev.outcome, SF_OK);
	CHECK_EQ(ev.page, 9);
	CHECK_EQ(ev.eff.set_backing, SF_BK_NONE);
	acc = wt_cpu(&a, 0, 9, 0, 0);
	CHECK_EQ(acc.outcome, SF_FAULT);
	sf_arena_close(&a);
	return tap_done();
}
