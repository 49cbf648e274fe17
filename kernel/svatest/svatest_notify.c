// SPDX-License-Identifier: GPL-2.0
/*
 * mmu_notifier side: the invalidations the device receives, what its bug
 * knobs do to them, and the log the daemon reads to check that every
 * permission reduction was followed by an invalidation in time.
 *
 * Two subscriptions, because since 6.6 one may not have both the
 * secondary-TLB hook and invalidate_range_start/end.
 */
#include <linux/ktime.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "svatest.h"

/* Caller holds c->lock. */
static void svatest_log(struct svatest_ctx *c, unsigned long start,
			unsigned long end, u64 t, u32 kind, u32 flags)
{
	struct svatest_inval *r = &c->log[c->log_head % SVATEST_LOG_SIZE];

	r->start = start;
	r->end = end;
	r->t = t;
	r->kind = kind;
	r->flags = flags;
	c->log_head++;
	if (c->log_head - c->log_tail > SVATEST_LOG_SIZE) {
		c->log_tail = c->log_head - SVATEST_LOG_SIZE;
		c->stats.inval_lost++;
	}
}

/* xorshift32: the drop knob needs cheap noise, not good noise. */
static u32 svatest_rand(struct svatest_ctx *c)
{
	u32 x = c->rnd;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	c->rnd = x;
	return x;
}

/* Caller holds c->lock. True when every cached entry in range was upgraded. */
static bool svatest_only_upgrades(struct svatest_ctx *c, unsigned long start,
				  unsigned long end, bool *hit)
{
	unsigned int i;

	*hit = false;
	for (i = 0; i < SVATEST_IOTLB_SIZE; i++) {
		struct svatest_tlbe *e = &c->tlb[i];
		unsigned long va = e->vpn << PAGE_SHIFT;

		if (e->state != SVATEST_TLBE_VALID || va >= end || va + PAGE_SIZE <= start)
			continue;
		*hit = true;
		if (!svatest_pte_upgraded(c->mm, e))
			return false;
	}
	return *hit;
}

/* Caller holds c->lock. Queues [start, end) for the delay knob; false if full. */
static bool svatest_delay(struct svatest_ctx *c, unsigned long start,
			  unsigned long end, u64 now)
{
	struct svatest_delayed *d;

	if (c->ndelayed == SVATEST_NDELAYED)
		return false;
	d = &c->delayed[c->ndelayed++];
	d->start = start;
	d->end = end;
	d->due = now + (u64)c->delay_us * NSEC_PER_USEC;
	if (c->ndelayed == 1)
		mod_delayed_work(system_wq, &c->delay_work, usecs_to_jiffies(c->delay_us));
	return true;
}

static void svatest_delay_fn(struct work_struct *work)
{
	struct svatest_ctx *c = container_of(to_delayed_work(work), struct svatest_ctx,
					     delay_work);
	unsigned int i, kept = 0;
	u64 now = ktime_get_ns(), next = 0;

	spin_lock_irq(&c->lock);
	for (i = 0; i < c->ndelayed; i++) {
		struct svatest_delayed *d = &c->delayed[i];

		if (d->due <= now) {
			svatest_tlb_drop(c, d->start, d->end);
			continue;
		}
		if (!next || d->due < next)
			next = d->due;
		c->delayed[kept++] = *d;
	}
	c->ndelayed = kept;
	if (kept)
		mod_delayed_work(system_wq, &c->delay_work,
				 nsecs_to_jiffies(next - now) + 1);
	spin_unlock_irq(&c->lock);
	svatest_tlb_reap(c);
}

/*
 * One invalidation of [start, end) of kind. Runs in atomic context (the
 * secondary-TLB hook is called under the page table lock).
 */
static void svatest_invalidate(struct svatest_ctx *c, unsigned long start,
			       unsigned long end, u32 kind)
{
	u64 now = ktime_get_ns();
	unsigned long flags;
	u32 f = 0;
	bool hit;

	start = max(start, c->start);
	end = min(end, c->end);
	if (start >= end)
		return;
	spin_lock_irqsave(&c->lock, flags);
	c->seq++;
	c->stats.invals++;
	if (kind == SVATEST_INV_START)
		c->brackets++;
	if (kind == SVATEST_INV_END) {
		/* the entries went at start; end only reopens the range to walks */
		if (c->brackets > 0)
			c->brackets--;
		goto log;
	}
	if (kind == SVATEST_INV_SECONDARY && (c->knobs & SVATEST_KNOB_IGNORE_INVAL)) {
		f |= SVATEST_INVF_IGNORED;
		goto log;
	}
	if ((c->knobs & SVATEST_KNOB_IGNORE_COW) && kind != SVATEST_INV_RELEASE &&
	    svatest_in_cow()) {
		f |= SVATEST_INVF_IGNORED;
		goto log;
	}
	if ((c->knobs & SVATEST_KNOB_DROP_INVAL) && svatest_rand(c) % 100 < c->drop_pct) {
		f |= SVATEST_INVF_IGNORED;
		goto log;
	}
	if ((c->knobs & SVATEST_KNOB_RANGE_OFF_BY_ONE) && kind != SVATEST_INV_RELEASE) {
		end -= PAGE_SIZE;
		f |= SVATEST_INVF_CLIPPED;
	}
	if (kind == SVATEST_INV_SECONDARY && svatest_only_upgrades(c, start, end, &hit)) {
		f |= SVATEST_INVF_UPGRADE;
		if (c->knobs & SVATEST_KNOB_IGNORE_UPGRADE) {
			f |= SVATEST_INVF_IGNORED | SVATEST_INVF_HIT;
			goto log;
		}
	}
	if ((c->knobs & SVATEST_KNOB_DELAY_INVAL) && kind != SVATEST_INV_RELEASE &&
	    svatest_delay(c, start, end, now)) {
		f |= SVATEST_INVF_DELAYED;
		goto log;
	}
	if (svatest_tlb_drop(c, start, end))
		f |= SVATEST_INVF_HIT;
	f |= SVATEST_INVF_APPLIED;
log:
	if (f & SVATEST_INVF_IGNORED)
		c->stats.invals_ignored++;
	if (f & SVATEST_INVF_APPLIED)
		c->stats.invals_applied++;
	svatest_log(c, start, end, now, kind, f);
	spin_unlock_irqrestore(&c->lock, flags);
}

static void svatest_secondary(struct mmu_notifier *sub, struct mm_struct *mm,
			      unsigned long start, unsigned long end)
{
	svatest_invalidate(container_of(sub, struct svatest_ctx, iommu_sub),
			   start, end, SVATEST_INV_SECONDARY);
}

static int svatest_range_start(struct mmu_notifier *sub,
			       const struct mmu_notifier_range *r)
{
	svatest_invalidate(container_of(sub, struct svatest_ctx, mirror_sub),
			   r->start, r->end, SVATEST_INV_START);
	return 0;
}

static void svatest_range_end(struct mmu_notifier *sub,
			      const struct mmu_notifier_range *r)
{
	svatest_invalidate(container_of(sub, struct svatest_ctx, mirror_sub),
			   r->start, r->end, SVATEST_INV_END);
}

/* The mm is going away (exit, or unregister): stop the device for good. */
static void svatest_release(struct svatest_ctx *c)
{
	spin_lock_irq(&c->lock);
	if (!c->dead) {
		c->dead = true;
		c->seq++;
		svatest_tlb_drop(c, 0, ULONG_MAX);
		svatest_log(c, c->start, c->end, ktime_get_ns(), SVATEST_INV_RELEASE,
			    SVATEST_INVF_APPLIED);
	}
	spin_unlock_irq(&c->lock);
	svatest_tlb_reap(c);
}

static void svatest_iommu_release(struct mmu_notifier *sub, struct mm_struct *mm)
{
	svatest_release(container_of(sub, struct svatest_ctx, iommu_sub));
}

static void svatest_mirror_release(struct mmu_notifier *sub, struct mm_struct *mm)
{
	svatest_release(container_of(sub, struct svatest_ctx, mirror_sub));
}

/*
 * IOMMU style: range_start/end only count brackets. The entries go when
 * the secondary-TLB hook comes, somewhere inside the bracket.
 */
static void svatest_track(struct svatest_ctx *c, const struct mmu_notifier_range *r,
			  int d)
{
	unsigned long flags;

	if (max(r->start, c->start) >= min(r->end, c->end))
		return;
	spin_lock_irqsave(&c->lock, flags);
	if (d > 0 || c->brackets > 0)
		c->brackets += d;
	spin_unlock_irqrestore(&c->lock, flags);
}

static int svatest_track_start(struct mmu_notifier *sub,
			       const struct mmu_notifier_range *r)
{
	svatest_track(container_of(sub, struct svatest_ctx, mirror_sub), r, 1);
	return 0;
}

static void svatest_track_end(struct mmu_notifier *sub,
			      const struct mmu_notifier_range *r)
{
	svatest_track(container_of(sub, struct svatest_ctx, mirror_sub), r, -1);
}

static const struct mmu_notifier_ops svatest_iommu_ops = {
	.release = svatest_iommu_release,
	.SVATEST_SECONDARY_OP = svatest_secondary,
};

static const struct mmu_notifier_ops svatest_mirror_ops = {
	.release = svatest_mirror_release,
	.invalidate_range_start = svatest_range_start,
	.invalidate_range_end = svatest_range_end,
};

static const struct mmu_notifier_ops svatest_track_ops = {
	.invalidate_range_start = svatest_track_start,
	.invalidate_range_end = svatest_track_end,
};

/* Called with bind_lock held, c->mm grabbed and current->mm == c->mm. */
int svatest_notify_bind(struct svatest_ctx *c)
{
	int ret;

	c->log = kvcalloc(SVATEST_LOG_SIZE, sizeof(*c->log), GFP_KERNEL);
	if (!c->log)
		return -ENOMEM;
	c->rnd = get_random_u32() | 1;
	INIT_DELAYED_WORK(&c->delay_work, svatest_delay_fn);
	/*
	 * Subscriptions are called newest first: registering the bracket
	 * counter first makes its range_end come after the secondary-TLB
	 * hook that < 6.6 calls from range_end.
	 */
	c->mirror_sub.ops = c->mirror ? &svatest_mirror_ops : &svatest_track_ops;
	ret = mmu_notifier_register(&c->mirror_sub, c->mm);
	if (ret)
		goto free_log;
	c->iommu_sub.ops = &svatest_iommu_ops;
	ret = mmu_notifier_register(&c->iommu_sub, c->mm);
	if (ret)
		goto unreg_mirror;
	if (c->knobs & SVATEST_KNOB_IGNORE_COW) {
		ret = svatest_cow_get();
		if (ret)
			goto unreg;
	}
	return 0;
unreg:
	mmu_notifier_unregister(&c->iommu_sub, c->mm);
unreg_mirror:
	mmu_notifier_unregister(&c->mirror_sub, c->mm);
free_log:
	kvfree(c->log);
	c->log = NULL;
	return ret;
}

/* Undoes svatest_notify_bind; the mm may already be gone (release ran). */
void svatest_notify_unbind(struct svatest_ctx *c)
{
	if (c->knobs & SVATEST_KNOB_IGNORE_COW)
		svatest_cow_put();
	mmu_notifier_unregister(&c->mirror_sub, c->mm);
	mmu_notifier_unregister(&c->iommu_sub, c->mm);
	cancel_delayed_work_sync(&c->delay_work);
	svatest_release(c);
	kvfree(c->log);
	c->log = NULL;
}

int svatest_inval_read(struct svatest_ctx *c, struct svatest_inval_read *r)
{
	struct svatest_inval __user *ubuf = u64_to_user_ptr(r->buf);
	struct svatest_inval tmp[16];
	u32 want = min_t(u32, r->n, SVATEST_LOG_SIZE);
	unsigned int i, n;

	r->got = 0;
	while (r->got < want) {
		spin_lock_irq(&c->lock);
		n = min_t(u64, c->log_head - c->log_tail, min_t(u32, want - r->got,
							       ARRAY_SIZE(tmp)));
		for (i = 0; i < n; i++)
			tmp[i] = c->log[(c->log_tail + i) % SVATEST_LOG_SIZE];
		c->log_tail += n;
		r->lost = c->stats.inval_lost;
		spin_unlock_irq(&c->lock);
		if (!n)
			break;
		if (copy_to_user(ubuf + r->got, tmp, n * sizeof(tmp[0])))
			return -EFAULT;
		r->got += n;
	}
	return 0;
}
