/*
 * punch: a memfd page mapped at two arena pages (mremap moved one mapping,
 * then the same file page was mapped again) reads zero at both after the
 * hole punch, and both get the same new obj (SET), not the old one.
 */
#include "tap.h"
#include "worker_test.h"

int main(void)
{
	struct sf_arena a;
	struct wt_events w;
	struct sf_event ev, acc;
	uint64_t old;
	unsigned sets = 0;

	wt_open(&a, 16);
	wt_run(&a, &w, SF_OP_MUNMAP, 0, 16, 0, 0, 0);
	wt_run(&a, &w, SF_OP_MMAP, 3, 1, SF_BK_MEMFD_SHARED, SF_PROT_R | SF_PROT_W, 0);
	ev = wt_run(&a, &w, SF_OP_MREMAP, 3, 1, 1, 10, SF_MREMAP_MOVE);
	CHECK_EQ(ev.outcome, SF_OK);
	wt_run(&a, &w, SF_OP_MMAP, 3, 1, SF_BK_MEMFD_SHARED, SF_PROT_R | SF_PROT_W, 0);
	CHECK_EQ(a.model[10].obj, a.model[3].obj);	/* one file page, two places */
	old = a.model[3].obj;
	wt_cpu(&a, 1, 10, 1, 0x600d);
	CHECK_EQ(wt_cpu(&a, 0, 3, 1, 0).value, 0x600d);
	ev = wt_run(&a, &w, SF_OP_PUNCH, 3, 1, 0, 0, 0);
	CHECK_EQ(ev.outcome, SF_OK);
	for (unsigned i = 0; i < w.n; i++) {
		if (w.ev[i].eff.obj_mode != SF_OBJ_SET)
			continue;
		sets++;
		CHECK(w.ev[i].page == 3 || w.ev[i].page == 10);
		CHECK_EQ(w.ev[i].npages, 1);
		CHECK(w.ev[i].eff.obj_arg != old);
		CHECK_EQ(w.ev[i].eff.obj_arg, a.memfd_obj[3]);
	}
	CHECK_EQ(sets, 2);
	acc = wt_cpu(&a, 0, 3, 1, 0);
	CHECK_EQ(acc.value, 0);
	acc = wt_cpu(&a, 0, 10, 1, 0);
	CHECK_EQ(acc.value, 0);
	sf_arena_close(&a);
	return tap_done();
}
