/*
 * mremap DONTUNMAP of one page of a locked two-page VMA: the kernel clears
 * VM_LOCKED on the whole old VMA, so MADV_DONTNEED then zaps the other
 * page too, and refuses only at a third page locked in its own VMA. The
 * model must not claim that the walk stopped, untouched, at the first page
 * (it did, and the zeroes read there became a STALE_READ).
 */
#include <errno.h>
#include "tap.h"
#include "worker_test.h"

int main(void)
{
	struct sf_arena a;
	struct wt_events w;
	struct sf_event ev, acc;
	uint64_t obj;

	wt_open(&a, 32);
	wt_run(&a, &w, SF_OP_MUNMAP, 16, 8, 0, 0, 0);
	/* pages 4-5 one VMA, page 6 another (other prot), all three locked */
	wt_run(&a, &w, SF_OP_MUNMAP, 4, 3, 0, 0, 0);
	wt_run(&a, &w, SF_OP_MMAP, 4, 2, SF_BK_ANON_PRIVATE, SF_PROT_R | SF_PROT_W, 0);
	wt_run(&a, &w, SF_OP_MMAP, 6, 1, SF_BK_ANON_PRIVATE, SF_PROT_R, 0);
	ev = wt_run(&a, &w, SF_OP_MLOCK, 4, 3, 0, 0, 0);
	if (ev.outcome != SF_OK) {
		printf("skipped: mlock failed (err %u, RLIMIT_MEMLOCK?)\n", ev.err);
		sf_arena_close(&a);
		return 77;
	}
	wt_cpu(&a, 1, 4, 0, 0x77);
	ev = wt_run(&a, &w, SF_OP_MREMAP, 5, 1, 1, 16, SF_MREMAP_MOVE | SF_MREMAP_DONTUNMAP);
	CHECK_EQ(ev.outcome, SF_OK);
	CHECK(a.locked[4] != 1);	/* unlocked in truth: never "surely locked" */
	obj = a.model[4].obj;
	ev = wt_run(&a, &w, SF_OP_MADVISE, 4, 3, SF_ADV_DONTNEED, 0, 0);
	CHECK_EQ(ev.err, EINVAL);	/* page 6 is still locked */
	acc = wt_cpu(&a, 0, 4, 0, 0);
	CHECK_EQ(acc.outcome, SF_OK);
	if (acc.value == 0)	/* the kernel zapped page 4: the model may not say it kept it */
		CHECK((a.model[4].flags & SF_PS_UNKNOWN) || a.model[4].obj != obj);
	else
		printf("note: page 4 kept its content: this kernel keeps the lock outside the moved range\n");
	sf_arena_close(&a);
	return tap_done();
}
