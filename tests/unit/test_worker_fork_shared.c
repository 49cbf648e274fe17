/* fork: the child's writes to shared pages are seen by the parent and recorded as CPU writes with their values. */
#include "tap.h"
#include "worker_test.h"

int main(void)
{
	struct sf_arena a;
	struct wt_events w;
	struct sf_event ev, acc;
	unsigned writes = 0;

	wt_open(&a, 8);
	wt_run(&a, &w, SF_OP_MUNMAP, 2, 2, 0, 0, 0);
	wt_run(&a, &w, SF_OP_MMAP, 2, 1, SF_BK_MEMFD_SHARED, SF_PROT_R | SF_PROT_W, 0);
	wt_run(&a, &w, SF_OP_MMAP, 3, 1, SF_BK_ANON_SHARED, SF_PROT_R | SF_PROT_W, 0);
	wt_run(&a, &w, SF_OP_MPROTECT, 4, 1, SF_PROT_R, 0, 0);	/* not writable: not written */
	ev = wt_run(&a, &w, SF_OP_FORK, 1, 4, 0, 0, 0);
	CHECK_EQ(ev.outcome, SF_OK);
	for (unsigned i = 0; i < w.n; i++) {
		if (w.ev[i].kind != SF_EV_ACCESS)
			continue;
		writes++;
		CHECK_EQ(w.ev[i].op, SF_OP_CPU_WRITE);
		CHECK_EQ(w.ev[i].outcome, SF_OK);
		CHECK_EQ(w.ev[i].t0, ev.t0);
		CHECK(w.ev[i].page == 2 || w.ev[i].page == 3);
		acc = wt_cpu(&a, 0, w.ev[i].page, 0, 0);
		CHECK_EQ(acc.value, w.ev[i].value);
		CHECK(acc.value != 0);
	}
	CHECK_EQ(writes, 2);
	acc = wt_cpu(&a, 0, 4, 0, 0);
	CHECK_EQ(acc.value, 0);
	sf_arena_close(&a);
	return tap_done();
}
