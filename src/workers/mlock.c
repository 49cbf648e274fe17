/*
 * mlock / munlock: no content or permission effect (KEEP). They matter to
 * the model because madvise refuses mlocked VMAs, so the lock state is
 * tracked per page (a->locked: 2 when a failure leaves it uncertain).
 * Like mprotect, they walk VMA by VMA and stop at a hole with ENOMEM.
 */
#include <errno.h>
#include <sys/mman.h>
#include "clock.h"
#include "wk.h"

int wk_mlock_supported(char *why, size_t n)
{
	return 0;
}

int wk_munlock_supported(char *why, size_t n)
{
	return 0;
}

static int prot_none_in(const struct sf_arena *a, const struct sf_seq_op *op)
{
	for (uint32_t i = 0; i < op->npages; i++)
		if (wk_mapped(a, op->page + i) && !wk_unknown(a, op->page + i) &&
		    a->model[op->page + i].prot == 0)
			return 1;
	return 0;
}

/*
 * Pages the walk changed: all on success; on ENOMEM the prefix before the
 * first hole, if the model knows every page up to it; otherwise "maybe".
 */
static void set_locked(struct sf_arena *a, const struct sf_seq_op *op, int ret, int err, uint8_t v)
{
	uint32_t stop = op->npages;
	int sure = ret == 0 || (err == ENOMEM && a->vma_budget_ok);

	for (uint32_t i = 0; ret && i < op->npages && stop == op->npages; i++) {
		if (wk_unknown(a, op->page + i))
			sure = 0;
		else if (!wk_mapped(a, op->page + i))
			stop = i;
	}
	/*
	 * No hole: every VMA got VM_LOCKED, then faulting the pages in failed
	 * with ENOMEM on a PROT_NONE one (mlock only); anything else the model
	 * cannot explain.
	 */
	if (ret && stop == op->npages && !(v && prot_none_in(a, op)))
		sure = 0;
	for (uint32_t i = 0; i < op->npages; i++) {
		uint32_t p = op->page + i;

		if (!sure)
			a->locked[p] = wk_mapped(a, p) || wk_unknown(a, p) ? SF_LOCK_MAYBE : SF_LOCK_NO;
		else if (i < stop)
			a->locked[p] = v;
	}
}

static int lock_exec(struct sf_arena *a, const struct sf_seq_op *op, struct sf_slot *slot,
		     struct sf_event *ev, int lock)
{
	void *addr = wk_addr(a, op->page);
	size_t len = wk_len(a, op->npages);
	int ret, err;

	wk_event_init(ev, op);
	ev->t0 = wk_begin(slot);
	ret = wk_sys_mlock(addr, len, lock);
	err = ret ? errno : 0;
	ev->err = (uint32_t)err;
	ev->t1 = sf_now_ns();
	ev->outcome = ret ? SF_FAILED : SF_OK;
	/* content and permissions are untouched even when it fails half-way */
	set_locked(a, op, ret, err, lock ? SF_LOCK_YES : SF_LOCK_NO);
	return 0;
}

int wk_mlock_exec(struct sf_arena *a, const struct sf_seq_op *op, struct sf_slot *slot,
		      struct sf_event *ev)
{
	return lock_exec(a, op, slot, ev, 1);
}

int wk_munlock_exec(struct sf_arena *a, const struct sf_seq_op *op, struct sf_slot *slot,
			struct sf_event *ev)
{
	return lock_exec(a, op, slot, ev, 0);
}
