/* mremap DONTUNMAP (private anon): the source stays mapped but reads zero; the destination has the content. */
#include "tap.h"
#include "worker_test.h"

int main(void)
{
	struct sf_arena a;
	struct wt_events w;
	struct sf_event ev, acc;

	wt_open(&a, 32);
	wt_run(&a, &w, SF_OP_MUNMAP, 16, 8, 0, 0, 0);
	wt_cpu(&a, 1, 4, 0, 0x77);
	ev = wt_run(&a, &w, SF_OP_MREMAP, 4, 2, 2, 16, SF_MREMAP_MOVE | SF_MREMAP_DONTUNMAP);
	CHECK_EQ(ev.outcome, SF_OK);
	CHECK_EQ(w.n, 2);
	CHECK_EQ(w.ev[0].eff.obj_mode, SF_OBJ_MOVE);
	CHECK_EQ(w.ev[0].page, 16);
	CHECK_EQ(w.ev[1].page, 4);
	CHECK_EQ(w.ev[1].eff.obj_mode, SF_OBJ_FRESH);
	CHECK_EQ(w.ev[1].eff.set_backing, SF_EFF_KEEP);
	acc = wt_cpu(&a, 0, 16, 0, 0);
	CHECK_EQ(acc.outcome, SF_OK);
	CHECK_EQ(acc.value, 0x77);
	acc = wt_cpu(&a, 0, 4, 0, 0);
	CHECK_EQ(acc.outcome, SF_OK);
	CHECK_EQ(acc.value, 0);
	sf_arena_close(&a);
	return tap_done();
}
