/* SPDX-License-Identifier: GPL-2.0 */
/*
 * svatest internals: one context per open file. The context binds an mm
 * through mmu_notifier, holds a small software IOTLB (virtual page ->
 * page + writable) and logs every invalidation it receives.
 */
#ifndef SVATEST_H
#define SVATEST_H

#include <linux/mm.h>
#include <linux/mmu_notifier.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include "svatest_uapi.h"

#define SVATEST_IOTLB_SIZE	256	/* direct-mapped entries */
#define SVATEST_LOG_SIZE	4096	/* invalidation records kept */
#define SVATEST_NDELAYED	64	/* invalidations the delay knob can hold */
/*
 * How long a walk may keep racing invalidations before the access gives
 * up (EBUSY). A mirror waits out open brackets, and a fork of a big mm
 * under TCG keeps one open for tens of milliseconds: a count of retries
 * ran out inside one and reported a fault loop that was not.
 */
#define SVATEST_WALK_BUDGET_NS	(2 * NSEC_PER_SEC)

/*
 * 6.6 renamed the secondary-TLB hook: it used to be .invalidate_range,
 * which the core also called from invalidate_range_end. Kbuild detects it.
 */
#ifdef SVATEST_HAVE_SECONDARY_TLBS
#define SVATEST_SECONDARY_OP arch_invalidate_secondary_tlbs
#else
#define SVATEST_SECONDARY_OP invalidate_range
#endif

enum svatest_tlbe_state {
	SVATEST_TLBE_EMPTY,
	SVATEST_TLBE_VALID,
	SVATEST_TLBE_STALE,	/* invalidated; its folio reference not yet put */
};

struct svatest_tlbe {
	unsigned long vpn;
	struct page *page;
	struct folio *folio;	/* NULL for the zero page */
	u8 state;
	bool writable;
	bool ref;		/* we hold a reference on folio */
};

struct svatest_delayed {
	unsigned long start, end;
	u64 due;
};

struct svatest_ctx {
	struct mmu_notifier iommu_sub;	/* secondary-TLB hook (IOMMU style) */
	/*
	 * invalidate_range_start/end: in mirror style the device drops entries
	 * at start; in IOMMU style it only counts brackets, for the stale check.
	 */
	struct mmu_notifier mirror_sub;
	struct mutex bind_lock;		/* bind vs close */
	struct mm_struct *mm;		/* mmgrab()ed at bind */
	bool bound, mirror;
	unsigned long start, end;	/* bound range */
	u32 arch, knobs, drop_pct, delay_us, max_retries;
	/*
	 * Entries hold folio references only when a knob is on: a knob makes
	 * stale entries on purpose, and a referenced page is never reused.
	 * Otherwise, like an IOMMU, they hold none: a reference would turn
	 * the COW reuse of the 2023 arm64 bug into a copy and hide it.
	 */
	bool hold_refs;

	spinlock_t lock;		/* everything below */
	bool dead;			/* mm released: accesses fail */
	unsigned long seq;		/* bumped by every invalidation in range */
	int brackets;			/* range_start without its end, any mode */
	u32 rnd;			/* drop knob's generator */
	struct svatest_tlbe tlb[SVATEST_IOTLB_SIZE];
	struct svatest_inval *log;
	u64 log_head;			/* records written since bind */
	u64 log_tail;			/* records read */
	struct svatest_delayed delayed[SVATEST_NDELAYED];
	unsigned int ndelayed;
	struct delayed_work delay_work;
	struct svatest_stats stats;
};

/* A mirror holds its walks while a range_start has no end yet. Caller holds c->lock. */
static inline bool svatest_walks_held(const struct svatest_ctx *c)
{
	return c->mirror && c->brackets;
}

/* svatest_iotlb.c */
struct svatest_walk {
	struct page *page;
	struct folio *folio;	/* referenced; NULL for the zero page */
	bool present, writable;
};

int svatest_walk(struct mm_struct *mm, unsigned long va, struct svatest_walk *w);
void svatest_walk_put(struct svatest_walk *w);
bool svatest_pte_upgraded(struct mm_struct *mm, const struct svatest_tlbe *e);
u32 svatest_tlbe_stale(struct mm_struct *mm, const struct svatest_tlbe *e);
struct svatest_tlbe *svatest_tlb_slot(struct svatest_ctx *c, unsigned long vpn);
unsigned int svatest_tlb_drop(struct svatest_ctx *c, unsigned long start,
			      unsigned long end);
void svatest_tlb_reap(struct svatest_ctx *c);

/* svatest_notify.c */
int svatest_notify_bind(struct svatest_ctx *c);
void svatest_notify_unbind(struct svatest_ctx *c);
int svatest_inval_read(struct svatest_ctx *c, struct svatest_inval_read *r);

/* svatest_cow.c: which tasks are inside the write-fault (COW) path */
int svatest_cow_get(void);
void svatest_cow_put(void);
bool svatest_in_cow(void);
u64 svatest_cow_missed(void);

/* svatest_access.c */
int svatest_access_batch(struct svatest_ctx *c, struct svatest_batch *b);

#endif
