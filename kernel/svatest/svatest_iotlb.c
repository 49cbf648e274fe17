// SPDX-License-Identifier: GPL-2.0
/*
 * The software IOTLB and the page walk that fills it.
 *
 * The walk reads the CPU page table locklessly with interrupts off, as
 * GUP-fast does, because that is what an IOMMU's table walker does: it
 * never takes the mmap lock. Each entry holds a folio reference, so a
 * stale entry (a bug knob, or a kernel that forgot to invalidate) reads
 * and writes a page that is detached from the process but never reused:
 * the oracle sees the stale access, and the guest kernel stays intact.
 * That is with a bug knob on (c->hold_refs); without one the entries hold
 * no reference, as an IOMMU's do not: a correct kernel invalidates an
 * entry, under our lock, before it frees the page.
 */
#include <linux/mm.h>
#include <linux/pgtable.h>
#include "svatest.h"

#ifndef pmdp_get_lockless
#define pmdp_get_lockless(pmdp) READ_ONCE(*(pmdp))
#endif

struct svatest_leaf {
	unsigned long pfn;
	bool present, writable;
	bool protnone;		/* PROT_NONE or a NUMA hint: still the page's PTE */
	pmd_t *pmdp;
	pmd_t pmd;
	pte_t *ptep;		/* NULL for a PMD leaf */
	pte_t pte;
};

/*
 * Reads the translation of va. Call with interrupts off: freeing page
 * tables waits for them (IPI or RCU), so every level stays valid.
 * The device behaves like one with hardware dirty tracking (SVA needs it
 * when the CPU uses hardware dirty bits): a writable clean PTE is
 * writable, and the access path marks the folio dirty instead.
 */
static void svatest_read_leaf(struct mm_struct *mm, unsigned long va,
			      struct svatest_leaf *l)
{
	pgd_t *pgdp, pgd;
	p4d_t *p4dp, p4d;
	pud_t *pudp, pud;

	memset(l, 0, sizeof(*l));
	pgdp = pgd_offset(mm, va);
	pgd = READ_ONCE(*pgdp);
	if (pgd_none(pgd) || pgd_bad(pgd))
		return;
	p4dp = p4d_offset_lockless(pgdp, pgd, va);
	p4d = READ_ONCE(*p4dp);
	if (p4d_none(p4d) || p4d_bad(p4d))
		return;
	pudp = pud_offset_lockless(p4dp, p4d, va);
	pud = READ_ONCE(*pudp);
	if (pud_none(pud) || pud_leaf(pud) || pud_bad(pud))
		return;
	l->pmdp = pmd_offset_lockless(pudp, pud, va);
	l->pmd = pmdp_get_lockless(l->pmdp);
	if (!pmd_present(l->pmd))
		return;
	if (pmd_leaf(l->pmd)) {
		/* PROT_NONE or a NUMA hint: present, but not for user access */
		if (!pmd_access_permitted(l->pmd, false)) {
			l->protnone = true;
			return;
		}
		l->pfn = pmd_pfn(l->pmd) + ((va & ~PMD_MASK) >> PAGE_SHIFT);
		l->writable = pmd_write(l->pmd);
		l->present = true;
		return;
	}
	if (pmd_bad(l->pmd))
		return;
	l->ptep = pte_offset_kernel(&l->pmd, va);
	l->pte = ptep_get_lockless(l->ptep);
	if (!pte_present(l->pte))
		return;
	/*
	 * What GUP-fast checks: pte_protnone() is a stub without NUMA
	 * balancing, and a PROT_NONE PTE is present on x86 and arm64.
	 */
	if (!pte_access_permitted(l->pte, false)) {
		l->protnone = true;
		return;
	}
	l->pfn = pte_pfn(l->pte);
	if (pte_special(l->pte) && !is_zero_pfn(l->pfn))
		return;
	l->writable = pte_write(l->pte);
	l->present = true;
}

static bool svatest_leaf_changed(const struct svatest_leaf *l)
{
	if (pmd_val(l->pmd) != pmd_val(pmdp_get_lockless(l->pmdp)))
		return true;
	return l->ptep && !pte_same(l->pte, ptep_get_lockless(l->ptep));
}

/*
 * Fills w with va's translation and a reference on its folio. Returns 0
 * (w->present says whether there is one) or -EAGAIN when the table
 * changed under the walk.
 */
int svatest_walk(struct mm_struct *mm, unsigned long va, struct svatest_walk *w)
{
	struct svatest_leaf l;
	struct folio *folio;
	unsigned long flags;
	int ret = 0;

	memset(w, 0, sizeof(*w));
	local_irq_save(flags);
	svatest_read_leaf(mm, va, &l);
	if (!l.present || !pfn_valid(l.pfn))
		goto out;
	w->page = pfn_to_page(l.pfn);
	if (is_zero_pfn(l.pfn)) {
		w->present = true;
		goto out;
	}
	folio = page_folio(w->page);
	if (!folio_try_get(folio)) {
		ret = -EAGAIN;
		goto out;
	}
	if (page_folio(w->page) != folio || svatest_leaf_changed(&l)) {
		folio_put(folio);
		ret = -EAGAIN;
		goto out;
	}
	w->folio = folio;
	w->present = true;
	w->writable = l.writable;
out:
	local_irq_restore(flags);
	return ret;
}

void svatest_walk_put(struct svatest_walk *w)
{
	if (w->folio)
		folio_put(w->folio);
	w->folio = NULL;
}

/*
 * True when e's page is still mapped at e's address with at least e's
 * rights: an invalidation that finds only such entries followed an
 * upgrade (or nothing), never a reduction.
 */
bool svatest_pte_upgraded(struct mm_struct *mm, const struct svatest_tlbe *e)
{
	struct svatest_leaf l;
	unsigned long flags;

	local_irq_save(flags);
	svatest_read_leaf(mm, e->vpn << PAGE_SHIFT, &l);
	local_irq_restore(flags);
	return l.present && l.pfn == page_to_pfn(e->page) &&
		(l.writable || !e->writable);
}

/*
 * Why e no longer matches the CPU page table (SVATEST_STALE_*), or
 * SVATEST_STALE_NONE. Call with interrupts off. Only the pfn is compared:
 * e->page may be a freed page when the kernel forgot an invalidation. A
 * PROT_NONE PTE is not judged: NUMA balancing makes them outside any
 * syscall and flushes after invalidate_range_end, and the oracle judges
 * an access to a PROT_NONE page on its own.
 */
u32 svatest_tlbe_stale(struct mm_struct *mm, const struct svatest_tlbe *e)
{
	struct svatest_leaf l;

	svatest_read_leaf(mm, e->vpn << PAGE_SHIFT, &l);
	if (l.protnone)
		return SVATEST_STALE_NONE;
	if (!l.present)
		return SVATEST_STALE_UNMAPPED;
	if (l.pfn != page_to_pfn(e->page))
		return SVATEST_STALE_REPLACED;
	if (e->writable && !l.writable)
		return SVATEST_STALE_WRITE;
	return SVATEST_STALE_NONE;
}

struct svatest_tlbe *svatest_tlb_slot(struct svatest_ctx *c, unsigned long vpn)
{
	return &c->tlb[vpn % SVATEST_IOTLB_SIZE];
}

/* Marks valid entries in [start, end) stale; caller holds c->lock. */
unsigned int svatest_tlb_drop(struct svatest_ctx *c, unsigned long start,
			      unsigned long end)
{
	unsigned long first = start >> PAGE_SHIFT;
	unsigned long last = (end - 1) >> PAGE_SHIFT;
	unsigned int i, n = 0;

	if (end <= start)
		return 0;
	for (i = 0; i < SVATEST_IOTLB_SIZE; i++) {
		struct svatest_tlbe *e = &c->tlb[i];

		if (e->state != SVATEST_TLBE_VALID || e->vpn < first || e->vpn > last)
			continue;
		e->state = SVATEST_TLBE_STALE;
		n++;
	}
	c->stats.entries_dropped += n;
	return n;
}

/* Puts the references of stale entries (process context, c->lock not held). */
void svatest_tlb_reap(struct svatest_ctx *c)
{
	struct folio *batch[16];
	unsigned int i, n;

	do {
		n = 0;
		spin_lock_irq(&c->lock);
		for (i = 0; i < SVATEST_IOTLB_SIZE && n < ARRAY_SIZE(batch); i++) {
			struct svatest_tlbe *e = &c->tlb[i];

			if (e->state != SVATEST_TLBE_STALE)
				continue;
			if (e->ref)
				batch[n++] = e->folio;
			e->ref = false;
			e->folio = NULL;
			e->page = NULL;
			e->state = SVATEST_TLBE_EMPTY;
		}
		spin_unlock_irq(&c->lock);
		for (i = 0; i < n; i++)
			folio_put(batch[i]);
	} while (n == ARRAY_SIZE(batch));
}
