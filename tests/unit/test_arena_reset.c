/*
 * sf_arena_reset: every page anon-private rw again with zero content, the
 * model back to sf_arena_initial() (obj of page i = initial.obj + i), the
 * memfd zeroed and given new obj ids (its old content is gone).
 */
#include "tap.h"
#include "worker_test.h"

int main(void)
{
	struct sf_arena a;
	struct wt_events w;
	struct sf_pstate init = sf_arena_initial();
	uint64_t old_memfd;

	wt_open(&a, 8);
	CHECK_EQ(init.backing, SF_BK_ANON_PRIVATE);
	CHECK_EQ(init.prot, SF_PROT_R | SF_PROT_W);
	wt_cpu(&a, 1, 0, 0, 9);
	wt_run(&a, &w, SF_OP_MUNMAP, 1, 2, 0, 0, 0);
	wt_run(&a, &w, SF_OP_MMAP, 1, 1, SF_BK_MEMFD_SHARED, SF_PROT_R | SF_PROT_W, 0);
	wt_cpu(&a, 1, 1, 0, 7);
	wt_run(&a, &w, SF_OP_MPROTECT, 4, 1, 0, 0, 0);
	old_memfd = a.memfd_obj[1];
	CHECK_EQ(sf_arena_reset(&a), 0);
	for (uint32_t p = 0; p < 8; p++) {
		CHECK_EQ(a.model[p].backing, init.backing);
		CHECK_EQ(a.model[p].prot, init.prot);
		CHECK_EQ(a.model[p].obj, init.obj + p);
		CHECK_EQ(a.model[p].flags, 0);
		CHECK_EQ(wt_cpu(&a, 0, p, 0, 0).value, 0);
		CHECK_EQ(wt_cpu(&a, 1, p, 0, 1).outcome, SF_OK);
	}
	CHECK(a.memfd_obj[1] != old_memfd);
	/* the memfd's old content is gone */
	wt_run(&a, &w, SF_OP_MUNMAP, 1, 1, 0, 0, 0);
	wt_run(&a, &w, SF_OP_MMAP, 1, 1, SF_BK_MEMFD_SHARED, SF_PROT_R, 0);
	CHECK_EQ(wt_cpu(&a, 0, 1, 0, 0).value, 0);
	sf_arena_close(&a);
	return tap_done();
}
