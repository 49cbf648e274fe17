/* MADV_DONTNEED on memfd-shared pages keeps the content (KEEP); on private ones next to them it does not. */
#include "tap.h"
#include "worker_test.h"

int main(void)
{
	struct sf_arena a;
	struct wt_events w;
	struct sf_event ev, acc;

	wt_open(&a, 8);
	wt_run(&a, &w, SF_OP_MUNMAP, 2, 2, 0, 0, 0);
	ev = wt_run(&a, &w, SF_OP_MMAP, 2, 2, SF_BK_MEMFD_SHARED, SF_PROT_R | SF_PROT_W, 0);
	CHECK_EQ(ev.outcome, SF_OK);
	CHECK_EQ(ev.eff.obj_mode, SF_OBJ_SET);
	CHECK_EQ(ev.eff.obj_arg, a.obj_memfd + 2);
	wt_cpu(&a, 1, 3, 0, 0x99);
	wt_cpu(&a, 1, 4, 0, 0x98);
	ev = wt_run(&a, &w, SF_OP_MADVISE, 2, 3, SF_ADV_DONTNEED, 0, 0);
	CHECK_EQ(ev.outcome, SF_OK);
	CHECK_EQ(w.n, 2);
	CHECK_EQ(w.ev[0].page, 2);
	CHECK_EQ(w.ev[0].npages, 2);
	CHECK_EQ(w.ev[0].eff.obj_mode, SF_OBJ_KEEP);
	CHECK_EQ(w.ev[1].page, 4);
	CHECK_EQ(w.ev[1].eff.obj_mode, SF_OBJ_FRESH);
	acc = wt_cpu(&a, 0, 3, 0, 0);
	CHECK_EQ(acc.value, 0x99);
	acc = wt_cpu(&a, 0, 4, 0, 0);
	CHECK_EQ(acc.value, 0);
	sf_arena_close(&a);
	return tap_done();
}
