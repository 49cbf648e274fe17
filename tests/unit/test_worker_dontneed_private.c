/* MADV_DONTNEED on private anon: content reads 0 after, effect FRESH. */
#include "tap.h"
#include "worker_test.h"

int main(void)
{
	struct sf_arena a;
	struct wt_events w;
	struct sf_event ev, acc;

	wt_open(&a, 8);
	wt_cpu(&a, 1, 2, 3, 0x55);
	ev = wt_run(&a, &w, SF_OP_MADVISE, 1, 3, SF_ADV_DONTNEED, 0, 0);
	CHECK_EQ(ev.outcome, SF_OK);
	CHECK_EQ(w.n, 1);
	CHECK_EQ(ev.eff.obj_mode, SF_OBJ_FRESH);
	CHECK_EQ(ev.eff.set_prot, SF_EFF_KEEP);
	acc = wt_cpu(&a, 0, 2, 3, 0);
	CHECK_EQ(acc.outcome, SF_OK);
	CHECK_EQ(acc.value, 0);
	sf_arena_close(&a);
	return tap_done();
}
