/*
 * mlock / munlock: no content or permission effect (KEEP). They matter to
 * the model because madvise refuses mlocked VMAs, so the lock state is
 * tracked per page (a->locked: 2 when a failure leaves it uncertain).
 * Like mprotect, they walk VMA by VMA and stop at a hole with ENOMEM.
 */
#include <errno.h>
#include <sys/mman.h>
#include "../clock.h"
#include "wk.h"

int wk_mlock_supported(char *why, size_t n)
{
	return 0;
}

int wk_munlock_supported(char *why, size_t n)
{
	return 0;
}

static void set_locked(struct sf_arena *a, const struct sf_seq_op *op, int ret, uint8_t v)
{
	for (uint32_t i = 0; i < op->npages; i++) {
		uint32_t p = op->page + i;

		if (ret == 0)
			a->locked[p] = v;
		else if (wk_mapped(a, p) || wk_unknown(a, p))
			a->locked[p] = 2;	/* a prefix may have changed */
	}
}

static int lock_exec(struct sf_arena *a, const struct sf_seq_op *op, struct sf_slot *slot,
		     struct sf_event *ev, int lock)
{
	void *addr = wk_addr(a, op->page);
	size_t len = wk_len(a, op->npages);
	int ret;

	wk_event_init(ev, op);
	ev->t0 = wk_begin(slot);
	ret = lock ? mlock(addr, len) : munlock(addr, len);
	ev->err = ret ? (uint32_t)errno : 0;
	ev->t1 = sf_now_ns();
	ev->outcome = ret ? SF_FAILED : SF_OK;
	/* content and permissions are untouched even when it fails half-way */
	set_locked(a, op, ret, lock ? 1 : 0);
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
