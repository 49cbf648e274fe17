// SPDX-License-Identifier: GPL-2.0
/*
 * Device accesses: translate through the IOTLB, walk on a miss, and on a
 * fault do what an I/O page-fault handler does (fixup_user_fault under
 * the mmap read lock, respond, let the device retry), a bounded number of
 * times. The word is read or written under the IOTLB lock, so once an
 * invalidation returns no access can still use what it removed: the
 * ordering an IOMMU's invalidation + sync gives.
 */
#include <linux/delay.h>
#include <linux/highmem.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/mm_inline.h>
#include <linux/pagemap.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "svatest.h"

enum svatest_try {
	SVATEST_TRY_DONE,	/* access made */
	SVATEST_TRY_FAULT,	/* device fault: run the fault handler */
	SVATEST_TRY_AGAIN,	/* the IOTLB changed under the walk: walk again */
};

/*
 * Caller holds c->lock. A write takes a reference on a folio that is not
 * yet dirty into *dirty, for svatest_mark_dirty() once the lock is gone.
 */
static void svatest_do_word(struct page *page, struct folio *folio,
			    struct svatest_access *a, struct folio **dirty)
{
	void *kaddr = kmap_local_page(page);
	u64 *p = kaddr + offset_in_page(a->va);

	if (a->write)
		WRITE_ONCE(*p, a->value);
	else
		a->value = READ_ONCE(*p);
	kunmap_local(kaddr);
	if (a->write && folio && !folio_test_dirty(folio) && folio_try_get(folio))
		*dirty = folio;
}

/* What a device's hardware dirty-bit update does for the CPU's writeback. */
static void svatest_mark_dirty(struct folio *folio)
{
	if (!folio)
		return;
	folio_lock(folio);
	folio_mark_dirty(folio);
	folio_unlock(folio);
	folio_put(folio);
}

static void svatest_count(struct svatest_ctx *c, u64 *counter)
{
	spin_lock_irq(&c->lock);
	(*counter)++;
	spin_unlock_irq(&c->lock);
}

/* Caller holds c->lock. A valid entry for vpn, or NULL. */
static struct svatest_tlbe *svatest_lookup(struct svatest_ctx *c, unsigned long vpn)
{
	struct svatest_tlbe *e = svatest_tlb_slot(c, vpn);

	return e->state == SVATEST_TLBE_VALID && e->vpn == vpn ? e : NULL;
}

/*
 * Caller holds c->lock: puts w in vpn's slot. Returns the reference of the
 * entry it evicted, for the caller to put; takes over w's reference when
 * entries hold them.
 */
static struct folio *svatest_insert(struct svatest_ctx *c, unsigned long vpn,
				    struct svatest_walk *w)
{
	struct svatest_tlbe *e = svatest_tlb_slot(c, vpn);
	struct folio *old = e->state != SVATEST_TLBE_EMPTY && e->ref ? e->folio : NULL;

	e->vpn = vpn;
	e->page = w->page;
	e->folio = w->folio;
	e->writable = w->writable;
	e->state = SVATEST_TLBE_VALID;
	e->ref = c->hold_refs && w->folio;
	if (e->ref)
		w->folio = NULL;
	return old;
}

/*
 * Caller holds c->lock (interrupts off). With no invalidation in flight,
 * a PTE can only have changed under a valid entry if the invalidation that
 * had to come with the change never reached it: range_start comes before
 * any such change and takes c->lock, so it cannot slip in while we look.
 *
 * In IOMMU style an invalidation is in flight until the CPU TLB flush
 * that carries it, and an mmu_gather defers that flush past range_end
 * (mprotect, and UFFDIO_WRITEPROTECT's resolve, which write-protects a
 * dirty shmem PTE on 6.12). tlb_gather_mmu raises tlb_flush_pending
 * before range_start, whose c->lock orders it before we look, and
 * tlb_finish_mmu drops it after the flush: while it is up, a changed PTE
 * under a valid entry is a CPU TLB's stale window, not a lost one.
 */
static void svatest_check_stale(struct svatest_ctx *c, const struct svatest_tlbe *e,
				struct svatest_access *a)
{
	if (c->brackets || c->dead)
		return;
	if (!c->mirror && mm_tlb_flush_pending(c->mm))
		return;
	a->stale = svatest_tlbe_stale(c->mm, e);
	if (a->stale)
		c->stats.stale_hits++;
}

/*
 * An access's stamps must bracket the instant the other CPUs can see it:
 * the clock read neither waits for an earlier store to leave the store
 * buffer nor keeps a later load from running before it.
 */
static u64 svatest_stamp_begin(void)
{
	u64 t = ktime_get_ns();

	rmb();	/* the word's load comes after the clock read */
	return t;
}

static u64 svatest_stamp_end(void)
{
	smp_mb();	/* the word's store is visible before the clock read */
	return ktime_get_ns();
}

/*
 * One attempt: hit, or walk and insert, or report a fault. *t0 is stamped
 * right before the translation the access finally uses.
 */
static enum svatest_try svatest_try(struct svatest_ctx *c, struct svatest_access *a,
				    u64 *t0, struct folio **dirty)
{
	unsigned long vpn = a->va >> PAGE_SHIFT, seq;
	struct folio *evicted = NULL;
	struct svatest_walk w;
	struct svatest_tlbe *e;
	enum svatest_try r;
	bool fits;

	*t0 = svatest_stamp_begin();
	spin_lock_irq(&c->lock);
	e = svatest_lookup(c, vpn);
	if (e && !a->stale)
		svatest_check_stale(c, e, a);
	if (e && (!a->write || e->writable)) {
		svatest_do_word(e->page, e->folio, a, dirty);
		c->stats.iotlb_hits++;
		spin_unlock_irq(&c->lock);
		return SVATEST_TRY_DONE;
	}
	c->stats.iotlb_misses++;
	seq = c->seq;
	spin_unlock_irq(&c->lock);
	/* A cached entry without the right: a permission fault, no walk. */
	if (e)
		return SVATEST_TRY_FAULT;

	if (svatest_walk(c->mm, a->va, &w))
		return SVATEST_TRY_AGAIN;
	if (!w.present)
		return SVATEST_TRY_FAULT;
	fits = !a->write || w.writable;
	spin_lock_irq(&c->lock);
	if (c->seq != seq || svatest_walks_held(c) || c->dead) {
		r = SVATEST_TRY_AGAIN;
	} else {
		if (fits) {
			*t0 = svatest_stamp_begin();
			svatest_do_word(w.page, w.folio, a, dirty);
		}
		/* SMMUv3 may keep a read-only translation that faults a write. */
		if (fits || c->arch == SVATEST_ARCH_SMMUV3)
			evicted = svatest_insert(c, vpn, &w);
		r = fits ? SVATEST_TRY_DONE : SVATEST_TRY_FAULT;
	}
	spin_unlock_irq(&c->lock);
	svatest_walk_put(&w);
	if (evicted)
		folio_put(evicted);
	return r;
}

/* The I/O page-fault handler. 0 = resolved (retry), else a negative errno. */
static int svatest_fault(struct svatest_ctx *c, struct svatest_access *a)
{
	unsigned long vpn = a->va >> PAGE_SHIFT;
	bool unlocked = false;
	int ret;

	if (c->arch == SVATEST_ARCH_VTD) {
		/* VT-d does not keep a translation that faulted. */
		spin_lock_irq(&c->lock);
		if (svatest_lookup(c, vpn))
			svatest_tlb_drop(c, vpn << PAGE_SHIFT, (vpn + 1) << PAGE_SHIFT);
		spin_unlock_irq(&c->lock);
		svatest_tlb_reap(c);
	}
	mmap_read_lock(c->mm);
	ret = fixup_user_fault(c->mm, a->va, a->write ? FAULT_FLAG_WRITE : 0, &unlocked);
	mmap_read_unlock(c->mm);
	return ret;
}

static int svatest_access_one(struct svatest_ctx *c, struct svatest_access *a)
{
	u64 first = ktime_get_ns(), t0;
	struct folio *dirty = NULL;
	enum svatest_try r;
	int ret;

	a->faults = 0;
	a->err = 0;
	a->stale = SVATEST_STALE_NONE;
	a->pad = 0;
	for (;;) {
		if (fatal_signal_pending(current))
			return -EINTR;
		r = svatest_try(c, a, &t0, &dirty);
		switch (r) {
		case SVATEST_TRY_DONE:
			a->t1 = svatest_stamp_end();
			/* a stale entry seen on an earlier try: that try's time counts */
			a->t0 = a->stale ? first : t0;
			a->outcome = SVATEST_OK;
			svatest_mark_dirty(dirty);
			return 0;
		case SVATEST_TRY_AGAIN:
			svatest_count(c, &c->stats.walk_retries);
			if (ktime_get_ns() - first < SVATEST_WALK_BUDGET_NS) {
				/* a mirror waits for the bracket to close, as HMM does */
				if (c->mirror && READ_ONCE(c->brackets))
					usleep_range(20, 50);
				break;
			}
			a->err = EBUSY;
			a->outcome = SVATEST_FAULT_LOOP;
			goto out;
		case SVATEST_TRY_FAULT:
			svatest_count(c, &c->stats.faults);
			if (++a->faults > c->max_retries) {
				svatest_count(c, &c->stats.fault_loops);
				a->outcome = SVATEST_FAULT_LOOP;
				goto out;
			}
			ret = svatest_fault(c, a);
			if (ret == -EINTR)
				return ret;
			if (ret) {
				a->err = -ret;
				a->outcome = SVATEST_FAULT;
				goto out;
			}
			break;
		}
		cond_resched();
	}
out:
	a->t0 = first;
	a->t1 = ktime_get_ns();
	return 0;
}

static bool svatest_access_ok(const struct svatest_ctx *c, const struct svatest_access *a)
{
	return !(a->va & 7) && a->va >= c->start && a->va < c->end && a->write <= 1;
}

int svatest_access_batch(struct svatest_ctx *c, struct svatest_batch *b)
{
	struct svatest_access __user *uacc = u64_to_user_ptr(b->accesses);
	struct svatest_access *acc;
	u32 i;
	int ret = 0;

	b->done = 0;
	if (!b->n)
		return 0;
	if (b->n > SVATEST_MAX_BATCH)
		return -E2BIG;
	acc = kvmalloc_array(b->n, sizeof(*acc), GFP_KERNEL);
	if (!acc)
		return -ENOMEM;
	if (copy_from_user(acc, uacc, b->n * sizeof(*acc))) {
		ret = -EFAULT;
		goto out;
	}
	for (i = 0; i < b->n; i++) {
		if (!svatest_access_ok(c, &acc[i])) {
			ret = -EINVAL;
			goto out;
		}
	}
	for (i = 0; i < b->n; i++) {
		ret = svatest_access_one(c, &acc[i]);
		if (ret)
			break;
		cond_resched();
	}
	b->done = i;
	spin_lock_irq(&c->lock);
	c->stats.accesses += i;
	spin_unlock_irq(&c->lock);
	svatest_tlb_reap(c);
	if (copy_to_user(uacc, acc, i * sizeof(*acc)))
		ret = -EFAULT;
	else if (i)
		ret = 0;
out:
	kvfree(acc);
	return ret;
}
