/*
 * MADV_DONTNEED on private anon pages whose mlock state the model cannot
 * tell (locked 2, after an munlock that failed half-way): where the kernel
 * zaps the page the effect is FRESH (it once came out KEEP, and the zeroes
 * read after it were reported as STALE_READ); where the page was locked
 * after all the kernel refuses and the effect makes the range unknown.
 */
#include <errno.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "tap.h"
#include "worker_test.h"

int main(void)
{
	struct sf_arena a;
	struct wt_events w;
	struct sf_event ev, acc;

	wt_open(&a, 8);
	/* not locked in truth, "maybe" in the model */
	wt_cpu(&a, 1, 2, 3, 0x55);
	a.locked[2] = 2;
	ev = wt_run(&a, &w, SF_OP_MADVISE, 2, 1, SF_ADV_DONTNEED, 0, 0);
	CHECK_EQ(ev.outcome, SF_OK);
	CHECK_EQ(ev.eff.obj_mode, SF_OBJ_FRESH);
	acc = wt_cpu(&a, 0, 2, 3, 0);
	CHECK_EQ(acc.outcome, SF_OK);
	CHECK_EQ(acc.value, 0);

	/* locked in truth, "maybe" in the model: refused, and nothing is claimed */
	wt_cpu(&a, 1, 5, 1, 0x66);
	/* the raw syscall: sanitizer runtimes turn mlock() into a no-op */
	if (syscall(SYS_mlock, a.base + 5 * a.page_size, a.page_size)) {
		printf("skipped: mlock failed (RLIMIT_MEMLOCK?): the locked half is not checked\n");
	} else {
		a.locked[5] = 2;
		ev = wt_run(&a, &w, SF_OP_MADVISE, 5, 1, SF_ADV_DONTNEED, 0, 0);
		CHECK_EQ(ev.err, EINVAL);
		CHECK(ev.outcome == SF_FAILED ||
		      (ev.eff.flags_set & SF_PS_UNKNOWN && ev.eff.obj_mode == SF_OBJ_FORGET));
		acc = wt_cpu(&a, 0, 5, 1, 0);
		CHECK_EQ(acc.value, 0x66);
		syscall(SYS_munlock, a.base + 5 * a.page_size, a.page_size);
	}
	sf_arena_close(&a);
	return tap_done();
}
